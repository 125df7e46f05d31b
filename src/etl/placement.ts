import { hourPartitionOf, hourRangeOf, openIntervalReach, type HourPartition, type TimeSpan } from './attribution/index.js';

const hourMs = 3_600_000;

/**
 * Which hour partitions of ip_attribution_gold hold an interval (the rules are in src/etl/attribution/partitions.ts):
 * a closed or projected interval every hour it overlaps; an open one up to min(watermark, last evidence + horizon).
 * `maxHours` is only a hard safety limit far above any real lease (default 366 days, see etlDefaults): it keeps a
 * corrupt row (a lease-duration of years) from fanning out into tens of thousands of files. Hours past it are not
 * stored, so instant lookups there miss that interval; nothing the rules produce from sane logs comes near it.
 */
export interface PlacementLimits {
  /** How long an open interval is asserted after its last evidence (AttributionOptions.openIntervalHorizonSeconds). */
  openHorizonMs: number;
  /** Hard safety limit on the hours one interval is copied into, counted from its Start. */
  maxHours: number;
}

/** Where an open interval stands: the watermark and when its session was last heard of (null: unknown, use Start). */
export interface OpenState {
  watermark: number;
  lastEvidence: number | null;
}

function reachOf(span: TimeSpan, state: OpenState, limits: PlacementLimits): number {
  return openIntervalReach(state.lastEvidence ?? span.start, state.watermark, limits.openHorizonMs);
}

/** Every hour partition the interval is stored in, oldest first. */
export function storedHours(span: TimeSpan, state: OpenState, limits: PlacementLimits): HourPartition[] {
  const { first, last } = hourRangeOf(span, reachOf(span, state, limits));
  return hoursBetween(first, Math.min(last, first + limits.maxHours - 1));
}

/**
 * The partitions an open interval gains when the watermark moves from `before` to `after` with no new evidence
 * for it (closed intervals are stored whole when written and gain nothing).
 */
export function hoursGained(
  span: TimeSpan,
  lastEvidence: number | null,
  before: number,
  after: number,
  limits: PlacementLimits,
): HourPartition[] {
  if (span.end !== null) return [];
  const old = hourRangeOf(span, reachOf(span, { watermark: before, lastEvidence }, limits));
  const now = hourRangeOf(span, reachOf(span, { watermark: after, lastEvidence }, limits));
  return hoursBetween(Math.max(old.last + 1, now.first), Math.min(now.last, now.first + limits.maxHours - 1));
}

function hoursBetween(first: number, last: number): HourPartition[] {
  const out: HourPartition[] = [];
  for (let hour = first; hour <= last; hour++) out.push(hourPartitionOf(hour * hourMs));
  return out;
}
