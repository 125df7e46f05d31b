import type { Engine, PlainRow } from '../engine/index.js';
import type { DataFile, PruneRequest, Snapshot } from '../table/index.js';
import type { ScanInstrumentation } from './instrumentation.js';
import type { AttributionFile } from './memory/attribution-file.js';
import type { EventFile } from './memory/event-file.js';
import type { KeyHint } from './memory/key-sketch.js';
import type { MemoryIndex } from './memory/memory-index.js';
import { newestPartition, partitionFiles, pruneSnapshot } from './partition-index.js';
import { readParquet } from './sql.js';
import type { TableSource } from './table-source.js';

/** One pruned Parquet scan: which table, why, which files may match, and the SQL around `FROM <files>`. */
export interface ScanRequest {
  source: TableSource;
  snapshot: Snapshot | null;
  purpose: string;
  prune: PruneRequest;
  /** Builds the statement given the `read_parquet(...)` table expression. */
  sql: (from: string) => string;
}

/** A question with two ways to answer it: DuckDB's rows, or the resident files of the memory index. */
export interface AnswerRequest<T, F> extends ScanRequest {
  fromRows: (rows: PlainRow[]) => T;
  fromFiles: (files: readonly F[]) => T;
  /** The entity keys every matching row holds one of: lets the memory index skip chunks and files without them. */
  keys?: KeyHint | undefined;
}

/**
 * Runs scans: file list from the snapshot's partitions and per-file stats, then the answer from the memory
 * index when every file is resident (or loadable within its budget), else one DuckDB statement over local
 * paths through the file cache. One instrumentation event either way; no files left after pruning means no scan.
 */
export class Scanner {
  constructor(
    private readonly engine: Engine,
    private readonly instrumentation: ScanInstrumentation,
    private readonly memory: MemoryIndex | null = null,
  ) {}

  /**
   * Load the newest hour of both gold tables into the memory index: the hour analysts ask about most ("who has
   * this address now?"), and the first read of a process also pays the Parquet reader's set-up and cold code,
   * which a request would otherwise wait for. Returns the files loaded (0 without a memory index or data).
   */
  async preloadNewestHour(
    events: { source: TableSource; snapshot: Snapshot | null },
    attributions: { source: TableSource; snapshot: Snapshot | null },
  ): Promise<number> {
    if (!this.memory || !events.snapshot) return 0;
    const newest = newestPartition(events.snapshot);
    if (!newest) return 0;
    const intervals = attributions.snapshot ? partitionFiles(attributions.snapshot, newest.values) : [];
    const [eventFiles, intervalFiles] = await Promise.all([
      this.memory.events(events.source, newest.files),
      intervals.length > 0 ? this.memory.attributions(attributions.source, intervals) : Promise.resolve([]),
    ]);
    await Promise.all([this.memory.readIpBounds(events.source, newest.files), this.memory.readIpBounds(attributions.source, intervals)]);
    return (eventFiles?.length ?? 0) + (intervalFiles?.length ?? 0);
  }

  async scan(request: ScanRequest): Promise<PlainRow[]> {
    if (!request.snapshot) return [];
    const files = pruneSnapshot(request.snapshot, request.prune);
    if (files.length === 0) return [];
    return this.duckdb(request, files);
  }

  answerEvents<T>(request: AnswerRequest<T, EventFile>): Promise<T> {
    return this.answer(request, (files) => this.memory?.events(request.source, files, request.keys) ?? Promise.resolve(null));
  }

  answerAttributions<T>(request: AnswerRequest<T, AttributionFile>): Promise<T> {
    return this.answer(request, (files) => this.memory?.attributions(request.source, files, request.keys) ?? Promise.resolve(null));
  }

  private async answer<T, F>(request: AnswerRequest<T, F>, resident: (files: DataFile[]) => Promise<F[] | null>): Promise<T> {
    if (!request.snapshot) return request.fromRows([]);
    const files = pruneSnapshot(request.snapshot, request.prune);
    if (files.length === 0) return request.fromRows([]);
    const started = performance.now();
    const inMemory = await resident(files);
    if (inMemory === null) {
      // Files whose key sketch rules every key out hold no matching row: DuckDB skips them.
      const candidates = this.memory ? this.memory.candidateFiles(request.source, files, request.keys) : files;
      return request.fromRows(candidates.length === 0 ? [] : await this.duckdb(request, candidates));
    }
    const answer = request.fromFiles(inMemory);
    this.record(request, files, 0, started, 'memory');
    return answer;
  }

  private async duckdb(request: ScanRequest, files: DataFile[]): Promise<PlainRow[]> {
    const started = performance.now();
    const paths = await request.source.localPaths(files);
    const rows = await this.engine.query(request.sql(readParquet(paths)));
    this.record(request, files, rows.length, started, 'duckdb');
    return rows;
  }

  private record(request: ScanRequest, files: readonly DataFile[], rows: number, started: number, engine: 'duckdb' | 'memory'): void {
    this.instrumentation.record({
      table: request.source.name,
      purpose: request.purpose,
      files: files.length,
      bytes: totalBytes(files),
      rows,
      durationMs: performance.now() - started,
      engine,
    });
  }
}

function totalBytes(files: readonly DataFile[]): number {
  let sum = 0;
  for (const f of files) sum += f.size;
  return sum;
}
