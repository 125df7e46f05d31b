/** Property tests: whatever the input, the DHCP parser returns a record or a reason, keeps the raw line, never throws. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeIp, normalizeMac, parseDhcpLine, type DhcpRecord, type LineRef, type ParseResult } from '../../src/parsers/index.js';

const ref: LineRef = { object: 'landing/dhcp/x.log', line: 1, offset: 0 };
const ctx = { ingestTime: Date.parse('2026-11-28T00:00:00Z'), timeZone: 'Europe/Berlin' };

const REASONS = new Set(['empty_line', 'binary_garbage', 'line_too_long', 'unparseable_header', 'unparseable_timestamp', 'not_dhcp', 'unknown_dhcp_message', 'unparseable_dhcp_message']);

const SEEDS = [
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[17530]: DHCPACK on 192.168.0.4 to 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 relay eth3 lease-duration 1800 (RENEW) uid 01:00:50:56:83:6c:a0',
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[2567]: DHCPOFFER on 192.168.0.4 to 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 relay eth3 lease-duration 119 offered-duration 1800 uid 01:00:50:56:83:6c:a0',
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[2567]: DHCPREQUEST for 192.168.0.4 (192.168.0.1) from 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 TransID 54737448 uid 01:00:50:56:83:6c:a0 (RENEW)',
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[1761]: DHCPRELEASE of 192.168.0.4 from 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 (found) TransID 0286f3d0 uid 01:00:50:56:83:6c:a0',
  '<30>Mar 27 08:32:59 infoblox.localdomain 10.0.0.1 dhcpd[7024]: DHCPDISCOVER from 00:50:56:83:6c:a0 via eth3 TransID b5e92c59 uid 01:00:50:56:83:6c:a0',
  '<30>Mar 18 11:44:52 10.0.0.1 dhcpd[32243]: DHCPDECLINE of 192.168.0.4 from 34:29:8f:71:b8:99 via 10.10.4.1 TransID 00000000: not found',
  '<30>Mar 27 08:32:59 10.0.0.1 dhcpd[2750]: DHCPDISCOVER from 00:50:56:83:d0:f6 via eth1 TransID 6214ab45: network 10.50.0.0/20: no free leases',
  '<30>Mar 11 10:09:34 122.214.23.121 dhcpd[31169]: r-l-e:107.120.246.124,Renewed,SEPA0CF5B810783,a0:cc:d9:80:07:e3,1457708974,1458400174,,$',
  '<30>Mar 11 10:09:34 101.2.2.18 dhcpd[32282]: DHCPACK to 172.131.101.173 (01:5e:5f:a1:3e:86) via eth2',
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[20397]: DHCPEXPIRE on 192.168.0.4 to 00:50:56:83:6c:a0',
  '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[6939]: DHCPLEASEQUERY from 192.168.0.4: LEASEQUERY not allowed, query ignored',
  'Jul 13 09:08:00 dhcpd[3761]: DHCPINFORM from 10.0.0.4 via eth2',
];

/** Checks the contract every result must honour, and the invariants of a record's fields. */
function checkShape(line: string, result: ParseResult<DhcpRecord>): void {
  expect(result.lines).toEqual([ref]);
  if (!result.ok) {
    expect(REASONS.has(result.reason)).toBe(true);
    expect(result.raw).toEqual([line]);
    expect(result.detail).not.toMatch(/internal error/);
    return;
  }
  const r = result.record;
  expect(r.source).toBe('dhcp');
  expect(Number.isFinite(r.eventTime)).toBe(true);
  if (r.ip !== null) expect(normalizeIp(r.ip)).toBe(r.ip);
  if (r.mac !== null) expect(normalizeMac(r.mac)).toBe(r.mac);
  if (r.leaseSeconds !== null) expect(r.leaseSeconds).toBeGreaterThanOrEqual(0);
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(), text: fc.constantFrom('(', ')', ':', '::', 'via', 'on', 'to', 'from', '(RENEW)', 'uid', 'relay', 'lease-duration', '0.0.0.0', '300.1.1.1', '00:11:22:33:44', '<no identifier>', '\u0000', '\ufffd', '   ', '-1') }),
);

type Mutation = { kind: 'truncate' | 'delete' | 'insert' | 'token'; at: number; len?: number; text?: string };

function mutate(line: string, steps: readonly Mutation[]): string {
  let s = line;
  for (const m of steps) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'truncate') s = s.slice(0, at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + (m.len ?? 1));
    else s = s.slice(0, at) + (m.kind === 'token' ? ` ${m.text} ` : m.text) + s.slice(at);
  }
  return s;
}

describe('DHCP parser properties', () => {
  it('random text (any unicode, control characters) never throws and always yields record-or-reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (line) => {
        checkShape(line, parseDhcpLine(line, ref, ctx));
      }),
      { numRuns: 600 },
    );
  });

  it('random text after a valid dhcpd header never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom('DHCPACK', 'DHCPOFFER', 'DHCPREQUEST', 'DHCPRELEASE', 'r-l-e:', 'DHCPINFORM', ''), fc.string({ maxLength: 200 }), (kw, tail) => {
        const line = `<30>Mar 27 08:32:59 h dhcpd[1]: ${kw}${tail}`;
        checkShape(line, parseDhcpLine(line, ref, ctx));
      }),
      { numRuns: 600 },
    );
  });

  it('mutated real lines never throw and keep the raw line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, steps) => {
        const line = mutate(seed, steps);
        checkShape(line, parseDhcpLine(line, ref, ctx));
      }),
      { numRuns: 1000 },
    );
  });

  it('generated ACK lines parse back to the values they were built from', () => {
    const hostname = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.uint8Array({ minLength: 6, maxLength: 6 }).filter((b) => b.some((x) => x !== 0)),
        fc.option(hostname, { nil: undefined }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.boolean(),
        (ip, macBytes, host, lease, renew) => {
          const mac = Array.from(macBytes, (b) => b.toString(16).padStart(2, '0')).join(':');
          const line = `<30>Nov  3 14:05:09 ib1 dhcpd[9]: DHCPACK on ${ip} to ${mac}${host === undefined ? '' : ` (${host})`} via eth1 relay 10.0.0.1 lease-duration ${lease}${renew ? ' (RENEW)' : ''} uid 01:${mac}`;
          const result = parseDhcpLine(line, ref, ctx);
          if (!result.ok) throw new Error(`${line}: ${result.detail}`);
          expect(result.record).toMatchObject({
            ip: normalizeIp(ip), mac, hostname: host ?? null, leaseSeconds: lease, renew, relay: '10.0.0.1', clientId: `01:${mac}`,
            eventTime: Date.parse('2026-11-03T13:05:09Z'), // Europe/Berlin, CET
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
