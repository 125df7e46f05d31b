import { isNotFound, type ObjectStore } from '../storage/types.js';
import type { ExpectationTally } from './expectations.js';
import type { ObjectPosition } from './object-range.js';
import type { LandingSource } from './options.js';

/** Counts of one run (or of several plans executed by one `runEtl` call). */
export interface RunCounters {
  /** Landing objects read to their end (consumed); an object read in part counts in the run that finishes it. */
  objects: number;
  /** Decompressed bytes read (lines, as they went to bronze). */
  bytes: number;
  /**
   * Decompressed bytes passed over without parsing: the part of a gzip object an earlier run already read (gzip
   * cannot seek, so a run that resumes it decompresses from the start).
   */
  skippedBytes: number;
  /** Objects read in part: from where an earlier run stopped, or up to a stop before their end (see object-range.ts). */
  ranges: ObjectRangeRead[];
  /** Bronze lines per landing source. */
  lines: Record<LandingSource, number>;
  /** Bronze lines that became silver rows (a segmented ISE message counts all its lines). */
  silverLines: Record<LandingSource, number>;
  /** Bronze lines that went to quarantine. */
  quarantinedLines: Record<LandingSource, number>;
  /** Quarantined rows per `<kind>:<rule>` (parser reasons, expectation names, unreadable remainders). */
  quarantined: Record<string, number>;
  /** Rows written per table (`<layer>/<name>`). */
  rows: Record<string, number>;
  expectations: ExpectationTally;
  /** Landing objects whose remainder could not be read (truncated gzip, read error). */
  unreadableObjects: number;
}

/** A landing object a run read only a range of; `to` null: read to its end, so now consumed. */
export interface ObjectRangeRead {
  /** The run (checkpoint version) that read it. */
  version: number;
  key: string;
  from: ObjectPosition;
  to: ObjectPosition | null;
}

export interface IntervalCounts {
  /** Intervals (distinct IntervalIds) written by the recomputation. */
  written: number;
  /** Of those, intervals still open (RADIUS sessions without Stop). */
  open: number;
  /** Intervals that were open before this run and are closed now. */
  closed: number;
  /** Intervals that did not exist before this run. */
  opened: number;
  /** IPs whose intervals were recomputed. */
  ips: number;
  /** Hour partitions rewritten. */
  partitions: number;
}

export interface RunSummary extends RunCounters {
  runId: string;
  status: 'idle' | 'completed';
  /** Run (checkpoint) versions completed by this call, resumed ones included. */
  versions: number[];
  /** Versions this call resumed after another process stopped mid-run. */
  resumed: number[];
  /** Tables committed per version (`<layer>/<name>`); tables skipped because already committed are not listed. */
  commits: string[];
  intervals: IntervalCounts;
  /** Latest event time seen (epoch ms), after this run. */
  watermark: number | null;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  linesPerSecond: number;
}

export const emptyCounters = (): RunCounters => ({
  objects: 0,
  bytes: 0,
  skippedBytes: 0,
  ranges: [],
  lines: { dhcp: 0, ise: 0 },
  silverLines: { dhcp: 0, ise: 0 },
  quarantinedLines: { dhcp: 0, ise: 0 },
  quarantined: {},
  rows: {},
  expectations: {},
  unreadableObjects: 0,
});

export const emptyIntervalCounts = (): IntervalCounts => ({ written: 0, open: 0, closed: 0, opened: 0, ips: 0, partitions: 0 });

/** Add b's counts into a. */
export function addCounters(a: RunCounters, b: RunCounters): void {
  a.objects += b.objects;
  a.bytes += b.bytes;
  a.skippedBytes += b.skippedBytes;
  a.ranges.push(...b.ranges);
  a.unreadableObjects += b.unreadableObjects;
  for (const source of ['dhcp', 'ise'] as const) {
    a.lines[source] += b.lines[source];
    a.silverLines[source] += b.silverLines[source];
    a.quarantinedLines[source] += b.quarantinedLines[source];
  }
  for (const [k, v] of Object.entries(b.quarantined)) a.quarantined[k] = (a.quarantined[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.rows)) a.rows[k] = (a.rows[k] ?? 0) + v;
  for (const [table, rules] of Object.entries(b.expectations)) {
    const target = (a.expectations[table] ??= {});
    for (const [rule, entry] of Object.entries(rules)) {
      const t = (target[rule] ??= { action: entry.action, failed: 0 });
      t.failed += entry.failed;
    }
  }
}

export function addIntervalCounts(a: IntervalCounts, b: IntervalCounts): void {
  for (const key of Object.keys(a) as (keyof IntervalCounts)[]) a[key] += b[key];
}

/**
 * The invariant of every run: each bronze line is either in silver or in quarantine, per source.
 * Throws with the numbers when it does not hold, before anything is committed.
 */
export function assertLinesBalance(counters: RunCounters, version: number): void {
  for (const source of ['dhcp', 'ise'] as const) {
    const bronze = counters.lines[source];
    const silver = counters.silverLines[source];
    const quarantined = counters.quarantinedLines[source];
    if (bronze !== silver + quarantined) {
      throw new Error(
        `etl: run ${version} does not balance for ${source}: ${bronze} bronze lines but ${silver} in silver + ${quarantined} quarantined ` +
          `= ${silver + quarantined}; nothing was committed — this is a pipeline bug, report it with the landing objects of the run`,
      );
    }
  }
}

export const summaryKey = (runId: string): string => `_runs/${runId}.json`;

export async function writeRunSummary(store: ObjectStore, summary: RunSummary): Promise<void> {
  await store.put(summaryKey(summary.runId), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
}

/** The most recent run summaries, newest first (run ids sort by start time). */
export async function readRecentSummaries(store: ObjectStore, limit = 10): Promise<RunSummary[]> {
  const keys: string[] = [];
  for await (const info of store.list('_runs/')) if (info.key.endsWith('.json')) keys.push(info.key);
  keys.sort().reverse();
  const out: RunSummary[] = [];
  for (const key of keys.slice(0, limit)) {
    try {
      out.push(JSON.parse(new TextDecoder().decode(await store.get(key))) as RunSummary);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw new Error(`etl: run summary ${key} in ${store.uri} is unreadable: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
  return out;
}

/** Sortable, unique run id: UTC time then a random suffix. */
export function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${Math.random().toString(16).slice(2, 10)}`;
}
