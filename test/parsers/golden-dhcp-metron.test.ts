/**
 * Cross-check against Apache Metron's published parse of its Infoblox sample (GrokInfobloxParsed.jsonl):
 * wherever a Metron field means the same thing as ours, the values must agree. Metron assumed year 2016 and UTC.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeIp, normalizeMac, parseDhcpLine, parseSyslogHeader } from '../../src/parsers/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const metronDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'external', 'apache-metron-infoblox');

interface MetronParse {
  original_string: string;
  priority: number;
  timestamp: number;
  ip_address: string;
  process?: string;
  dhcp_type?: string;
  src_mac?: string;
  dst_mac?: string;
  dhcp_hostname?: string;
  dhcp_requested_ip?: string;
  ip_dst_addr?: string;
  ip_src_addr?: string;
  dhcp_uid?: string;
  dhcp_lease_duration?: number;
  dhcp_options?: string;
  dhcp_interface?: string;
  dhcp_relay_ip?: string;
  message?: string;
}

const raw = readFileSync(path.join(metronDir, 'InfobloxExampleOutput.log'), 'utf8').split('\n').filter((l) => l !== '');
const expected = readFileSync(path.join(metronDir, 'GrokInfobloxParsed.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as MetronParse);
const ctx = { ingestTime: Date.parse('2016-06-01T00:00:00Z'), timeZone: 'UTC' };

describe('Metron Infoblox sample: our parse vs Metron’s', () => {
  it('pairs every raw line with its Metron parse', () => {
    expect(raw).toHaveLength(17);
    expect(expected.map((e) => e.original_string)).toEqual(raw);
  });

  it.each(expected.map((e, i) => [i + 1, e] as const))('line %i: header fields agree', (_n, metron) => {
    const header = parseSyslogHeader(metron.original_string, ctx);
    expect(header).not.toBeNull();
    expect(header!.pri).toBe(metron.priority);
    expect(header!.time).toBe(metron.timestamp);
    expect(header!.host).toBe(metron.ip_address);
  });

  it.each(expected.map((e, i) => [i + 1, e] as const))('line %i: DHCP fields agree', (n, metron) => {
    const result = parseDhcpLine(metron.original_string, { object: 'metron', line: n, offset: 0 }, ctx);
    if (metron.process !== 'dhcpd') {
      expect(result.ok ? 'record' : result.reason).toBe('not_dhcp');
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const r = result.record;
    expect(r.eventTime).toBe(metron.timestamp);
    if (metron.message?.startsWith('r-l-e:')) {
      // Metron leaves lease events unparsed; check them against the fields of the raw text instead.
      expect(r).toMatchObject({ messageType: 'LEASE_EVENT', ip: '107.120.246.124', leaseEvent: 'Renewed', mac: 'a0:cc:d9:80:07:e3' });
      expect([r.leaseStart, r.leaseEnd]).toEqual([1_457_708_974_000, 1_458_400_174_000]);
      return;
    }
    expect(r.messageType).toBe(metron.dhcp_type);
    const metronMac = metron.src_mac ?? metron.dst_mac;
    expect(r.mac).toBe(metronMac === undefined ? null : normalizeMac(metronMac));
    const metronIp = metron.dhcp_requested_ip ?? metron.ip_dst_addr ?? metron.ip_src_addr;
    if (metronIp !== undefined) expect(r.ip).toBe(normalizeIp(metronIp));
    // Metron's grok drops the granted address of `DHCPACK on <ip>`; ours must be exactly that token.
    else expect(metron.original_string).toContain(`${r.messageType} on ${r.ip} to `);
    expect(r.hostname).toBe(metron.dhcp_hostname ?? null);
    expect(r.clientId).toBe(metron.dhcp_uid ?? null);
    expect(r.leaseSeconds).toBe(metron.dhcp_lease_duration ?? null);
    expect(r.renew).toBe(metron.dhcp_options === 'RENEW');
    // Metron files `via <iface>` under dhcp_interface and `via <ip>` / `relay <ip>` under dhcp_relay_ip.
    if (metron.dhcp_interface !== undefined) expect(r.via).toBe(metron.dhcp_interface);
    if (metron.dhcp_relay_ip !== undefined) expect(r.relay ?? r.via).toBe(metron.dhcp_relay_ip);
    expect(r.informAck).toBe(metron.dhcp_type === 'DHCPACK' && metron.ip_dst_addr !== undefined);
  });
});
