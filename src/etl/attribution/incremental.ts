/**
 * Incremental attribution: which stored intervals a batch of new events can change, which stored events are needed to
 * recompute them, and the resulting change set. Pure functions; the pipeline does the reading and writing:
 *
 *   const plan = planIncrement(newEvents, options);
 *   const prior = <stored intervals for which priorIntervalNeeded(plan, interval, options)>;
 *   const needs = eventNeeds(plan, prior, options);
 *   const priorEvents = <stored events for which needsEvent(needs, event)>;
 *   const { removed, added } = applyIncrement({ plan, needs, priorIntervals: prior, priorEvents, newEvents }, options);
 *   // delete the rows of every removed IntervalId, then write every added interval (same id = new version).
 *
 * Recomputation units and horizons (why a bounded read is exact):
 * - DHCP runs per IP, and an IP has at most one active lease at a time. Let `earliest` be the earliest new event of
 *   the IP. Walking back from it through stored leases that contain or touch the cut gives a cut time before which
 *   no lease of the IP is still active. Everything decided before the cut was decided by events before it and new
 *   events cannot reach back past it, so recomputing from the IP's events at or after the cut reproduces every lease
 *   starting at or after the cut, and the leases before it stand. An idle gap ends the read.
 * - When new DHCP events only append to an IP's history (every stored event of the IP comes before its earliest new
 *   one, the usual case of logs arriving in order), nothing stored is read: the lease active at the earliest new event
 *   is the whole state the rules carry forward, so recomputing resumes from it (dhcpIntervalsOfIp's `resume`). Without
 *   this, a lease renewed for weeks would be read back whole, and a run's reads would grow with the lake's age.
 * - RADIUS runs per session: all events of each touched Acct-Session-Id (or, for sessions without one, all
 *   id-less accounting events of the touched MACs), since a missed Start is recovered from a later Stop.
 * - Stitching reads ISE person sightings from `cut − look-back` on (recomputed leases start at or after the cut), and
 *   re-stitches stored leases of a MAC with a new sighting s whose Start lies in [s − grace, s + look-back]. The user
 *   is the *last* sighting in the lease's window, so for those leases sightings older than the earliest new one
 *   cannot win and are not read.
 */
import { dhcpIntervalsOfIp } from './dhcpLeases.js';
import { compareIntervals } from './computeIntervals.js';
import { resolveAttributionOptions, type AttributionOptions } from './options.js';
import { effectiveTime, sortUniqueEvents } from './order.js';
import { isSessionEvent, radiusIntervalsOfKey, sessionKeyOf } from './radiusSessions.js';
import { isSighting, SightingIndex, stitchUsers } from './stitch.js';
import type { AttributionEvent, Interval } from './types.js';

/** What a batch of new events touches. */
export interface IncrementPlan {
  /** Per IP with new DHCP events: the earliest effective time among them. */
  dhcpEarliest: Map<string, number>;
  /** Acct-Session-Ids with new accounting events. */
  sessionIds: Set<string>;
  /** MACs with new accounting events that carry no Acct-Session-Id ('' stands for no MAC). */
  fallbackMacs: Set<string>;
  /** MACs with new person sightings, and the times of those sightings (ascending). */
  sightingMacs: Map<string, number[]>;
  /** MACs of new DHCP events (the leases recomputed from them are stitched by these MACs' sightings). */
  dhcpMacs: Set<string>;
}

/** The stored events a plan needs, once the DHCP cut times are known. */
export interface EventNeeds {
  /** Per IP: DHCP events of that IP with effective time ≥ the cut (none of a resumed IP's are needed). */
  dhcpFrom: Map<string, number>;
  /**
   * IPs whose new events only append to their history: recomputed from the stored lease active at their earliest new
   * event (null: none), their stored events not read. Their cut is that lease's Start (else the earliest new event).
   */
  dhcpResume: Map<string, Interval | null>;
  sessionIds: Set<string>;
  fallbackMacs: Set<string>;
  /** Every ISE person sighting with time ≥ this (any MAC); null when none is needed. */
  sightingsFrom: number | null;
}

export interface IncrementInput {
  plan: IncrementPlan;
  needs: EventNeeds;
  /** Stored intervals selected with priorIntervalNeeded (more is harmless). */
  priorIntervals: readonly Interval[];
  /** Stored events selected with needsEvent (more is harmless; repeats of new events are ignored). */
  priorEvents: Iterable<AttributionEvent>;
  /** Read once, one event at a time (an EventBuffer makes a fresh object per event). */
  newEvents: Iterable<AttributionEvent>;
}

