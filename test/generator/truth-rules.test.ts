import { describe, expect, it } from 'vitest';
import { TruthTracker, type TruthInterval } from '../../src/generator/truth.js';

// The interval rules of docs/attribution.md, one case each, on the tracker that writes truth.jsonl.
const T0 = Date.parse('2026-03-02T08:00:00Z');
const S = 1000;
const alice = { raw: 'CORP\\alice', key: 'alice' };
const bob = { raw: 'bob@corp.example.com', key: 'bob' };

function tracker(): { t: TruthTracker; out: TruthInterval[] } {
  const out: TruthInterval[] = [];
  return { t: new TruthTracker(86_400 * S, 300 * S, (i) => out.push(i)), out };
}
const iso = (ms: number): string => new Date(ms).toISOString();

describe('truth tracker: DHCP lease rules', () => {
  it('an ACK opens [t, t+L) ending at lease_end; a RENEW ACK extends it', () => {
    const { t, out } = tracker();
    t.dhcpAck(T0, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 3600);
    t.dhcpAck(T0 + 1800 * S, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 3600);
    t.finish();
    expect(out).toEqual([{ ip: '10.0.0.5', mac: 'aa:aa:aa:aa:aa:01', userName: null, userKey: null, start: iso(T0), end: iso(T0 + 5400 * S), source: 'dhcp', endReason: 'lease_end' }]);
  });

  it('RELEASE and EXPIRE end the active interval at t; after End they change nothing', () => {
    const { t, out } = tracker();
    t.dhcpAck(T0, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 3600);
    t.dhcpRelease(T0 + 600 * S, '10.0.0.5', 'aa:aa:aa:aa:aa:01');
    t.dhcpAck(T0 + 700 * S, '10.0.0.6', 'aa:aa:aa:aa:aa:02', 3600);
    t.dhcpExpire(T0 + 800 * S, '10.0.0.6', 'aa:aa:aa:aa:aa:02');
    t.dhcpAck(T0 + 900 * S, '10.0.0.7', 'aa:aa:aa:aa:aa:03', 60);
    t.dhcpExpire(T0 + 961 * S, '10.0.0.7', 'aa:aa:aa:aa:aa:03'); // after End: the lease already ended
    t.dhcpRelease(T0 + 950 * S, '10.0.0.8', 'aa:aa:aa:aa:aa:09'); // nothing active: nothing happens
    t.finish();
    expect(out.map((i) => [i.ip, i.end, i.endReason])).toEqual([
      ['10.0.0.5', iso(T0 + 600 * S), 'release'],
      ['10.0.0.6', iso(T0 + 800 * S), 'expire'],
      ['10.0.0.7', iso(T0 + 960 * S), 'lease_end'],
    ]);
  });

  it('an ACK of the IP to another MAC supersedes the active interval; a RELEASE by another MAC does not end it', () => {
    const { t, out } = tracker();
    t.dhcpAck(T0, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 3600);
    t.dhcpRelease(T0 + 10 * S, '10.0.0.5', 'aa:aa:aa:aa:aa:02');
    t.dhcpAck(T0 + 100 * S, '10.0.0.5', 'aa:aa:aa:aa:aa:02', 3600);
    t.finish();
    expect(out.map((i) => [i.mac, i.start, i.end, i.endReason])).toEqual([
      ['aa:aa:aa:aa:aa:01', iso(T0), iso(T0 + 100 * S), 'superseded'],
      ['aa:aa:aa:aa:aa:02', iso(T0 + 100 * S), iso(T0 + 3700 * S), 'lease_end'],
    ]);
  });

  it('an ACK after the lease ended opens a new interval instead of extending', () => {
    const { t, out } = tracker();
    t.dhcpAck(T0, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 60);
    t.dhcpAck(T0 + 60 * S, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 60);
    t.finish();
    expect(out.map((i) => [i.start, i.end])).toEqual([[iso(T0), iso(T0 + 60 * S)], [iso(T0 + 60 * S), iso(T0 + 120 * S)]]);
  });
});

describe('truth tracker: user stitching window [Start − 24 h, Start + 5 min]', () => {
  it('takes the person last seen on the MAC inside the window, including up to the grace after Start', () => {
    const { t, out } = tracker();
    t.personSeen(T0 - 86_400 * S - 1, 'aa:aa:aa:aa:aa:01', bob); // just outside the look-back
    t.personSeen(T0 - 3 * S, 'aa:aa:aa:aa:aa:02', alice);
    t.dhcpAck(T0, 'x1', 'aa:aa:aa:aa:aa:01', 3600);
    t.dhcpAck(T0, 'x2', 'aa:aa:aa:aa:aa:02', 3600);
    t.dhcpAck(T0, 'x3', 'aa:aa:aa:aa:aa:03', 3600);
    t.advance(T0 + 300 * S);
    t.personSeen(T0 + 300 * S, 'aa:aa:aa:aa:aa:03', bob); // exactly Start + grace: inside
    t.personSeen(T0 + 300 * S, 'aa:aa:aa:aa:aa:02', bob); // later sighting inside the window wins
    t.advance(T0 + 301 * S);
    t.personSeen(T0 + 301 * S, 'aa:aa:aa:aa:aa:01', alice); // after the grace: too late
    t.finish();
    expect(Object.fromEntries(out.map((i) => [i.ip, i.userName]))).toEqual({ x1: null, x2: bob.raw, x3: bob.raw });
    expect(out.find((i) => i.ip === 'x2')?.userKey).toBe('bob');
  });
});

describe('truth tracker: RADIUS sessions', () => {
  it('Start opens, Stop closes with stop, a session still up at the end is open with End null', () => {
    const { t, out } = tracker();
    t.radiusStart(T0 + 1, 'S1', '10.200.0.10', 'aa:aa:aa:aa:aa:01', alice);
    t.radiusStart(T0 + 2, 'S2', '10.200.0.11', 'aa:aa:aa:aa:aa:02', bob);
    t.radiusStop(T0 + 3600 * S + 5, 'S1');
    t.radiusStop(T0 + 10, 'S-unknown');
    t.finish();
    expect(out).toEqual([
      { ip: '10.200.0.10', mac: 'aa:aa:aa:aa:aa:01', userName: alice.raw, userKey: 'alice', start: iso(T0 + 1), end: iso(T0 + 3600 * S + 5), source: 'ise_radius', endReason: 'stop' },
      { ip: '10.200.0.11', mac: 'aa:aa:aa:aa:aa:02', userName: bob.raw, userKey: 'bob', start: iso(T0 + 2), end: null, source: 'ise_radius', endReason: 'open' },
    ]);
  });
});
