import type { AttributionOptions } from './options.js';
import { effectiveTime } from './order.js';
import { draftOf, finishDraft, type IntervalDraft } from './draft.js';
import type { AttributionEvent, Interval } from './types.js';

/** r-l-e lease events that report the end of a binding rather than a grant: kept as events, they open nothing. */
const nonGrantingLeaseEvents = new Set(['freed', 'abandoned']);

/** The lease an ACK or r-l-e grants, as [start, start + length) in ms, or null when it grants none. */
function grantOf(event: AttributionEvent, options: AttributionOptions): { start: number; end: number } | null {
  if (event.eventType === 'DHCPACK') {
    const seconds = event.leaseSeconds ?? options.defaultLeaseSeconds;
    return seconds > 0 ? { start: event.time, end: event.time + seconds * 1000 } : null;
  }
  if (event.eventType === 'LEASE_EVENT') {
    if (event.leaseEvent !== null && nonGrantingLeaseEvents.has(event.leaseEvent.toLowerCase())) return null;
    const start = effectiveTime(event);
    const end =
      event.leaseStart !== null && event.leaseEnd !== null
        ? event.leaseEnd
        : start + (event.leaseSeconds ?? options.defaultLeaseSeconds) * 1000;
    return end > start ? { start, end } : null;
  }
  return null;
}

/**
 * The DHCP leases of one IP address. `events` are that IP's DHCP events in the total order (./order).
 * At most one lease of an IP is active at a time: an ACK to another MAC supersedes the active one.
 *
 * `resume` continues a history: the lease (EndReason lease_end) the IP's earlier events left active, which every
 * event comes after. The result is then what those earlier events and `events` together give from that lease on
 * (the lease itself first, extended or ended by `events`): a lease is all the state the rules carry forward.
 */
export function dhcpIntervalsOfIp(
  ip: string,
  events: readonly AttributionEvent[],
  options: AttributionOptions,
  resume: Interval | null = null,
): Interval[] {
  const out: Interval[] = [];
  if (resume !== null && (resume.source !== 'dhcp' || resume.ip !== ip || resume.endReason !== 'lease_end')) {
    throw new Error(`attribution: a DHCP history of ${ip} can only resume from its own active lease, got ${resume.intervalId}`);
  }
  let active: IntervalDraft | null = resume === null ? null : draftOf(resume);
  const close = (): void => {
    if (active === null) return;
    const interval = finishDraft(active);
    if (interval !== null) out.push(interval);
    active = null;
  };

  for (const event of events) {
    const t = effectiveTime(event);
    // A lease whose projected end has passed stays as it is (EndReason lease_end). An EXPIRE or RELEASE logged at
    // exactly that end still names the reason, so for those the lease lives through its last instant.
    const ending = event.eventType === 'DHCPRELEASE' || event.eventType === 'DHCPEXPIRE';
    const end = active === null ? Infinity : (active.end ?? Infinity);
    if (end < t || (end === t && !ending)) close();
    const current: IntervalDraft | null = active;
    const sameDevice = current !== null && current.mac === event.mac;

    switch (event.eventType) {
      case 'DHCPACK':
      case 'LEASE_EVENT': {
        const grant = grantOf(event, options);
        if (grant === null) break;
        if (current !== null && sameDevice) {
          current.end = Math.max(current.end ?? grant.end, grant.end);
          current.evidence += 1;
          current.hostname ??= event.hostname;
          break;
        }
        if (current !== null) {
          current.end = t;
          current.endReason = 'superseded';
          close();
        }
        active = {
          source: 'dhcp',
          ip,
          mac: event.mac,
          userName: null,
          userKey: null,
          userSource: null,
          hostname: event.hostname,
          start: grant.start,
          end: grant.end,
          endReason: 'lease_end',
          evidence: 1,
          sessionId: null,
          firstLineage: event.lineage,
        };
        break;
      }
      case 'DHCPRELEASE':
      case 'DHCPEXPIRE':
        if (current !== null && sameDevice) {
          current.end = t;
          current.endReason = event.eventType === 'DHCPRELEASE' ? 'release' : 'expire';
          current.evidence += 1;
          close();
        }
        break;
      case 'DHCPINFORM_ACK':
        // The client already holds the address: evidence for the active lease, never a lease of its own.
        if (current !== null && sameDevice) {
          current.evidence += 1;
          current.hostname ??= event.hostname;
        }
        break;
      default:
        // OFFER, REQUEST, NAK, DECLINE, DISCOVER, INFORM, LEASEQUERY: no binding (they stay in ip_lookup_gold).
        break;
    }
  }
  close();
  return out;
}
