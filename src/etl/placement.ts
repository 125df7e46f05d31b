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

/** Hour indexes (epoch ms / 1 h), both inclusive; empty when `last < first`. */
export interface HourRange {
  first: number;
  last: number;
}

/** The hours the interval is stored in, as a range (see storedHours). */
export function storedHourRange(span: TimeSpan, state: OpenState, limits: PlacementLimits): HourRange {
  const { first, last } = hourRangeOf(span, reachOf(span, state, limits));
  return { first, last: Math.min(last, first + limits.maxHours - 1) };
}

/** Every hour partition the interval is stored in, oldest first. */
export function storedHours(span: TimeSpan, state: OpenState, limits: PlacementLimits): HourPartition[] {
  return partitionsIn(storedHourRange(span, state, limits));
}

/**
 * The hours an open interval gains when the watermark moves from `before` to `after` with no new evidence
 * for it (closed intervals are stored whole when written and gain nothing), as a range (see hoursGained).
 */
export function gainedHourRange(
  span: TimeSpan,
  lastEvidence: number | null,
  before: number,
  after: number,
  limits: PlacementLimits,
): HourRange {
  if (span.end !== null) return { first: 0, last: -1 };
  const old = hourRangeOf(span, reachOf(span, { watermark: before, lastEvidence }, limits));
  const now = hourRangeOf(span, reachOf(span, { watermark: after, lastEvidence }, limits));
  return { first: Math.max(old.last + 1, now.first), last: Math.min(now.last, now.first + limits.maxHours - 1) };
}

/** The partitions an open interval gains when the watermark moves from `before` to `after` (see gainedHourRange). */
export function hoursGained(
  span: TimeSpan,
  lastEvidence: number | null,
  before: number,
  after: number,
  limits: PlacementLimits,
): HourPartition[] {
  return partitionsIn(gainedHourRange(span, lastEvidence, before, after, limits));
}

/** The partition of an hour index. */
export function hourPartitionAt(hour: number): HourPartition {
  return hourPartitionOf(hour * hourMs);
}

function partitionsIn(range: HourRange): HourPartition[] {
  const out: HourPartition[] = [];
  for (let hour = range.first; hour <= range.last; hour++) out.push(hourPartitionAt(hour));
  return out;
}
