import { Engine } from '../engine/index.js';
import { silverTables } from '../lake/silver.js';
import type { SilverSource } from '../parsers/types.js';
import { TableWriter, type DeltaTable } from '../table/index.js';
import type { DataFile } from '../table/types.js';
import {
  commitCheckpoint,
  createIntent,
  mergeConsumed,
  mergePartial,
  readIntent,
  readLatestCheckpoint,
  type Checkpoint,
  type RunIntent,
} from './checkpoint.js';
import { computeAttributionUpdate } from './gold-attribution.js';
import { decompressedSize } from './decompressed-size.js';
import { EventBuffer } from './event-buffer.js';
import { discoverLanding, type LandingObject } from './landing.js';
import { openLakeTables, tablesInCommitOrder, type LakeTables } from './lake-tables.js';
import { EtlBusyError, Heartbeat, liveHolder } from './lease.js';
import { etlDefaults, resolveEtlOptions, type EtlOptions, type ResolvedEtlOptions } from './options.js';
import { flushAll, processObject, silverRoutes, type PassSinks, type PassState } from './process-object.js';
import { OBJECT_START, type ObjectPosition } from './object-range.js';
import { ProgressReporter } from './progress.js';
import {
  addCounters,
  addIntervalCounts,
  assertLinesBalance,
  emptyCounters,
  emptyIntervalCounts,
  newRunId,
  writeRunSummary,
  type IntervalCounts,
  type RunCounters,
  type RunSummary,
} from './summary.js';
import { HourPartitions, TableSink } from './table-sink.js';

/** The Delta `txn` appId of every ETL commit; its version is the run (checkpoint) number. */
export const ETL_APP_ID = 'iplake-etl';

/**
 * Run the ETL once: finish a run another process left half done, then process every landing object
 * not yet consumed (in runs of at most maxObjectsPerRun / maxBytesPerRun; an object larger than a run is
 * read over several, a line range each), and return what happened.
 *
 * Exactly-once without multi-table transactions (see checkpoint.ts):
 *   plan → intent n (put-if-absent) → each table committed with txn (iplake-etl, n), skipped when the
 *   table already has it → checkpoint n (put-if-absent). A crash anywhere leaves intent n without
 *   checkpoint n; the next run re-executes exactly that plan, and the txn check keeps every table's
 *   rows from being written twice. Outputs depend only on the plan and the state after run n−1.
 */
export async function runEtl(options: EtlOptions): Promise<RunSummary> {
  const opts = resolveEtlOptions(options);
  const startedAt = opts.now();
  const runId = newRunId(startedAt);
  const engine =
    opts.engine ??
    (await Engine.create({
      memoryLimit: opts.engineMemoryLimit,
      allocatorFlushThreshold: opts.engineAllocatorFlushThreshold,
      allocatorBackgroundThreads: true,
      // Neither cache pays in a run, which reads each data file once or a few times (and from a local path), and
      // both held memory that grew with the lake. 10.3 M lines in 20 runs, in-process, JS heap capped at 512 MB:
      // per-run peak RSS rose run by run from 699 to 1,265 MB with both (DuckDB's defaults) and from 625 to 990 MB
      // without the file cache (the footer cache grew 5 -> 108 MB); without either it stayed 686-843 MB. CPU 1,196 s
      // with both, 1,189 s without either.
      externalFileCache: false,
      parquetMetadataCache: false,
    }));
  const counters = emptyCounters();
  const intervals = emptyIntervalCounts();
  const versions: number[] = [];
  const resumed: number[] = [];
  const commits: string[] = [];
  let watermark: number | null = null;
  try {
    // Checkpoints are written with the run's engine, not a hidden one.
    const tables = await openLakeTables(opts.store, { engine });
    const waitUntil = startedAt + opts.waitTimeoutMs;
    for (;;) {
      const checkpoint = await readLatestCheckpoint(opts.store);
      watermark = checkpoint?.watermark ?? null;
      const version = (checkpoint?.version ?? 0) + 1;
      let intent = await readIntent(opts.store, version);
      if (intent) {
        const holder = await liveHolder(opts.store, version, opts.now(), opts.leaseMs, runId);
        if (holder) {
          if (opts.onBusy === 'exit' || opts.now() >= waitUntil) throw new EtlBusyError(version, holder.holder, holder.until);
          await sleep(Math.min(1000, opts.heartbeatMs));
          continue;
        }
        resumed.push(version);
      } else {
        const planned = await plan(opts, checkpoint);
        if (planned.length === 0) break;
        intent = { version, runId, createdAt: opts.now(), owner: opts.owner, objects: planned };
        // Lost the race for plan n: loop, find the winner's intent and its lease.
        if (!(await createIntent(opts.store, intent))) continue;
      }
      const heartbeat = new Heartbeat(opts.store, { version, runId, owner: opts.owner }, opts.leaseMs, opts.heartbeatMs, opts.now);
      await heartbeat.start();
      let failed = true;
      try {
        const result = await executeRun(intent, checkpoint, tables, engine, opts, runId);
        failed = false;
        addCounters(counters, result.counters);
        addIntervalCounts(intervals, result.intervals);
        commits.push(...result.commits.map((t) => `${version}:${t}`));
        watermark = result.watermark;
        versions.push(version);
      } finally {
        if (failed) await heartbeat.release().catch(() => undefined);
        else heartbeat.stop();
      }
    }
  } finally {
    if (!opts.engine) await engine.close();
  }
  const finishedAt = opts.now();
  const durationMs = finishedAt - startedAt;
  const lines = counters.lines.dhcp + counters.lines.ise;
  const summary: RunSummary = {
    runId,
    status: versions.length > 0 ? 'completed' : 'idle',
    versions,
    resumed,
    commits,
    ...counters,
    intervals,
    watermark,
    startedAt,
    finishedAt,
    durationMs,
    linesPerSecond: durationMs > 0 ? Math.round((lines * 1000) / durationMs) : 0,
  };
  // An idle run leaves the lake untouched: nothing new, nothing written.
  if (versions.length > 0) await writeRunSummary(opts.store, summary);
  return summary;
}

