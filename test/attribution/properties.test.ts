import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyIncrement,
  attributeEvents,
  blankEvent,
  computeIntervals,
  effectiveTime,
  eventNeeds,
  needsEvent,
  planIncrement,
  priorIntervalNeeded,
  type AttributionEvent,
  type EventType,
  type Interval,
} from '../../src/etl/attribution/index.js';
import { at, notPerson, person } from './events.js';

/**
 * Properties over random event sets drawn from a small world (3 IPs, 3 MACs, coarse times) so that collisions,
 * same-second ties, renewals, supersedes, missed Starts and stitching windows happen often.
 */
const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
const macs = ['aa:00:00:00:00:01', 'aa:00:00:00:00:02', 'aa:00:00:00:00:03'];
const users = [person('alice'), person('bob'), person('carol'), notPerson('anonymous')];
const step = 900; // seconds; 300 steps ≈ 3 days, longer than a lease and the look-back

const dhcpTypes: EventType[] = ['DHCPACK', 'DHCPACK', 'DHCPACK', 'DHCPRELEASE', 'DHCPEXPIRE', 'DHCPINFORM_ACK', 'DHCPOFFER', 'DHCPREQUEST', 'LEASE_EVENT'];
const radiusTypes: EventType[] = ['RADIUS_START', 'RADIUS_INTERIM', 'RADIUS_STOP'];
const sightingTypes: EventType[] = ['AUTH_PASSED', 'POSTURE', 'PROFILER'];

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

const dhcpEvent = fc
  .record({
    type: fc.constantFrom(...dhcpTypes),
    t: fc.integer({ min: 0, max: 300 }),
    ip: fc.constantFrom(...ips),
    mac: fc.constantFrom(...macs),
    lease: fc.constantFrom<number | null>(null, 1800, 3600, 7200, 14_400),
    rleShift: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ type, t, ip, mac, lease, rleShift }): Partial<AttributionEvent> => {
    const time = at(t * step);
    if (type === 'LEASE_EVENT') {
      const start = time - rleShift * step * 1000;
      return { eventType: type, source: 'dhcp', time, ip, mac, leaseEvent: 'Renewed', leaseStart: start, leaseEnd: start + (lease ?? 3600) * 1000 };
    }
    return { eventType: type, source: 'dhcp', time, ip, mac, leaseSeconds: type === 'DHCPACK' ? lease : null };
  });

const radiusEvent = fc
  .record({
    type: fc.constantFrom(...radiusTypes),
    t: fc.integer({ min: 0, max: 300 }),
    ip: nullable(fc.constantFrom(...ips)),
    mac: fc.constantFrom(...macs),
    sessionId: nullable(fc.constantFrom('s1', 's2', 's3', 's4')),
    nasIp: fc.constantFrom('192.0.2.1', '192.0.2.2'),
    user: nullable(fc.constantFrom(...users)),
    sessionSteps: nullable(fc.integer({ min: 0, max: 20 })),
  })
  .map(({ type, t, ip, mac, sessionId, nasIp, user, sessionSteps }): Partial<AttributionEvent> => ({
    eventType: type,
    source: 'ise_radius',
    time: at(t * step),
    ip,
    mac,
    sessionId,
    nasIp,
    user,
    sessionTimeSeconds: sessionSteps === null ? null : sessionSteps * step,
  }));

const sightingEvent = fc
  .record({
    type: fc.constantFrom(...sightingTypes),
    t: fc.integer({ min: 0, max: 300 }),
    mac: fc.constantFrom(...macs),
    user: nullable(fc.constantFrom(...users)),
  })
  .map(({ type, t, mac, user }): Partial<AttributionEvent> => ({
    eventType: type,
    source: type === 'AUTH_PASSED' ? 'ise_auth' : type === 'POSTURE' ? 'ise_posture' : 'ise_profiler',
    time: at(t * step),
    mac,
    user,
  }));

/** Events with distinct bronze lines spread over a few landing objects. */
const eventSet = fc
  .array(fc.oneof({ arbitrary: dhcpEvent, weight: 4 }, { arbitrary: radiusEvent, weight: 3 }, { arbitrary: sightingEvent, weight: 2 }), {
    maxLength: 120,
  })
  .map((partials) =>
    partials.map(
      (partial, i): AttributionEvent => ({
        ...blankEvent({ time: 0, source: 'dhcp', eventType: 'DHCPACK', lineage: { object: '', line: 0 } }),
        ...partial,
        lineage: { object: `landing/obj-${i % 5}.log`, line: i + 1 },
      }),
    ),
  );

/** Split `events` into files: a random permutation cut at random points. */
const filesOf = (events: AttributionEvent[]) =>
  fc
    .tuple(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), fc.array(fc.nat(), { maxLength: 50 }))
    .map(([shuffled, cuts]) => {
      const points = [...new Set(cuts.map((c) => (shuffled.length === 0 ? 0 : c % shuffled.length)))].sort((a, b) => a - b);
      const files: AttributionEvent[][] = [];
      let from = 0;
      for (const point of [...points, shuffled.length]) {
        files.push(shuffled.slice(from, point));
        from = point;
      }
      return files;
    });

/**
 * The same event thirty times closer to at(0), durations kept: leases then often outlive a file, so a later file finds one
 * still active (the world's 75 hours against leases of at most 4 rarely do).
 */
