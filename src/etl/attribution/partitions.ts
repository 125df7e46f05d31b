/**
 * Where intervals are stored in the hour-partitioned `ip_attribution_gold`, and what "contains an instant" means.
 * Each interval is copied into every UTC hour it overlaps (an open one only as far as its reach, see below), so the
 * intervals that contain an instant are exactly the rows of that instant's hour whose half-open [Start, End) contains
 * it: one partition answers the question.
 */

const hourMs = 3_600_000;

/** A (dt, hr) partition: dt = YYYY-MM-DD, hr = HH, both UTC. */
export interface HourPartition {
  dt: string;
  hr: string;
}

/** The part of an interval placement needs. */
export interface TimeSpan {
  start: number;
  /** Exclusive; null while open. */
  end: number | null;
}

function hourIndex(instant: number): number {
  return Math.floor(instant / hourMs);
}

export function hourPartitionOf(instant: number): HourPartition {
  const iso = new Date(hourIndex(instant) * hourMs).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}

/** `dt=YYYY-MM-DD/hr=HH`, handy as a set key. */
export function partitionKey(partition: HourPartition): string {
  return `dt=${partition.dt}/hr=${partition.hr}`;
}

/**
 * The last instant an open interval is asserted at: the watermark, but never more than the horizon after its last
 * evidence (the latest accounting record of its session). A session whose Stop never came is claimed for a while
 * after we last heard of it, not forever; its row still says End null / `open`, which is the honest fact.
 */
export function openIntervalReach(lastEvidence: number, watermark: number, horizonMs: number): number {
  return Math.min(watermark, lastEvidence + horizonMs);
}

/**
 * First and last hour index (epoch ms / 1 h) an interval is stored in. A closed interval, also one whose End is only
 * projected (a lease end after the watermark), is stored in every hour it overlaps: its End is bounded by evidence
 * (last ACK + lease). An open interval is stored up to the hour of `openReach` (see openIntervalReach); later hours
 * are added when the watermark moves on while the reach allows it (see hoursAddedByReach).
 */
export function hourRangeOf(span: TimeSpan, openReach: number): { first: number; last: number } {
  const first = hourIndex(span.start);
  const last = span.end === null ? hourIndex(openReach) : hourIndex(span.end - 1);
  return { first, last: Math.max(first, last) };
}

function partitionsBetween(first: number, last: number): HourPartition[] {
  const out: HourPartition[] = [];
  for (let hour = first; hour <= last; hour++) out.push(hourPartitionOf(hour * hourMs));
  return out;
}

/** Every UTC hour partition the interval is stored in, oldest first (`openReach` matters only while it is open). */
export function hourPartitionsOf(span: TimeSpan, openReach: number): HourPartition[] {
  const { first, last } = hourRangeOf(span, openReach);
  return partitionsBetween(first, last);
}

/** The partitions an open interval gains when its reach moves from `before` to `after`; none for a closed one. */
export function hoursAddedByReach(span: TimeSpan, before: number, after: number): HourPartition[] {
  if (span.end !== null) return [];
  const old = hourRangeOf(span, before);
  const now = hourRangeOf(span, after);
  return partitionsBetween(Math.max(old.last + 1, now.first), now.last);
}

/**
 * The partition a reader scans for an instant: its own hour, or the watermark's hour for instants after it
 * (open intervals are not stored past the watermark; the ones whose reach touches its hour are "still open as
 * far as the lake knows"). Closed and projected intervals are also in the instant's own hour when that exists.
 */
export function partitionToRead(instant: number, watermark: number): HourPartition {
  return hourPartitionOf(hourIndex(instant) > hourIndex(watermark) ? watermark : instant);
}

/** Half-open containment: Start ≤ instant < End, and an open interval contains every instant from its Start on. */
export function containsInstant(span: TimeSpan, instant: number): boolean {
  return span.start <= instant && (span.end === null || instant < span.end);
}

/** The rows of one partition that hold at `instant`. */
export function intervalsAt<T extends TimeSpan>(rows: Iterable<T>, instant: number): T[] {
  const out: T[] = [];
  for (const row of rows) if (containsInstant(row, instant)) out.push(row);
  return out;
}