/**
 * The next landing objects to consume, in key order, within the per-run bounds. Bytes are counted
 * decompressed (see decompressedSize): a run's memory and time follow what it parses, not what it downloads.
 * An object partly read by earlier runs counts only its rest, from where the last one stopped. An object whose
 * rest exceeds the run's bytes is planned alone with the run's bytes as its budget: the run reads a range of it.
 */
async function plan(opts: ResolvedEtlOptions, checkpoint: Checkpoint | undefined): Promise<LandingObject[]> {
  const consumed = new Set(checkpoint?.consumed ?? []);
  const partial = checkpoint?.partial ?? {};
  const pending = await discoverLanding(opts.store, (key) => consumed.has(key));
  const planned: LandingObject[] = [];
  let bytes = 0;
  // Sizes are looked up a few objects at a time: concurrent small reads, and none far past the run's end.
  for (let start = 0; start < pending.length; start += etlDefaults.planSizeLookups) {
    const batch = pending.slice(start, start + etlDefaults.planSizeLookups);
    const sizes = await Promise.all(batch.map((o) => decompressedSize(opts.store, o.key, o.size, etlDefaults.gzipFallbackRatio)));
    for (let i = 0; i < batch.length; i += 1) {
      const object = batch[i] as LandingObject;
      const from = partial[object.key];
      const rest = Math.max(0, (sizes[i] as number) - (from?.offset ?? 0));
      if (planned.length >= opts.maxObjectsPerRun || (planned.length > 0 && bytes + rest > opts.maxBytesPerRun)) return planned;
      const ranged: LandingObject = from ? { ...object, start: { offset: from.offset, line: from.line } } : object;
      if (rest > opts.maxBytesPerRun) return [{ ...ranged, budget: opts.maxBytesPerRun }];
      planned.push(ranged);
      bytes += rest;
    }
  }
  return planned;
}

interface RunResult {
  counters: RunCounters;
  intervals: IntervalCounts;
  commits: string[];
  watermark: number | null;
}

