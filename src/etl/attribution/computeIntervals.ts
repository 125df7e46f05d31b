import { dhcpIntervalsOfIp } from './dhcpLeases.js';
import { resolveAttributionOptions, type AttributionOptions } from './options.js';
import { sortUniqueEvents } from './order.js';
import { isSessionEvent, radiusIntervalsOfKey, sessionKeyOf } from './radiusSessions.js';
import type { AttributionEvent, Interval } from './types.js';

function assertUsable(event: AttributionEvent): void {
  if (!Number.isFinite(event.time)) {
    throw new Error(
      `attribution: event ${event.eventType} from ${event.lineage.object}:${event.lineage.line} has no valid time (${String(event.time)})`,
    );
  }
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The order of ip_attribution_gold rows: IpAddress, Start, then enough to make it total. */
export function compareIntervals(a: Interval, b: Interval): number {
  return (
    compareText(a.ip, b.ip) ||
    a.start - b.start ||
    compareText(a.source, b.source) ||
    compareText(a.mac, b.mac) ||
    compareText(a.sessionId, b.sessionId) ||
    compareText(a.intervalId, b.intervalId)
  );
}

/** DHCP events grouped by IP, and RADIUS accounting events grouped by session key: the units the rules run on. */
export interface EventGroups {
  dhcpByIp: Map<string, AttributionEvent[]>;
  radiusBySession: Map<string, AttributionEvent[]>;
}

export function groupEvents(events: Iterable<AttributionEvent>): EventGroups {
  const dhcpByIp = new Map<string, AttributionEvent[]>();
  const radiusBySession = new Map<string, AttributionEvent[]>();
  for (const event of events) {
    assertUsable(event);
    let groups: Map<string, AttributionEvent[]>;
    let key: string;
    if (event.source === 'dhcp') {
      if (event.ip === null) continue;
      groups = dhcpByIp;
      key = event.ip;
    } else if (isSessionEvent(event)) {
      groups = radiusBySession;
      key = sessionKeyOf(event);
    } else {
      continue;
    }
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [event]);
    else group.push(event);
  }
  return { dhcpByIp, radiusBySession };
}

/** Intervals of some DHCP IPs and RADIUS session keys, each group sorted here (groups are small, sorting them is cheap). */
export function intervalsOfGroups(groups: EventGroups, options: AttributionOptions): Interval[] {
  const out: Interval[] = [];
  const append = (intervals: Interval[]): void => {
    for (const interval of intervals) out.push(interval);
  };
  for (const [ip, group] of groups.dhcpByIp) append(dhcpIntervalsOfIp(ip, sortUniqueEvents(group), options));
  for (const group of groups.radiusBySession.values()) append(radiusIntervalsOfKey(sortUniqueEvents(group)));
  return out.sort(compareIntervals);
}

/**
 * Every DHCP lease and RADIUS session the events prove, sorted like ip_attribution_gold.
 * A deterministic function of the *set* of events: the input order and repeats of the same bronze line do not matter.
 * DHCP intervals come without a user: stitch them with ./stitch.
 */
export function computeIntervals(
  events: Iterable<AttributionEvent>,
  options: Partial<AttributionOptions> = {},
): Interval[] {
  return intervalsOfGroups(groupEvents(events), resolveAttributionOptions(options));
}
