import { hourPartitionOf, hourRangeOf, type HourPartition, type TimeSpan } from './attribution/index.js';

const hourMs = 3_600_000;

/**
 * Which hour partitions of ip_attribution_gold hold an interval: every hour it overlaps, open or
 * projected ends up to the watermark's hour (src/etl/attribution/partitions.ts) — but never more than
 * `maxHours` hours from its Start. Without the cap, one RADIUS session whose Stop never came, years
 * before the watermark (mixed-era fixtures, a skewed clock), would be copied into tens of thousands
 * of partitions. Past the cap such an interval is not found by instant lookups (see EtlOptions).
 */
export function storedHours(span: TimeSpan, watermark: number, maxHours: number): HourPartition[] {
  const { first, last } = hourRangeOf(span, watermark);
  return hoursBetween(first, Math.min(last, first + maxHours - 1));
}

/** The partitions an interval gains when the watermark moves from `before` to `after`, within the cap. */
export function hoursGained(span: TimeSpan, before: number, after: number, maxHours: number): HourPartition[] {
  const old = hourRangeOf(span, before);
  const now = hourRangeOf(span, after);
  const cap = now.first + maxHours - 1;
  return hoursBetween(Math.max(old.last + 1, now.first), Math.min(now.last, cap));
}

function hoursBetween(first: number, last: number): HourPartition[] {
  const out: HourPartition[] = [];
  for (let hour = first; hour <= last; hour++) out.push(hourPartitionOf(hour * hourMs));
  return out;
}