export interface IncrementResult {
  /** Stored intervals that no longer hold as stored: delete every row with their IntervalId. */
  removed: Interval[];
  /** Intervals to write (new, or a new version of a removed IntervalId), sorted like ip_attribution_gold. */
  added: Interval[];
  /** IPs whose rows change. */
  affectedIps: string[];
}

const fallbackMacOf = (event: { mac: string | null }): string => event.mac ?? '';

export function planIncrement(newEvents: Iterable<AttributionEvent>): IncrementPlan {
  const plan: IncrementPlan = {
    dhcpEarliest: new Map(),
    sessionIds: new Set(),
    fallbackMacs: new Set(),
    sightingMacs: new Map(),
    dhcpMacs: new Set(),
  };
  for (const event of newEvents) {
    if (event.source === 'dhcp') {
      if (event.ip !== null) {
        const t = effectiveTime(event);
        const known = plan.dhcpEarliest.get(event.ip);
        if (known === undefined || t < known) plan.dhcpEarliest.set(event.ip, t);
      }
      if (event.mac !== null) plan.dhcpMacs.add(event.mac);
      continue;
    }
    if (isSessionEvent(event)) {
      if (event.sessionId !== null) plan.sessionIds.add(event.sessionId);
      else plan.fallbackMacs.add(fallbackMacOf(event));
    }
    if (isSighting(event)) {
      const times = plan.sightingMacs.get(event.mac);
      if (times === undefined) plan.sightingMacs.set(event.mac, [event.time]);
      else times.push(event.time);
    }
  }
  for (const times of plan.sightingMacs.values()) times.sort((a, b) => a - b);
  return plan;
}

function isRadiusInScope(plan: Pick<IncrementPlan, 'sessionIds' | 'fallbackMacs'>, interval: Interval): boolean {
  if (interval.source !== 'ise_radius') return false;
  return interval.sessionId !== null ? plan.sessionIds.has(interval.sessionId) : plan.fallbackMacs.has(fallbackMacOf(interval));
}

/** A stored lease a new sighting may re-stitch: one of the new sightings of its MAC falls in its stitching window. */
function isRestitchCandidate(plan: IncrementPlan, interval: Interval, options: AttributionOptions): boolean {
  if (interval.source !== 'dhcp' || interval.mac === null) return false;
  const times = plan.sightingMacs.get(interval.mac);
  if (times === undefined) return false;
  const from = interval.start - options.stitchLookBackSeconds * 1000;
  // First new sighting at or after `from`; the lease is a candidate if it is not after Start + grace.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const first = times[lo];
  return first !== undefined && first <= interval.start + options.stitchGraceSeconds * 1000;
}

/**
 * Whether the pipeline must pass a stored interval to applyIncrement: DHCP leases of a planned IP that end at or after
 * its earliest new event, sessions of a planned session key, and leases a new sighting may re-stitch.
 */
export function priorIntervalNeeded(plan: IncrementPlan, interval: Interval, options: Partial<AttributionOptions> = {}): boolean {
  if (interval.source === 'dhcp') {
    const earliest = plan.dhcpEarliest.get(interval.ip);
    if (earliest !== undefined && (interval.end === null || interval.end >= earliest)) return true;
    return isRestitchCandidate(plan, interval, resolveAttributionOptions(options));
  }
  return isRadiusInScope(plan, interval);
}

/**
 * Walk back from the earliest new event through stored leases of the IP that contain or touch the cut. One pass, by
 * End descending: once the cut lies after a lease's End it lies after the End of every lease still to come, so none
 * of them can move it again; a lease passed over with Start ≥ cut stays so, as the cut only moves back.
 */
function dhcpCut(earliest: number, leases: Interval[]): number {
  const endOf = (lease: Interval): number => lease.end ?? Number.MAX_VALUE;
  let cut = earliest;
  leases.sort((a, b) => endOf(b) - endOf(a));
  for (const lease of leases) {
    const end = endOf(lease);
    if (end < cut) break;
    if (lease.start < cut) cut = lease.start;
  }
  return cut;
}

