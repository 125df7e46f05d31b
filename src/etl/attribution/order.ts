import { eventTypeRank, sourceRank } from './eventTypes.js';
import type { AttributionEvent } from './types.js';

/**
 * The total order the rules process events in. Output must not depend on how events were split into files or
 * in which order files arrived, so every tie is broken down to the lineage (a bronze line is one event).
 */

/** An r-l-e lease event acts at its lease start, not when it was logged (docs/attribution.md). */
export function effectiveTime(event: AttributionEvent): number {
  return event.eventType === 'LEASE_EVENT' && event.leaseStart !== null ? event.leaseStart : event.time;
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export function compareEvents(a: AttributionEvent, b: AttributionEvent): number {
  return (
    effectiveTime(a) - effectiveTime(b) ||
    (sourceRank.get(a.source) ?? 99) - (sourceRank.get(b.source) ?? 99) ||
    (eventTypeRank.get(a.eventType) ?? 99) - (eventTypeRank.get(b.eventType) ?? 99) ||
    compareText(a.lineage.object, b.lineage.object) ||
    a.lineage.line - b.lineage.line ||
    a.time - b.time ||
    compareText(a.ip, b.ip) ||
    compareText(a.mac, b.mac) ||
    compareText(a.sessionId, b.sessionId)
  );
}

/**
 * Sort in place by the total order and drop repeats (the same bronze line delivered twice, e.g. a landing file
 * re-ingested), so the rules see the *set* of events. Returns the same array, shortened.
 */
export function sortUniqueEvents(events: AttributionEvent[]): AttributionEvent[] {
  events.sort(compareEvents);
  let kept = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (kept > 0 && compareEvents(events[kept - 1]!, event) === 0) continue;
    events[kept++] = event;
  }
  events.length = kept;
  return events;
}
