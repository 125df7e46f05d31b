import type { Engine } from '../engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../lake/gold.js';
import type { ObjectStore } from '../storage/types.js';
import type { LocalFileSource } from '../table/index.js';
import { ScanInstrumentation } from './instrumentation.js';
import { MemoryIndex, type MemoryIndexStats } from './memory/memory-index.js';
import { queryLayerDefaults } from './options.js';
import { Scanner } from './scanner.js';
import { QuerySession } from './session.js';
import { TableSource, type SnapshotFreshness } from './table-source.js';

export interface QueryLayerOptions {
  store: ObjectStore;
  engine: Engine;
  /** Where S3 data files are cached locally for DuckDB; unused for local lakes. */
  files?: LocalFileSource;
  instrumentation?: ScanInstrumentation;
  /** Budget of the in-memory index of hot gold files, bytes (0 = off); default queryLayerDefaults.memoryIndexBytes. */
  memoryIndexBytes?: number;
  /** Missing files a request may wait for (more load in the background); default queryLayerDefaults.memoryIndexSyncLoadFiles. */
  memoryIndexSyncLoadFiles?: number;
  /** How long a checked table snapshot serves requests without I/O (0 = check on every request); default queryLayerDefaults.snapshotMaxAgeMs. */
  snapshotMaxAgeMs?: number;
  /** Clock (epoch ms) for the snapshot max age, injectable for tests. */
  now?: () => number;
}

/** One gold table's snapshot as the gateway currently serves it. */
export interface TableFreshness extends SnapshotFreshness {
  name: string;
}

export interface SessionOptions {
  /** Aborted when the request's time is up: pending batches then fail with QueryTimeoutError. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The gateway's only way into the lake: gold tables by Delta snapshot, file lists pruned by partition and
 * stats, DuckDB scans with projection and predicates pushed down. Long-lived (one per server); requests
 * get a QuerySession each.
 */
export class QueryLayer {
  readonly instrumentation: ScanInstrumentation;
  private readonly scanner: Scanner;
  private readonly memory: MemoryIndex | null;
  private readonly attributions: TableSource;
  private readonly events: TableSource;

  constructor(private readonly options: QueryLayerOptions) {
    this.instrumentation = options.instrumentation ?? new ScanInstrumentation();
    const budget = options.memoryIndexBytes ?? queryLayerDefaults.memoryIndexBytes;
    if (!Number.isFinite(budget) || budget < 0) throw new Error(`query: memoryIndexBytes must be 0 or more, got ${budget}`);
    const syncFiles = options.memoryIndexSyncLoadFiles ?? queryLayerDefaults.memoryIndexSyncLoadFiles;
    this.memory = budget > 0 ? new MemoryIndex(options.engine, budget, syncFiles) : null;
    this.scanner = new Scanner(options.engine, this.instrumentation, this.memory);
    const sourceOptions = { files: options.files, snapshotMaxAgeMs: options.snapshotMaxAgeMs, now: options.now };
    this.attributions = new TableSource(options.store, ipAttributionGold, sourceOptions);
    this.events = new TableSource(options.store, ipLookupGold, sourceOptions);
  }

  session(options: SessionOptions = {}): QuerySession {
    return new QuerySession(
      { scanner: this.scanner, attributions: this.attributions, events: this.events },
      options.signal,
      options.timeoutMs,
    );
  }

  /**
   * Pay the first request's fixed costs before serving: open both gold tables' snapshots (log listing,
   * checkpoint, commits — several round trips on S3), run DuckDB once and load the newest hour into the memory
   * index. Resolves to the tables found and the files preloaded; an empty lake is fine (tables the ETL creates
   * later open on the next request).
   */
  async warm(): Promise<{ attributions: boolean; events: boolean; preloadedFiles: number }> {
    const [attributions, events] = await Promise.all([this.attributions.warm(), this.events.warm()]);
    await this.options.engine.query('SELECT 1');
    const preloadedFiles = await this.scanner.preloadNewestHour(
      { source: this.events, snapshot: await this.events.latest() },
      { source: this.attributions, snapshot: await this.attributions.latest() },
    );
    return { attributions, events, preloadedFiles };
  }

  /**
   * Check both gold tables' logs now, whatever the snapshot max age: a writer in this process (the embedded ETL)
   * calls it after committing so the next request sees its data.
   */
  async refreshSnapshots(): Promise<void> {
    await Promise.all([this.attributions.refresh(), this.events.refresh()]);
  }

  /** Which snapshot of each gold table requests get and when it was checked (no I/O). */
  snapshotFreshness(): TableFreshness[] {
    return [this.events, this.attributions].map((source) => ({ name: source.name, ...source.freshness() }));
  }

  /** What the memory index holds and how often it answered; null when it is off. */
  memoryStats(): MemoryIndexStats | null {
    return this.memory?.stats() ?? null;
  }

  /** Health probe: the lake answers a listing of the gold prefix (an empty lake is healthy). */
  async checkLake(): Promise<void> {
    const listing = this.options.store.list('gold/')[Symbol.asyncIterator]();
    try {
      await listing.next();
    } finally {
      await listing.return?.();
    }
  }
}
