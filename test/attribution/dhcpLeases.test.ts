import { describe, expect, it } from 'vitest';
import { dhcpIntervalsOfIp } from '../../src/etl/attribution/dhcpLeases.js';
import { computeIntervals, resolveAttributionOptions, type AttributionEvent } from '../../src/etl/attribution/index.js';
import { ack, at, ev, expire, release, shape } from './events.js';

const X = '10.0.0.5';
const M1 = 'aa:aa:aa:aa:aa:01';
const M2 = 'aa:aa:aa:aa:aa:02';
const dhcp = (ip: string, mac: string | null, start: number, end: number, endReason: string, evidence: number) => ({
  ip,
  mac,
  source: 'dhcp',
  start: at(start),
  end: at(end),
  endReason,
  evidence,
});

interface Case {
  rule: string;
  events: AttributionEvent[];
  expected: ReturnType<typeof dhcp>[];
}

const cases: Case[] = [
  { rule: 'ACK opens [t, t + lease-duration)', events: [ack(0, X, M1, 1800)], expected: [dhcp(X, M1, 0, 1800, 'lease_end', 1)] },
  {
    rule: 'ACK without lease-duration uses the default lease (43200 s)',
    events: [ack(0, X, M1, null)],
    expected: [dhcp(X, M1, 0, 43_200, 'lease_end', 1)],
  },
  {
    rule: 'a RENEW ACK of the same MAC while active extends End and adds evidence',
    events: [ack(0, X, M1, 3600), ack(1800, X, M1, 3600, { sessionId: 'renew' })],
    expected: [dhcp(X, M1, 0, 5400, 'lease_end', 2)],
  },
  {
    rule: 'a shorter renewal never shortens the lease (End = max)',
    events: [ack(0, X, M1, 3600), ack(600, X, M1, 60)],
    expected: [dhcp(X, M1, 0, 3600, 'lease_end', 2)],
  },
  {
    rule: 'an ACK after the lease ran out opens a new interval',
    events: [ack(0, X, M1, 3600), ack(3600, X, M1, 3600)],
    expected: [dhcp(X, M1, 0, 3600, 'lease_end', 1), dhcp(X, M1, 3600, 7200, 'lease_end', 1)],
  },
  {
    rule: 'RELEASE ends the active interval at t',
    events: [ack(0, X, M1), release(600, X, M1)],
    expected: [dhcp(X, M1, 0, 600, 'release', 2)],
  },
  {
    rule: 'EXPIRE ends the active interval at t',
    events: [ack(0, X, M1), expire(3000, X, M1)],
    expected: [dhcp(X, M1, 0, 3000, 'expire', 2)],
  },
  {
    rule: 'RELEASE from another MAC, or after the lease ended, changes nothing',
    events: [ack(0, X, M1), release(600, X, M2), release(4000, X, M1)],
    expected: [dhcp(X, M1, 0, 3600, 'lease_end', 1)],
  },
  {
    rule: 'an ACK of X to another MAC supersedes the active interval',
    events: [ack(0, X, M1), ack(1200, X, M2)],
    expected: [dhcp(X, M1, 0, 1200, 'superseded', 1), dhcp(X, M2, 1200, 4800, 'lease_end', 1)],
  },
  {
    rule: 'OFFER, REQUEST, NAK, DECLINE, DISCOVER and INFORM open nothing',
    events: [
      ev('DHCPDISCOVER', 0, { mac: M1 }),
      ev('DHCPOFFER', 1, { ip: X, mac: M1, leaseSeconds: 120 }),
      ev('DHCPREQUEST', 2, { ip: X, mac: M1 }),
      ev('DHCPNAK', 3, { ip: X, mac: M1 }),
      ev('DHCPDECLINE', 4, { ip: X, mac: M1 }),
      ev('DHCPINFORM', 5, { ip: X }),
    ],
    expected: [],
  },
  {
    rule: 'INFORM-ACK alone opens nothing',
    events: [ev('DHCPINFORM_ACK', 0, { ip: X, mac: M1 })],
    expected: [],
  },
  {
    rule: 'INFORM-ACK counts as evidence of an active interval of the same MAC, without extending it',
    events: [ack(0, X, M1), ev('DHCPINFORM_ACK', 600, { ip: X, mac: M1 }), ev('DHCPINFORM_ACK', 700, { ip: X, mac: M2 })],
    expected: [dhcp(X, M1, 0, 3600, 'lease_end', 2)],
  },
  {
    rule: 'r-l-e lease event acts as an ACK at its start with L = end − start',
    events: [
      ev('LEASE_EVENT', 7200, { ip: X, mac: M1, leaseEvent: 'Renewed', leaseStart: at(100), leaseEnd: at(1900), leaseSeconds: 1800 }),
    ],
    expected: [dhcp(X, M1, 100, 1900, 'lease_end', 1)],
  },
  {
    rule: 'r-l-e extends an ACKed lease of the same MAC',
    events: [ack(0, X, M1, 600), ev('LEASE_EVENT', 300, { ip: X, mac: M1, leaseEvent: 'Renewed', leaseStart: at(300), leaseEnd: at(2000) })],
    expected: [dhcp(X, M1, 0, 2000, 'lease_end', 2)],
  },
  {
    rule: 'r-l-e Freed and Abandoned open nothing',
    events: [
      ev('LEASE_EVENT', 0, { ip: X, mac: M1, leaseEvent: 'Freed', leaseStart: at(0), leaseEnd: at(100) }),
      ev('LEASE_EVENT', 0, { ip: X, mac: M2, leaseEvent: 'Abandoned', leaseStart: at(0), leaseEnd: at(100) }),
    ],
    expected: [],
  },
  {
    rule: 'two ACKs of X to different MACs in the same second: the later line supersedes, the empty interval is dropped',
    events: [ack(0, X, M2, 3600, { lineage: { object: 'landing/d.log', line: 2 } }), ack(0, X, M1, 3600, { lineage: { object: 'landing/d.log', line: 1 } })],
    expected: [dhcp(X, M2, 0, 3600, 'lease_end', 1)],
  },
  {
    rule: 'same second: a RELEASE sorts before an ACK, so it ends the earlier lease, not the one ACKed in that second',
    events: [ack(0, X, M1), release(600, X, M1), ack(600, X, M1)],
    expected: [dhcp(X, M1, 0, 600, 'release', 2), dhcp(X, M1, 600, 4200, 'lease_end', 1)],
  },
  {
    rule: 'an EXPIRE or RELEASE logged exactly at the projected End confirms it',
    events: [ack(0, X, M1), expire(3600, X, M1), ack(10_000, X, M2), release(13_600, X, M2)],
    expected: [dhcp(X, M1, 0, 3600, 'expire', 2), dhcp(X, M2, 10_000, 13_600, 'release', 2)],
  },
  {
    rule: 'same second: EXPIRE of the old lease is applied before the next ACK',
    events: [ack(3600, X, M1), expire(3600, X, M1), ack(0, X, M1)],
    expected: [dhcp(X, M1, 0, 3600, 'expire', 2), dhcp(X, M1, 3600, 7200, 'lease_end', 1)],
  },
  {
    rule: 'each IP has its own leases; one MAC may hold two IPs',
    events: [ack(0, X, M1), ack(0, '10.0.0.6', M1), release(10, '10.0.0.6', M1)],
    expected: [dhcp(X, M1, 0, 3600, 'lease_end', 1), dhcp('10.0.0.6', M1, 0, 10, 'release', 2)],
  },
  {
    rule: 'events without an IP are ignored',
    events: [ev('DHCPACK', 0, { mac: M1, leaseSeconds: 60 })],
    expected: [],
  },
];

