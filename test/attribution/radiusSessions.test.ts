import { describe, expect, it } from 'vitest';
import { computeIntervals, type AttributionEvent } from '../../src/etl/attribution/index.js';
import { ack, at, notPerson, person, radius, shape } from './events.js';

const IP = '10.33.250.89';
const MAC = '10:68:3f:75:35:0c';
const S = 'sess-1';
const session = (start: number, end: number | null, endReason: string, evidence: number, ip = IP, mac: string | null = MAC) => ({
  ip,
  mac,
  source: 'ise_radius',
  start: at(start),
  end: end === null ? null : at(end),
  endReason,
  evidence,
});

interface Case {
  rule: string;
  events: AttributionEvent[];
  expected: ReturnType<typeof session>[];
}

const base = { sessionId: S, mac: MAC };
const cases: Case[] = [
  {
    rule: 'Start with Framed-IP-Address opens [t, …) with End null, EndReason open',
    events: [radius('RADIUS_START', 0, { ...base, ip: IP })],
    expected: [session(0, null, 'open', 1)],
  },
  {
    rule: 'Interim keeps the session alive (evidence + 1); Stop ends it at t',
    events: [
      radius('RADIUS_START', 0, { ...base, ip: IP }),
      radius('RADIUS_INTERIM', 600, { ...base, ip: IP, sessionTimeSeconds: 600 }),
      radius('RADIUS_STOP', 900, { ...base, ip: IP, sessionTimeSeconds: 900 }),
    ],
    expected: [session(0, 900, 'stop', 3)],
  },
  {
    rule: 'missed Start: Stop recovers Start = t − Acct-Session-Time',
    events: [radius('RADIUS_STOP', 5000, { ...base, ip: IP, sessionTimeSeconds: 1192 })],
    expected: [session(5000 - 1192, 5000, 'stop', 1)],
  },
  {
    rule: 'missed Start: Interim opens at t − Acct-Session-Time',
    events: [radius('RADIUS_INTERIM', 5000, { ...base, ip: IP, sessionTimeSeconds: 300 })],
    expected: [session(4700, null, 'open', 1)],
  },
  {
    rule: 'a session without a Framed-IP-Address by its end attributes nothing',
    events: [radius('RADIUS_START', 0, base), radius('RADIUS_STOP', 60, { ...base, sessionTimeSeconds: 60 })],
    expected: [],
  },
  {
    rule: 'an Interim supplies the IP the Start lacked',
    events: [
      radius('RADIUS_START', 0, base),
      radius('RADIUS_INTERIM', 30, { ...base, ip: IP, sessionTimeSeconds: 30 }),
      radius('RADIUS_STOP', 90, { ...base, sessionTimeSeconds: 90 }),
    ],
    expected: [session(0, 90, 'stop', 3)],
  },
  {
    rule: 'a repeated Start of the same Acct-Session-Id is more evidence, not a new session',
    events: [radius('RADIUS_START', 0, { ...base, ip: IP }), radius('RADIUS_START', 0, { ...base, ip: IP })],
    expected: [session(0, null, 'open', 2)],
  },
  {
    rule: 'a repeated Stop or a late Interim of a stopped session is evidence for it, never a new session',
    events: [
      radius('RADIUS_START', 0, { ...base, ip: IP }),
      radius('RADIUS_STOP', 100, { ...base, ip: IP, sessionTimeSeconds: 100 }),
      radius('RADIUS_STOP', 100, { ...base, ip: IP, sessionTimeSeconds: 100 }),
      radius('RADIUS_INTERIM', 101, { ...base, ip: IP, sessionTimeSeconds: 60 }),
    ],
    expected: [session(0, 100, 'stop', 4)],
  },
  {
    rule: 'without Acct-Session-Id the key is (NAS-IP-Address, Calling-Station-ID); the next Start supersedes',
    events: [
      radius('RADIUS_START', 0, { mac: MAC, nasIp: '171.70.35.137', ip: IP }),
      radius('RADIUS_START', 500, { mac: MAC, nasIp: '171.70.35.137', ip: '10.33.250.90' }),
      radius('RADIUS_START', 10, { mac: MAC, nasIp: '171.70.35.138', ip: '10.33.250.91' }),
    ],
    expected: [session(0, 500, 'superseded', 1), session(500, null, 'open', 1, '10.33.250.90'), session(10, null, 'open', 1, '10.33.250.91')],
  },
  {
    rule: 'Accounting-On/Off and status-less accounting records are kept as events only',
    events: [
      { ...radius('RADIUS_START', 0, { ...base, ip: IP }), eventType: 'RADIUS_ACCOUNTING_ON' },
      { ...radius('RADIUS_START', 0, { ...base, ip: IP }), eventType: 'RADIUS_ACCOUNTING' },
    ],
    expected: [],
  },
];

describe('RADIUS accounting session rules (docs/attribution.md)', () => {
  it.each(cases)('$rule', ({ events, expected }) => {
    const got = computeIntervals(events).map(shape);
    expect(got).toHaveLength(expected.length);
    expect(got).toEqual(expect.arrayContaining(expected));
  });

  it('the user is User-Name only when it names a person; names that are not people never attribute', () => {
    const [withPerson] = computeIntervals([
      radius('RADIUS_START', 0, { ...base, ip: IP, user: person('frsung') }),
    ]);
    expect(withPerson).toMatchObject({ userName: 'frsung', userKey: 'frsung', userSource: 'ise_radius', sessionId: S });
    for (const name of ['anonymous', 'host/salfi-pc.cisco.com', 'bc305be6d215', '#CTSREQUEST#']) {
      const [interval] = computeIntervals([radius('RADIUS_START', 0, { ...base, ip: IP, user: notPerson(name) })]);
      expect(interval).toMatchObject({ userName: null, userKey: null, userSource: null });
    }
  });

  it('a session whose first records name no person takes the first person named later', () => {
    const [interval] = computeIntervals([
      radius('RADIUS_START', 0, { ...base, ip: IP, user: notPerson('anonymous') }),
      radius('RADIUS_INTERIM', 60, { ...base, user: person('CISCO\\sahota'), sessionTimeSeconds: 60 }),
    ]);
    expect(interval).toMatchObject({ userName: 'CISCO\\sahota', userKey: 'cisco\\sahota' });
  });

  it('disagreement keeps both: a DHCP lease and a VPN session on the same IP are both returned', () => {
    const intervals = computeIntervals([
      ack(0, IP, 'aa:bb:cc:dd:ee:ff', 3600),
      radius('RADIUS_START', 600, { ...base, ip: IP, user: person('frsung') }),
    ]);
    expect(intervals.map((i) => [i.source, i.mac, i.start])).toEqual([
      ['dhcp', 'aa:bb:cc:dd:ee:ff', at(0)],
      ['ise_radius', MAC, at(600)],
    ]);
  });

  it('two sessions naming different users on one IP are both kept', () => {
    const intervals = computeIntervals([
      radius('RADIUS_START', 0, { sessionId: 'a', mac: MAC, ip: IP, user: person('alice') }),
      radius('RADIUS_START', 10, { sessionId: 'b', mac: 'aa:aa:aa:aa:aa:aa', ip: IP, user: person('bob') }),
    ]);
    expect(intervals.map((i) => i.userName)).toEqual(['alice', 'bob']);
  });
});
