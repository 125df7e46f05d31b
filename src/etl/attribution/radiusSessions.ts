import { finishDraft, type IntervalDraft } from './draft.js';
import type { AttributionEvent, Interval } from './types.js';

/** Accounting records that shape a session; On/Off and status-less records are kept as events only. */
export const sessionEventTypes: ReadonlySet<string> = new Set(['RADIUS_START', 'RADIUS_INTERIM', 'RADIUS_STOP']);

/** Whether an event belongs to a RADIUS accounting session. */
export function isSessionEvent(event: AttributionEvent): boolean {
  return event.source === 'ise_radius' && sessionEventTypes.has(event.eventType);
}

/**
 * Which session an accounting record belongs to: Acct-Session-Id, else (NAS-IP-Address, Calling-Station-ID).
 * The prefixes keep the two kinds of key from ever colliding.
 */
export function sessionKeyOf(event: AttributionEvent): string {
  return event.sessionId !== null ? `id:${event.sessionId}` : `nas:${event.nasIp ?? ''}|mac:${event.mac ?? ''}`;
}

function fill(draft: IntervalDraft, event: AttributionEvent): void {
  draft.ip ??= event.ip;
  draft.mac ??= event.mac;
  draft.hostname ??= event.hostname;
  if (draft.userName === null && event.user !== null && event.user.isPerson) {
    draft.userName = event.user.raw;
    draft.userKey = event.user.key;
    draft.userSource = 'ise_radius';
  }
}

function openDraft(event: AttributionEvent, start: number): IntervalDraft {
  const draft: IntervalDraft = {
    source: 'ise_radius',
    ip: null,
    mac: null,
    userName: null,
    userKey: null,
    userSource: null,
    hostname: null,
    start,
    end: null,
    endReason: 'open',
    evidence: 1,
    sessionId: event.sessionId,
    firstLineage: event.lineage,
  };
  fill(draft, event);
  return draft;
}

/** Where a session began when its Start was missed: the record's time minus Acct-Session-Time. */
function inferredStart(event: AttributionEvent): number {
  return event.time - (event.sessionTimeSeconds ?? 0) * 1000;
}

/**
 * The sessions of one session key. `events` are that key's accounting events in the total order (./order).
 * A session that never learns its Framed-IP-Address attributes nothing.
 */
export function radiusIntervalsOfKey(events: readonly AttributionEvent[]): Interval[] {
  const drafts: IntervalDraft[] = [];
  let active: IntervalDraft | null = null;
  // With an Acct-Session-Id a second Start is a repeat of the same session (two PSNs, a retransmission);
  // on a NAS+MAC key it is the next session.
  const keyedById = events[0]?.sessionId != null;

  for (const event of events) {
    const last = drafts[drafts.length - 1];
    // A record that points back into a session already stopped (a repeated Stop, a late Interim) is more evidence for it.
    const belongsToStopped = active === null && last !== undefined && last.end !== null && inferredStart(event) < last.end;

    switch (event.eventType) {
      case 'RADIUS_START':
        if (active !== null && keyedById) {
          active.evidence += 1;
          fill(active, event);
          break;
        }
        if (active !== null) {
          active.end = event.time;
          active.endReason = 'superseded';
        }
        active = openDraft(event, event.time);
        drafts.push(active);
        break;
      case 'RADIUS_INTERIM':
        if (active === null && belongsToStopped) {
          last.evidence += 1;
          break;
        }
        if (active === null) {
          active = openDraft(event, inferredStart(event));
          drafts.push(active);
          break;
        }
        active.evidence += 1;
        fill(active, event);
        break;
      case 'RADIUS_STOP':
        if (active === null && belongsToStopped) {
          last.evidence += 1;
          break;
        }
        if (active === null) {
          active = openDraft(event, inferredStart(event));
          drafts.push(active);
        } else {
          active.evidence += 1;
          fill(active, event);
        }
        active.end = event.time;
        active.endReason = 'stop';
        active = null;
        break;
      default:
        break;
    }
  }
  const out: Interval[] = [];
  for (const draft of drafts) {
    const interval = finishDraft(draft);
    if (interval !== null) out.push(interval);
  }
  return out;
}