function denser(event: AttributionEvent): AttributionEvent {
  const moved = (t: number): number => at(0) + Math.round((t - at(0)) / 30);
  const shift = moved(event.time) - event.time;
  return {
    ...event,
    time: event.time + shift,
    leaseStart: event.leaseStart === null ? null : event.leaseStart + shift,
    leaseEnd: event.leaseEnd === null ? null : event.leaseEnd + shift,
  };
}

/** IPs resumed from a stored lease, over every applyBatches call (the in-order property checks the path is taken). */
let resumedIps = 0;

/**
 * The pipeline's part, played with arrays: ask which IPs only get appended to (no stored DHCP event at or after
 * their earliest new one), read what the plan asks for, apply the change set.
 */
function applyBatches(files: AttributionEvent[][]): Interval[] {
  let storedEvents: AttributionEvent[] = [];
  let storedIntervals: Interval[] = [];
  for (const batch of files) {
    const plan = planIncrement(batch);
    const priorIntervals = storedIntervals.filter((interval) => priorIntervalNeeded(plan, interval));
    const late = new Set(
      storedEvents.flatMap((event) => {
        const earliest = event.source === 'dhcp' && event.ip !== null ? plan.dhcpEarliest.get(event.ip) : undefined;
        return earliest !== undefined && effectiveTime(event) >= earliest ? [event.ip as string] : [];
      }),
    );
    const appending = new Set([...plan.dhcpEarliest.keys()].filter((ip) => !late.has(ip)));
    const needs = eventNeeds(plan, priorIntervals, {}, appending);
    resumedIps += [...needs.dhcpResume.values()].filter((lease) => lease !== null).length;
    const priorEvents = storedEvents.filter((event) => needsEvent(needs, event));
    const { removed, added } = applyIncrement({ plan, needs, priorIntervals, priorEvents, newEvents: batch });
    const removedIds = new Set(removed.map((interval) => interval.intervalId));
    storedIntervals = [...storedIntervals.filter((interval) => !removedIds.has(interval.intervalId)), ...added];
    storedEvents = [...storedEvents, ...batch];
  }
  return storedIntervals;
}

const canonical = (intervals: Interval[]) =>
  [...intervals].sort((a, b) => (a.intervalId < b.intervalId ? -1 : a.intervalId > b.intervalId ? 1 : 0));

describe('properties', () => {
  it('computeIntervals depends on the set of events only: any split into files, any order, repeats included', () => {
    fc.assert(
      fc.property(
        eventSet.chain((events) => fc.tuple(fc.constant(events), filesOf(events), fc.subarray(events))),
        ([events, files, repeated]) => {
          const once = JSON.stringify(attributeEvents(events));
          const fromFiles = JSON.stringify(attributeEvents([...files.flat(), ...repeated]));
          expect(fromFiles).toBe(once);
          expect(JSON.stringify(computeIntervals([...files.reverse().flat()]))).toBe(JSON.stringify(computeIntervals(events)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('applying batches incrementally, reading only what the plan asks for, equals one full computation', () => {
    fc.assert(
      fc.property(
        eventSet.chain((events) => fc.tuple(fc.constant(events), filesOf(events))),
        ([events, files]) => {
          expect(canonical(applyBatches(files))).toEqual(canonical(attributeEvents(events)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('files in time order (the usual case) resume leases from the store and still equal one full computation', () => {
    resumedIps = 0;
    fc.assert(
      fc.property(
        eventSet.chain((events) => fc.tuple(fc.constant(events.map(denser)), fc.array(fc.nat(), { minLength: 2, maxLength: 8 }))),
        ([events, cuts]) => {
          const ordered = [...events].sort((a, b) => effectiveTime(a) - effectiveTime(b));
          const points = [...new Set(cuts.map((c) => (ordered.length === 0 ? 0 : c % ordered.length)))].sort((a, b) => a - b);
          const files = [...points, ordered.length].map((point, i, all) => ordered.slice(i === 0 ? 0 : all[i - 1], point));
          expect(canonical(applyBatches(files))).toEqual(canonical(attributeEvents(events)));
        },
      ),
      { numRuns: 800 },
    );
    // The property above is only worth something if histories were resumed from stored leases.
    expect(resumedIps).toBeGreaterThan(100);
  });

  it('late data: a batch of old events arriving after newer ones still converges', () => {
    fc.assert(
      fc.property(eventSet, (events) => {
        const newestFirst = [...events].sort((a, b) => b.time - a.time);
        const files = [newestFirst.slice(0, events.length >> 1), newestFirst.slice(events.length >> 1)];
        expect(canonical(applyBatches(files))).toEqual(canonical(attributeEvents(events)));
      }),
      { numRuns: 200 },
    );
  });

  it('every interval is non-empty and the DHCP leases of one IP never overlap', () => {
    fc.assert(
      fc.property(eventSet, (events) => {
        const intervals = attributeEvents(events);
        for (const interval of intervals) if (interval.end !== null) expect(interval.end).toBeGreaterThan(interval.start);
        for (const ip of ips) {
          const leases = intervals.filter((i) => i.source === 'dhcp' && i.ip === ip);
          for (let k = 1; k < leases.length; k++) expect(leases[k]!.start).toBeGreaterThanOrEqual(leases[k - 1]!.end!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