/**
 * The lease a DHCP history resumes from when every stored event of the IP is before `earliest`: the stored lease
 * still active then (null when none is), or undefined when the stored leases do not look like such a history
 * (the caller then reads the stored events).
 */
function resumeLease(earliest: number, leases: readonly Interval[]): Interval | null | undefined {
  const reaching = leases.filter((lease) => (lease.end ?? Number.MAX_VALUE) >= earliest);
  if (reaching.length === 0) return null;
  const [lease] = reaching;
  return reaching.length === 1 && lease!.endReason === 'lease_end' ? lease : undefined;
}

/**
 * The stored events applyIncrement needs, given the stored intervals selected with priorIntervalNeeded. `appending`
 * names the planned IPs none of whose stored events is at or after their earliest new event (the pipeline asks
 * the silver table): those resume from a stored lease instead of reading events back.
 */
export function eventNeeds(
  plan: IncrementPlan,
  priorIntervals: readonly Interval[],
  options: Partial<AttributionOptions> = {},
  appending: ReadonlySet<string> = new Set(),
): EventNeeds {
  const resolved = resolveAttributionOptions(options);
  const leasesByIp = new Map<string, Interval[]>();
  for (const interval of priorIntervals) {
    if (interval.source !== 'dhcp' || !plan.dhcpEarliest.has(interval.ip)) continue;
    const leases = leasesByIp.get(interval.ip);
    if (leases === undefined) leasesByIp.set(interval.ip, [interval]);
    else leases.push(interval);
  }
  const dhcpFrom = new Map<string, number>();
  const dhcpResume = new Map<string, Interval | null>();
  let sightingsFrom = Infinity;
  for (const [ip, earliest] of plan.dhcpEarliest) {
    const leases = leasesByIp.get(ip) ?? [];
    const resume = appending.has(ip) ? resumeLease(earliest, leases) : undefined;
    if (resume !== undefined) dhcpResume.set(ip, resume);
    const cut = resume === undefined ? dhcpCut(earliest, leases) : (resume?.start ?? earliest);
    dhcpFrom.set(ip, cut);
    sightingsFrom = Math.min(sightingsFrom, cut - resolved.stitchLookBackSeconds * 1000);
  }
  // A re-stitched lease has a new sighting in its window, and the winner is the last one: nothing older can win.
  for (const times of plan.sightingMacs.values()) sightingsFrom = Math.min(sightingsFrom, times[0] ?? Infinity);
  return {
    dhcpFrom,
    dhcpResume,
    sessionIds: plan.sessionIds,
    fallbackMacs: plan.fallbackMacs,
    sightingsFrom: Number.isFinite(sightingsFrom) ? sightingsFrom : null,
  };
}

/** Whether the pipeline must pass a stored event to applyIncrement. */
export function needsEvent(needs: EventNeeds, event: AttributionEvent): boolean {
  if (event.source === 'dhcp') {
    if (event.ip === null || needs.dhcpResume.has(event.ip)) return false;
    const from = needs.dhcpFrom.get(event.ip);
    return from !== undefined && effectiveTime(event) >= from;
  }
  if (isSessionEvent(event)) {
    const inScope =
      event.sessionId !== null ? needs.sessionIds.has(event.sessionId) : needs.fallbackMacs.has(fallbackMacOf(event));
    if (inScope) return true;
  }
  return needs.sightingsFrom !== null && event.time >= needs.sightingsFrom && isSighting(event);
}

/**
 * The MACs whose sightings stitching can consult: those of the recomputed leases (MACs of the region's DHCP events,
 * new ones in the plan and the stored ones read back, and of the leases histories resume from) and of stored leases
 * a new sighting may re-stitch (MACs with new sightings). Sightings of any other MAC name the user of no changed
 * interval, so the pipeline need not read them.
 */
export function stitchedMacs(
  plan: IncrementPlan,
  storedDhcpEvents: Iterable<AttributionEvent>,
  resumed: Iterable<Interval | null> = [],
): Set<string> {
  const macs = new Set(plan.dhcpMacs);
  for (const mac of plan.sightingMacs.keys()) macs.add(mac);
  for (const event of storedDhcpEvents) if (event.source === 'dhcp' && event.mac !== null) macs.add(event.mac);
  for (const lease of resumed) if (lease?.mac != null) macs.add(lease.mac);
  return macs;
}

