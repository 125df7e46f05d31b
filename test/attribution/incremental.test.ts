import { describe, expect, it } from 'vitest';
import {
  applyIncrement,
  attributeEvents,
  compareIntervals,
  eventNeeds,
  needsEvent,
  planIncrement,
  priorIntervalNeeded,
  type AttributionEvent,
  type Interval,
} from '../../src/etl/attribution/index.js';
import { ack, at, ev, expire, person, radius, release } from './events.js';

const X = '10.0.0.5';
const M1 = 'aa:aa:aa:aa:aa:01';
const M2 = 'aa:aa:aa:aa:aa:02';

/** One incremental step as the pipeline runs it; returns what it read and what it changed. */
function step(storedEvents: AttributionEvent[], storedIntervals: Interval[], batch: AttributionEvent[]) {
  const plan = planIncrement(batch);
  const priorIntervals = storedIntervals.filter((i) => priorIntervalNeeded(plan, i));
  const needs = eventNeeds(plan, priorIntervals);
  const priorEvents = storedEvents.filter((e) => needsEvent(needs, e));
  const result = applyIncrement({ plan, needs, priorIntervals, priorEvents, newEvents: batch });
  const removedIds = new Set(result.removed.map((i) => i.intervalId));
  const intervals = [...storedIntervals.filter((i) => !removedIds.has(i.intervalId)), ...result.added].sort(compareIntervals);
  return { plan, needs, priorEvents, result, intervals };
}

describe('incremental attribution', () => {
  it('a late RELEASE shortens the stored lease: one removal, one new version with the same id', () => {
    const first = [ack(0, X, M1, 3600)];
    const stored = attributeEvents(first);
    const { result, intervals } = step(first, stored, [release(600, X, M1)]);
    expect(result.removed).toEqual(stored);
    expect(result.added).toHaveLength(1);
    expect(result.added[0]).toMatchObject({ intervalId: stored[0]!.intervalId, end: at(600), endReason: 'release', evidence: 2 });
    expect(result.affectedIps).toEqual([X]);
    expect(intervals).toEqual(attributeEvents([...first, release(600, X, M1)]));
  });

  it('reads a lease renewed for days back to its first ACK, and no further than the idle gap before it', () => {
    const old = ack(0, X, M2, 600); // over long before: not needed
    const renewals = Array.from({ length: 10 }, (_, k) => ack(3000 + k * 1800, X, M1, 3600));
    const storedEvents = [old, ...renewals];
    const stored = attributeEvents(storedEvents);
    const late = release(3000 + 9 * 1800 + 60, X, M1);
    const { needs, priorEvents, intervals } = step(storedEvents, stored, [late]);
    expect(needs.dhcpFrom.get(X)).toBe(at(3000));
    expect(priorEvents).toEqual(renewals);
    expect(intervals).toEqual(attributeEvents([...storedEvents, late]));
  });

  it('an EXPIRE arriving late, exactly at the end of a stored lease, still names the reason', () => {
    const first = [ack(0, X, M1, 3600), ack(3600, X, M2, 3600)];
    const stored = attributeEvents(first);
    const late = expire(3600, X, M1);
    const { intervals } = step(first, stored, [late]);
    expect(intervals.find((i) => i.mac === M1)).toMatchObject({ endReason: 'expire', evidence: 2 });
    expect(intervals).toEqual(attributeEvents([...first, late]));
  });

  it('a new ISE sighting re-stitches a stored lease on another IP without recomputing it', () => {
    const first = [ack(1000, X, M1, 3600)];
    const stored = attributeEvents(first);
    expect(stored[0]?.userName).toBeNull();
    const sighting = ev('POSTURE', 900, { mac: M1, user: person('alice') });
    const { plan, result } = step(first, stored, [sighting]);
    expect(plan.dhcpEarliest.size).toBe(0);
    expect(result.added).toEqual([{ ...stored[0]!, userName: 'alice', userKey: 'alice', userSource: 'ise_posture' }]);
  });

  it('a Stop for a session stored as open closes it; events of other sessions are not read', () => {
    const start = radius('RADIUS_START', 0, { sessionId: 'a', ip: X, mac: M1 });
    const other = radius('RADIUS_START', 0, { sessionId: 'b', ip: '10.0.0.6', mac: M2 });
    const stored = attributeEvents([start, other]);
    const stop = radius('RADIUS_STOP', 500, { sessionId: 'a', ip: X, mac: M1, sessionTimeSeconds: 500 });
    const { priorEvents, result } = step([start, other], stored, [stop]);
    expect(priorEvents).toEqual([start]);
    expect(result.removed.map((i) => i.sessionId)).toEqual(['a']);
    expect(result.added).toMatchObject([{ sessionId: 'a', end: at(500), endReason: 'stop', evidence: 2 }]);
  });

  it('a batch that changes nothing (a repeat of stored lines) yields an empty change set', () => {
    const first = [ack(0, X, M1), radius('RADIUS_START', 0, { sessionId: 'a', ip: X, mac: M1, user: person('bob') })];
    const { result } = step(first, attributeEvents(first), first.map((e) => ({ ...e })));
    expect(result).toEqual({ removed: [], added: [], affectedIps: [] });
  });
});
