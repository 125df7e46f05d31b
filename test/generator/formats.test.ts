import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DHCP_HEADER, ISE_BODY, ISE_HEADER, generateInto, logFiles, readLines, syslogTime, type Generated } from './helpers.js';

// Every line is either one of the real formats (log-formats.md), or one of the counted malformed lines.
const DHCP_MESSAGES = [
  /^DHCPDISCOVER from ([0-9a-f]{2}:){5}[0-9a-f]{2}( \(\S+\))? via \d+\.\d+\.\d+\.\d+ TransID [0-9a-f]{8}( uid 01(:[0-9a-f]{2}){6}|: network \S+: no free leases)$/,
  /^DHCPOFFER on \S+ to \S+( \(\S+\))? via \S+ relay \S+ lease-duration 119 offered-duration \d+ uid 01(:[0-9a-f]{2}){6}$/,
  /^DHCPREQUEST for \d+\.\d+\.\d+\.\d+( \(\d+\.\d+\.\d+\.\d+\))? from \S+( \(\S+\))? via \S+ TransID [0-9a-f]{8} uid 01(:[0-9a-f]{2}){6}( \(RENEW\))?$/,
  /^DHCPACK on \S+ to \S+( \(\S+\))? via \S+ relay \S+ lease-duration \d+( \(RENEW\))? uid 01(:[0-9a-f]{2}){6}$/,
  /^DHCPACK to \d+\.\d+\.\d+\.\d+ \(([0-9a-f]{2}:){5}[0-9a-f]{2}\) via \S+$/,
  /^DHCPNAK on \S+ to \S+ via \S+$/,
  /^DHCPRELEASE of \S+ from \S+( \(\S+\))? via \S+ \(found\) TransID [0-9a-f]{8} uid 01(:[0-9a-f]{2}){6}$/,
  /^DHCPEXPIRE on \d+\.\d+\.\d+\.\d+ to ([0-9a-f]{2}:){5}[0-9a-f]{2}$/,
  /^DHCPINFORM from \d+\.\d+\.\d+\.\d+ via \S+ TransID [0-9a-f]{8}$/,
];

let gen: Generated;
const seen = new Set<string>();
let malformed = 0;
let irrelevant = 0;

beforeAll(async () => {
  gen = await generateInto({ start: '2026-03-02T00:00:00Z', days: 2, devices: 400, seed: 5, noiseRate: 0.02 });
});
afterAll(async () => gen?.cleanup());

describe('generated DHCP lines', () => {
  it('are Infoblox dhcpd lines in time order per file, or counted noise', async () => {
    for (const file of await logFiles(gen.dir, 'dhcp')) {
      expect(file).toMatch(/dhcp\/infoblox-0[12]-2026-03-0[23]\.log$/);
      let last = 0;
      for (const line of await readLines(file)) {
        const h = DHCP_HEADER.exec(line);
        if (!h) { malformed++; continue; }
        const t = syslogTime(2026, h[1]!, h[2]!, h[3]!);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
        const msg = h[8]!;
        if (h[6] === 'named') { irrelevant++; continue; }
        const kind = DHCP_MESSAGES.findIndex((re) => re.test(msg));
        if (kind < 0) {
          expect(msg.length, `unexpected dhcpd message: ${line}`).toBeLessThan(20); // a truncated copy
          malformed++;
          continue;
        }
        seen.add(`dhcp${kind}`);
        if (msg.includes('(RENEW)')) seen.add('renew');
        if (h[5]) seen.add('extra-ip-token');
      }
    }
    expect([...seen].sort()).toEqual(['dhcp0', 'dhcp1', 'dhcp2', 'dhcp3', 'dhcp4', 'dhcp5', 'dhcp6', 'dhcp7', 'dhcp8', 'extra-ip-token', 'renew']);
  });
});

describe('generated ISE lines', () => {
  it('carry CISE_<Category> msg_id total seg headers, offset body timestamps, and complete segment groups', async () => {
    const features = new Set<string>();
    for (const file of await logFiles(gen.dir, 'ise')) {
      const open = new Map<string, { total: number; next: number }>();
      let last = 0;
      for (const line of await readLines(file)) {
        const h = ISE_HEADER.exec(line);
        if (!h) { malformed++; continue; }
        const [pri, host, category, id, total, seg, rest] = [h[1], h[5]!, h[6]!, h[7]!, Number(h[8]), Number(h[9]), h[10]!];
        if (pri === undefined) features.add('relay-header');
        if (seg === 0) {
          const body = ISE_BODY.exec(rest);
          if (!body) { malformed++; continue; } // truncated inside the body timestamp
          const t = Date.parse(`${body[1]}T${body[2]}.${body[3]}${body[5]}`);
          expect(t).toBeGreaterThanOrEqual(last);
          last = t;
          if (body[4]) features.add('microseconds');
          if (body[5] !== '+00:00') features.add('utc-offset');
          features.add(`${category}:${body[7]}`);
          if (category === 'CISE_Failed_Attempts') irrelevant++;
          if (total > 1) open.set(`${host}|${id}`, { total, next: 1 });
          if (total === 3) features.add('three-segments');
        } else {
          const group = open.get(`${host}|${id}`);
          if (!group) { malformed++; continue; } // orphan continuation (noise)
          expect(seg).toBe(group.next);
          expect(total).toBe(group.total);
          expect(rest).toMatch(/^[^=,]+=/); // continuations carry attribute pairs only
          group.next++;
          if (group.next === total) open.delete(`${host}|${id}`);
        }
        if (rest.includes('\\,')) features.add('escaped-comma');
        if (rest.includes('EndpointIPAddress=')) features.add('profiler-with-ip');
        if (/ 80002 INFO {2}Profiler: /.test(rest) && !rest.includes('EndpointIPAddress=')) features.add('profiler-without-ip');
      }
      expect(open.size).toBe(0);
    }
    for (const f of ['CISE_Passed_Authentications:5200', 'CISE_RADIUS_Accounting:3000', 'CISE_RADIUS_Accounting:3002',
      'CISE_RADIUS_Accounting:3001', 'CISE_Profiler:80002', 'CISE_Posture_and_Client_Provisioning_Audit:87000',
      'CISE_Failed_Attempts:5405', 'three-segments', 'microseconds', 'utc-offset', 'relay-header', 'escaped-comma',
      'profiler-with-ip', 'profiler-without-ip']) {
      expect(features, f).toContain(f);
    }
  });

  it('counts exactly the noise the summary reports', () => {
    // Runs after the two scans above (vitest keeps file order): every non-format line was counted there.
    expect(malformed).toBe(gen.summary.malformedLines);
    expect(irrelevant).toBe(gen.summary.irrelevantLines);
    expect(malformed + irrelevant).toBeGreaterThan(0);
  });
});