async function executeRun(
  intent: RunIntent,
  checkpoint: Checkpoint | undefined,
  tables: LakeTables,
  engine: Engine,
  opts: ResolvedEtlOptions,
  runId: string,
): Promise<RunResult> {
  const n = intent.version;
  const txn = { appId: ETL_APP_ID, version: n };
  const startedAt = opts.now();
  const progress = new ProgressReporter(n, intent.objects.length, startedAt, opts.now, opts.onProgress);
  progress.emit('plan');
  for (const table of tablesInCommitOrder(tables)) await table.refresh();
  const done = (table: DeltaTable): boolean => (table.snapshot().txnVersion(ETL_APP_ID) ?? 0) >= n;

  // 1. One pass over the plan's objects; tables already committed by an earlier attempt only count.
  const writers: TableWriter[] = [];
  const sinkFor = async (table: DeltaTable): Promise<TableSink> => {
    const writer = done(table) ? null : await TableWriter.create(engine, table, { flushBytes: opts.writerFlushBytes });
    if (writer) writers.push(writer);
    return new TableSink(table.spec, writer, opts.batchRows);
  };
  const silver = new Map<SilverSource, TableSink>();
  for (const t of silverTables) silver.set(t.source, await sinkFor(tables.silver.get(t.source) as DeltaTable));
  const sinks: PassSinks = {
    bronze: { dhcp: await sinkFor(tables.bronze.dhcp), ise: await sinkFor(tables.bronze.ise) },
    silver,
    quarantine: await sinkFor(tables.quarantine),
    lookup: await sinkFor(tables.lookup),
  };
  const counters = emptyCounters();
  const state: PassState = {
    store: opts.store,
    options: opts,
    sinks,
    routes: silverRoutes(sinks),
    counters,
    hours: new HourPartitions(),
    progress,
    events: new EventBuffer(),
    maxEventTime: null,
  };
  const commits: string[] = [];
  try {
    // Objects this run stopped in before their end, and where (see object-range.ts).
    const stops = new Map<string, ObjectPosition>();
    for (const object of intent.objects) {
      try {
        const stoppedAt = await processObject(object, state);
        if (stoppedAt !== null) stops.set(object.key, stoppedAt);
        if (stoppedAt !== null || object.start !== undefined) {
          counters.ranges.push({ version: n, key: object.key, from: object.start ?? OBJECT_START, to: stoppedAt });
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`etl: run ${n} failed while reading ${object.key}: ${message}`, { cause: err });
      }
      progress.objectsDone += 1;
      progress.emit('read', { object: object.key }, false);
    }
    await flushAll(sinks, true);
    assertLinesBalance(counters, n);

    // 2. Commit bronze → silver → quarantine → ip_lookup_gold, each with txn n.
    const ordered: TableSink[] = [sinks.bronze.dhcp, sinks.bronze.ise, ...silver.values(), sinks.quarantine, sinks.lookup];
    for (const sink of ordered) {
      counters.rows[`${sink.spec.layer}/${sink.spec.name}`] = sink.rows;
      if (!sink.writer) continue;
      progress.emit('commit', { table: sink.writer.table.root });
      const files = await sink.writer.finish();
      if (await commitFiles(sink.writer.table, { operation: 'WRITE', add: files, txn }, files)) commits.push(sink.writer.table.root);
      await opts.afterStep?.(`commit:${sink.writer.table.root}`);
    }

    // 3. ip_attribution_gold, incrementally, from the committed silver.
    const watermarkBefore = checkpoint?.watermark ?? null;
    const watermarkAfter =
      state.maxEventTime === null ? watermarkBefore : Math.max(watermarkBefore ?? -Infinity, state.maxEventTime);
    let intervals = emptyIntervalCounts();
    if (!done(tables.attribution)) {
      progress.emit('gold', { table: tables.attribution.root });
      const update = await computeAttributionUpdate({
        engine,
        tables,
        cache: opts.cache,
        // Read one at a time: only the events the gold step keeps become objects (see EventBuffer).
        newEvents: state.events,
        watermarkBefore,
        watermarkAfter,
        maxIntervalHours: opts.maxIntervalHours,
        attribution: opts.attribution,
        runStarts: new Map(intent.objects.flatMap((o) => (o.start && o.start.line > 0 ? [[o.key, o.start.line] as const] : []))),
      });
      intervals = update.counts;
      const request = { operation: 'MERGE', add: update.add, remove: update.remove, txn };
      if (await commitFiles(tables.attribution, request, update.add)) commits.push(tables.attribution.root);
      await opts.afterStep?.(`commit:${tables.attribution.root}`);
    }

    // 4. The checkpoint: run n is done.
    const read = intent.objects.map((o) => o.key);
    const finished = read.filter((key) => !stops.has(key));
    const partial = mergePartial(checkpoint?.partial, read, stops);
    await commitCheckpoint(opts.store, {
      version: n,
      runId,
      committedAt: opts.now(),
      consumed: mergeConsumed(checkpoint?.consumed ?? [], finished),
      watermark: watermarkAfter,
      objects: finished.length,
      ...(partial ? { partial } : {}),
    });
    await opts.afterStep?.('checkpoint');
    progress.emit('done');
    return { counters, intervals, commits, watermark: watermarkAfter };
  } finally {
    for (const writer of writers) await writer.abort().catch(() => undefined);
  }
}

/**
 * Commit unless the table already has this run's txn (another attempt got there first): then the
 * files just uploaded are nobody's, and are deleted at once. Empty commits are skipped.
 * Returns whether this call committed.
 */
async function commitFiles(
  table: DeltaTable,
  request: { operation: string; add: readonly DataFile[]; remove?: readonly DataFile[]; txn: { appId: string; version: number } },
  uploaded: readonly DataFile[],
): Promise<boolean> {
  if (request.add.length === 0 && (request.remove ?? []).length === 0) return false;
  const result = await table.commitWithRetry(request);
  if (result.alreadyCommitted) {
    for (const file of uploaded) await table.store.delete(table.dataKey(file)).catch(() => undefined);
    return false;
  }
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
