import { resolveAttributionOptions, type AttributionOptions } from './options.js';
import { compareEvents } from './order.js';
import type { AttributionEvent, AttributionUser, Interval, UserSource } from './types.js';

/** A moment ISE saw a person on a device. */
export interface Sighting {
  time: number;
  mac: string;
  userName: string;
  userKey: string;
  userSource: UserSource;
}

const sightingSources: ReadonlySet<string> = new Set<UserSource>(['ise_posture', 'ise_auth', 'ise_radius']);

/** Whether an event is a sighting (see sightingOf), without building one. */
export function isSighting(event: AttributionEvent): event is AttributionEvent & { mac: string; user: AttributionUser } {
  return event.mac !== null && event.user !== null && event.user.isPerson && sightingSources.has(event.source);
}

/** The sighting an event is, if any: posture, passed auth or accounting naming a person on a known MAC. */
export function sightingOf(event: AttributionEvent): Sighting | null {
  if (!isSighting(event)) return null;
  return {
    time: event.time,
    mac: event.mac,
    userName: event.user.raw,
    userKey: event.user.key,
    userSource: event.source as UserSource,
  };
}

/** Per MAC: sighting times ascending (for binary search) and the sightings in the same order. */
export class SightingIndex {
  private readonly byMac = new Map<string, { times: number[]; sightings: Sighting[] }>();

  /** Index the sightings among `events`; other events are ignored. Ties in time keep the event order (./order). */
  constructor(events: Iterable<AttributionEvent>) {
    const grouped = new Map<string, { event: AttributionEvent; sighting: Sighting }[]>();
    for (const event of events) {
      const sighting = sightingOf(event);
      if (sighting === null) continue;
      const group = grouped.get(sighting.mac);
      if (group === undefined) grouped.set(sighting.mac, [{ event, sighting }]);
      else group.push({ event, sighting });
    }
    for (const [mac, group] of grouped) {
      group.sort((a, b) => a.sighting.time - b.sighting.time || compareEvents(a.event, b.event));
      this.byMac.set(mac, { times: group.map((g) => g.sighting.time), sightings: group.map((g) => g.sighting) });
    }
  }

  /** The last sighting of `mac` at a time in [from, to], or null. */
  lastIn(mac: string, from: number, to: number): Sighting | null {
    const entry = this.byMac.get(mac);
    if (entry === undefined) return null;
    const { times, sightings } = entry;
    // First index whose time is > to; the candidate is just before it.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= to) lo = mid + 1;
      else hi = mid;
    }
    const found = sightings[lo - 1];
    return found !== undefined && found.time >= from ? found : null;
  }
}

/**
 * Give each DHCP interval the person ISE last saw on its MAC within [Start − look-back, Start + grace].
 * DHCP carries no user; RADIUS intervals already have their own and are returned unchanged.
 */
export function stitchUsers(
  intervals: readonly Interval[],
  sightings: SightingIndex | Iterable<AttributionEvent>,
  options: Partial<AttributionOptions> = {},
): Interval[] {
  const { stitchLookBackSeconds, stitchGraceSeconds } = resolveAttributionOptions(options);
  const index = sightings instanceof SightingIndex ? sightings : new SightingIndex(sightings);
  return intervals.map((interval) => {
    if (interval.source !== 'dhcp') return interval;
    const seen =
      interval.mac === null
        ? null
        : index.lastIn(interval.mac, interval.start - stitchLookBackSeconds * 1000, interval.start + stitchGraceSeconds * 1000);
    return {
      ...interval,
      userName: seen?.userName ?? null,
      userKey: seen?.userKey ?? null,
      userSource: seen?.userSource ?? null,
    };
  });
}