/** Content identity: two versions of an interval are the same row only if every column matches. */
function contentKey(interval: Interval): string {
  return JSON.stringify([
    interval.intervalId,
    interval.ip,
    interval.mac,
    interval.userName,
    interval.userKey,
    interval.userSource,
    interval.hostname,
    interval.start,
    interval.end,
    interval.endReason,
    interval.evidence,
    interval.sessionId,
    interval.firstLineage.object,
    interval.firstLineage.line,
  ]);
}

/** Recompute what the new events change and return it as rows to delete and rows to write. */
export function applyIncrement(input: IncrementInput, options: Partial<AttributionOptions> = {}): IncrementResult {
  const resolved = resolveAttributionOptions(options);
  const { plan, needs } = input;

  // The recomputation region: which stored intervals are up for replacement.
  const inDhcpRegion = (interval: Interval): boolean => {
    const cut = interval.source === 'dhcp' ? needs.dhcpFrom.get(interval.ip) : undefined;
    return cut !== undefined && interval.start >= cut;
  };
  const priorInRegion = input.priorIntervals.filter(
    (interval) => inDhcpRegion(interval) || isRadiusInScope(needs, interval) || isRestitchCandidate(plan, interval, resolved),
  );

  // Recompute DHCP leases from the cut and sessions whole. One pass over the events keeps only those the region reads.
  const dhcpByIp = new Map<string, AttributionEvent[]>();
  const radiusByKey = new Map<string, AttributionEvent[]>();
  const sightingEvents: AttributionEvent[] = [];
  const take = (event: AttributionEvent): void => {
    if (isSighting(event)) sightingEvents.push(event);
    if (event.source === 'dhcp') {
      const from = event.ip === null ? undefined : needs.dhcpFrom.get(event.ip);
      if (from === undefined || effectiveTime(event) < from) return;
      const group = dhcpByIp.get(event.ip as string);
      if (group === undefined) dhcpByIp.set(event.ip as string, [event]);
      else group.push(event);
    } else if (isSessionEvent(event)) {
      const inScope =
        event.sessionId !== null ? needs.sessionIds.has(event.sessionId) : needs.fallbackMacs.has(fallbackMacOf(event));
      if (!inScope) return;
      const key = sessionKeyOf(event);
      const group = radiusByKey.get(key);
      if (group === undefined) radiusByKey.set(key, [event]);
      else group.push(event);
    }
  };
  for (const event of input.priorEvents) {
    // A resumed IP's stored events are all in the lease it resumes from: never fold them in twice.
    if (event.source === 'dhcp' && event.ip !== null && needs.dhcpResume.has(event.ip)) continue;
    take(event);
  }
  for (const event of input.newEvents) take(event);
  const recomputed: Interval[] = [];
  for (const [ip, group] of dhcpByIp) {
    recomputed.push(...dhcpIntervalsOfIp(ip, sortUniqueEvents(group), resolved, needs.dhcpResume.get(ip) ?? null));
  }
  for (const group of radiusByKey.values()) recomputed.push(...radiusIntervalsOfKey(sortUniqueEvents(group)));
  // Stored leases outside the DHCP region that a new sighting may re-stitch keep their bounds; only the user can change.
  const restitched = priorInRegion.filter((interval) => interval.source === 'dhcp' && !inDhcpRegion(interval));

  const toStitch = [...recomputed, ...restitched];
  // Only the sightings of MACs being stitched can name a user.
  const stitched = new Set(toStitch.flatMap((interval) => (interval.source === 'dhcp' && interval.mac !== null ? [interval.mac] : [])));
  const sightings = new SightingIndex(sightingEvents.filter((event) => event.mac !== null && stitched.has(event.mac)));
  const next = stitchUsers(toStitch, sightings, resolved);

  const priorKeys = new Set(priorInRegion.map(contentKey));
  const nextKeys = new Set(next.map(contentKey));
  const removed = dedupe(priorInRegion.filter((interval) => !nextKeys.has(contentKey(interval))));
  const added = dedupe(next.filter((interval) => !priorKeys.has(contentKey(interval))));
  const affectedIps = [...new Set([...removed, ...added].map((interval) => interval.ip))].sort();
  return { removed: removed.sort(compareIntervals), added: added.sort(compareIntervals), affectedIps };
}

function dedupe(intervals: Interval[]): Interval[] {
  const seen = new Set<string>();
  return intervals.filter((interval) => {
    const key = contentKey(interval);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
