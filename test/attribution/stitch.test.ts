import { describe, expect, it } from 'vitest';
import { attributeEvents, computeIntervals, SightingIndex, stitchUsers } from '../../src/etl/attribution/index.js';
import { ack, at, ev, notPerson, person } from './events.js';

const X = '10.0.0.5';
const M = 'aa:aa:aa:aa:aa:01';
const lease = () => computeIntervals([ack(86_400, X, M, 3600)]);
const userOf = (events: Parameters<typeof stitchUsers>[1], options = {}) => {
  const [interval] = stitchUsers(lease(), events, options);
  return interval === undefined ? undefined : { userName: interval.userName, userSource: interval.userSource };
};

describe('stitching users onto DHCP leases', () => {
  it.each([
    ['posture', 'POSTURE', 'ise_posture'],
    ['passed authentication', 'AUTH_PASSED', 'ise_auth'],
    ['RADIUS accounting', 'RADIUS_INTERIM', 'ise_radius'],
  ] as const)('takes the person ISE saw on the MAC through %s', (_, eventType, userSource) => {
    expect(userOf([ev(eventType, 86_000, { mac: M, user: person('alice') })])).toEqual({ userName: 'alice', userSource });
  });

  it('takes the last sighting inside [Start − look-back, Start + grace]', () => {
    const sightings = [
      ev('AUTH_PASSED', 100, { mac: M, user: person('early') }),
      ev('AUTH_PASSED', 80_000, { mac: M, user: person('bob') }),
      ev('POSTURE', 86_400 + 300, { mac: M, user: person('carol') }),
      ev('POSTURE', 86_400 + 301, { mac: M, user: person('too-late') }),
    ];
    expect(userOf(sightings)).toEqual({ userName: 'carol', userSource: 'ise_posture' });
  });

  it('the window bounds are inclusive and configurable', () => {
    expect(userOf([ev('AUTH_PASSED', 0, { mac: M, user: person('edge') })])).toEqual({ userName: 'edge', userSource: 'ise_auth' });
    expect(userOf([ev('AUTH_PASSED', 0, { mac: M, user: person('edge') })], { stitchLookBackSeconds: 3600 })).toEqual({
      userName: null,
      userSource: null,
    });
    expect(userOf([ev('AUTH_PASSED', 86_400 + 600, { mac: M, user: person('late') })], { stitchGraceSeconds: 600 })).toEqual({
      userName: 'late',
      userSource: 'ise_auth',
    });
  });

  it('non-person names, other MACs, profiler events and sightings before the window never attribute', () => {
    const sightings = [
      ev('AUTH_PASSED', 86_000, { mac: M, user: notPerson('anonymous') }),
      ev('AUTH_PASSED', 86_000, { mac: M, user: notPerson('host/salfi-pc.cisco.com') }),
      ev('RADIUS_START', 86_000, { mac: M, user: notPerson('aa-aa-aa-aa-aa-01') }),
      ev('POSTURE', 86_000, { mac: M, user: notPerson('#CTSREQUEST#') }),
      ev('AUTH_PASSED', 86_000, { mac: 'aa:aa:aa:aa:aa:02', user: person('other-device') }),
      ev('PROFILER', 86_000, { mac: M, user: person('profiler-has-no-users') }),
      ev('AUTH_PASSED', -1, { mac: M, user: person('two-days-ago') }),
    ];
    expect(userOf(sightings)).toEqual({ userName: null, userSource: null });
  });

  it('sightings in the same instant resolve by the event order, whatever order they come in', () => {
    const a = ev('AUTH_PASSED', 86_000, { mac: M, user: person('alice'), lineage: { object: 'landing/ise/a', line: 1 } });
    const b = ev('AUTH_PASSED', 86_000, { mac: M, user: person('bob'), lineage: { object: 'landing/ise/a', line: 2 } });
    expect(userOf([a, b])).toEqual(userOf([b, a]));
    expect(userOf([b, a])).toEqual({ userName: 'bob', userSource: 'ise_auth' });
  });

  it('two sources naming different users on one IP: both intervals are kept with their own users', () => {
    const events = [
      ack(86_400, X, M, 3600),
      ev('AUTH_PASSED', 86_300, { mac: M, user: person('alice') }),
      ev('RADIUS_START', 86_500, { ip: X, mac: 'aa:aa:aa:aa:aa:09', sessionId: 'vpn-1', user: person('bob') }),
    ];
    expect(attributeEvents(events).map((i) => [i.source, i.userName, i.userSource])).toEqual([
      ['dhcp', 'alice', 'ise_auth'],
      ['ise_radius', 'bob', 'ise_radius'],
    ]);
  });

  it('finds the right sighting among many by binary search', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ev('AUTH_PASSED', i * 100, { mac: M, user: person(`u${i}`) }));
    const index = new SightingIndex(many.reverse());
    expect(index.lastIn(M, at(0), at(55_555))?.userName).toBe('u555');
    expect(index.lastIn(M, at(55_501), at(55_599))).toBeNull();
    expect(index.lastIn('00:00:00:00:00:01', at(0), at(1e9))).toBeNull();
  });
});
