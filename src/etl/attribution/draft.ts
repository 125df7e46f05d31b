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
