import { isSessionEvent } from './radiusSessions.js';
import type { AttributionEvent, Interval } from './types.js';

/**
 * When an open RADIUS session was last heard of: the time of the latest accounting record (Start, Interim, Stop)
 * of its session key. Once a session is open, every later record of its key belongs to it (a Stop would have closed
 * it; on a NAS+MAC key a Start would have superseded it), so the key's latest record is the session's.
 *
 * Sessions without an Acct-Session-Id are keyed here by MAC alone (the pipeline plans and reads them per MAC; an
 * interval does not keep its NAS): with one MAC on two NASes this can only name a later time, never an earlier one.
 */

/** The evidence key of an accounting event, or null for events that are not session records. */
export function evidenceKeyOfEvent(event: AttributionEvent): string | null {
  if (!isSessionEvent(event)) return null;
  return event.sessionId !== null ? `id:${event.sessionId}` : `mac:${event.mac ?? ''}`;
}

/** The evidence key of a RADIUS interval (same spelling as evidenceKeyOfEvent). */
export function evidenceKeyOfInterval(interval: Pick<Interval, 'sessionId' | 'mac'>): string {
  return interval.sessionId !== null ? `id:${interval.sessionId}` : `mac:${interval.mac ?? ''}`;
}

/** Latest accounting-record time per evidence key among `events` (other events are ignored). */
export function lastEvidenceByKey(events: Iterable<AttributionEvent>): Map<string, number> {
  const latest = new Map<string, number>();
  for (const event of events) {
    const key = evidenceKeyOfEvent(event);
    if (key === null) continue;
    const known = latest.get(key);
    if (known === undefined || event.time > known) latest.set(key, event.time);
  }
  return latest;
}