describe('DHCP lease rules (docs/attribution.md)', () => {
  it.each(cases)('$rule', ({ events, expected }) => {
    expect(computeIntervals(events).map(shape)).toEqual(expected);
  });

  it('keeps the opening line, the first host name and a stable id', () => {
    const opening = ack(0, X, M1, 3600, { lineage: { object: 'landing/dhcp/a.log', line: 7 } });
    const renewal = ack(60, X, M1, 3600, { hostname: 'PDB746' });
    const [interval] = computeIntervals([renewal, opening]);
    expect(interval?.firstLineage).toEqual({ object: 'landing/dhcp/a.log', line: 7 });
    expect(interval?.hostname).toBe('PDB746');
    expect(interval?.sessionId).toBeNull();
    expect(interval?.userName).toBeNull();
    expect(interval?.intervalId).toMatch(/^[0-9a-f]{32}$/);
    // The id stays when the lease grows: a later RELEASE produces the same IntervalId with a new End.
    const [released] = computeIntervals([opening, renewal, release(100, X, M1)]);
    expect(released?.intervalId).toBe(interval?.intervalId);
    expect(released?.end).toBe(at(100));
  });

  it('counts a bronze line delivered twice once', () => {
    const a = ack(0, X, M1);
    const r = ack(60, X, M1);
    expect(computeIntervals([a, r, { ...r }, { ...a }]).map(shape)).toEqual([dhcp(X, M1, 0, 3660, 'lease_end', 2)]);
  });

  it('rejects an event without a valid time, naming its line', () => {
    const broken = ack(0, X, M1, 60, { time: Number.NaN, lineage: { object: 'landing/x.log', line: 3 } });
    expect(() => computeIntervals([broken])).toThrow(/landing\/x\.log:3/);
  });

  it('honours a configured default lease', () => {
    expect(computeIntervals([ack(0, X, M1, null)], { defaultLeaseSeconds: 600 }).map(shape)).toEqual([
      dhcp(X, M1, 0, 600, 'lease_end', 1),
    ]);
    expect(() => computeIntervals([], { defaultLeaseSeconds: -1 })).toThrow(/defaultLeaseSeconds/);
  });

  it('resumes a history from the lease its earlier events left active, as if they were replayed', () => {
    const earlier = [ack(0, X, M1, 3600), ack(1800, X, M1, 3600)];
    const later = [ack(4000, X, M1, 3600), ack(6000, X, M2, 3600), release(7000, X, M2)];
    const [active] = computeIntervals(earlier);
    const resumed = dhcpIntervalsOfIp(X, later, resolveAttributionOptions(), active ?? null);
    expect(resumed).toEqual(computeIntervals([...earlier, ...later]));
    expect(resumed.map(shape)).toEqual([dhcp(X, M1, 0, 6000, 'superseded', 3), dhcp(X, M2, 6000, 7000, 'release', 2)]);
    // Only an active lease of the same IP carries state forward.
    const [ended] = computeIntervals([ack(0, X, M1, 3600), release(60, X, M1)]);
    expect(() => dhcpIntervalsOfIp(X, later, resolveAttributionOptions(), ended ?? null)).toThrow(/can only resume from its own active lease/);
    expect(() => dhcpIntervalsOfIp('10.0.0.6', later, resolveAttributionOptions(), active ?? null)).toThrow(/10\.0\.0\.6/);
  });
});
