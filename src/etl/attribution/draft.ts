import { intervalIdOf } from './intervalId.js';
import type { EndReason, Interval, IntervalSource, Lineage, UserSource } from './types.js';

/** An interval while its events are being folded in; `ip` may still be unknown for a RADIUS session. */
export interface IntervalDraft {
  source: IntervalSource;
  ip: string | null;
  mac: string | null;
  userName: string | null;
  userKey: string | null;
  userSource: UserSource | null;
  hostname: string | null;
  start: number;
  end: number | null;
  endReason: EndReason;
  evidence: number;
  sessionId: string | null;
  firstLineage: Lineage;
}

/**
 * The draft a stored interval was frozen from, user not yet stitched: for resuming a DHCP lease that later events
 * extend or end (the fields finishDraft copies are the whole draft).
 */
export function draftOf(interval: Interval): IntervalDraft {
  return {
    source: interval.source,
    ip: interval.ip,
    mac: interval.mac,
    userName: null,
    userKey: null,
    userSource: null,
    hostname: interval.hostname,
    start: interval.start,
    end: interval.end,
    endReason: interval.endReason,
    evidence: interval.evidence,
    sessionId: interval.sessionId,
    firstLineage: interval.firstLineage,
  };
}

/**
 * Freeze a draft into an interval, or null when it attributes nothing: no IP by its end, or empty
 * (an ACK and its RELEASE in the same instant hold the address for no time at all).
 */
export function finishDraft(draft: IntervalDraft): Interval | null {
  if (draft.ip === null) return null;
  if (draft.end !== null && draft.end <= draft.start) return null;
  return {
    intervalId: intervalIdOf(draft.source, draft.ip, draft.mac, draft.start, draft.sessionId),
    source: draft.source,
    ip: draft.ip,
    mac: draft.mac,
    userName: draft.userName,
    userKey: draft.userKey,
    userSource: draft.userSource,
    hostname: draft.hostname,
    start: draft.start,
    end: draft.end,
    endReason: draft.endReason,
    evidence: draft.evidence,
    sessionId: draft.sessionId,
    firstLineage: draft.firstLineage,
  };
}
