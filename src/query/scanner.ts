import type { Engine, PlainRow } from '../engine/index.js';
import type { DataFile, PruneRequest, Snapshot } from '../table/index.js';
import type { ScanInstrumentation } from './instrumentation.js';
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

/**
 * Runs scans: file list from the snapshot's partitions and per-file stats, local paths through the file cache,
 * one DuckDB statement, one instrumentation event. No files left after pruning means no scan at all.
 */
export class Scanner {
  constructor(
    private readonly engine: Engine,
    private readonly instrumentation: ScanInstrumentation,
  ) {}

  async scan(request: ScanRequest): Promise<PlainRow[]> {
    if (!request.snapshot) return [];
    const files = request.snapshot.prune(request.prune);
    if (files.length === 0) return [];
    const started = performance.now();
    const paths = await request.source.localPaths(files);
    const rows = await this.engine.query(request.sql(readParquet(paths)));
    this.instrumentation.record({
      table: request.source.name,
      purpose: request.purpose,
      files: files.length,
      bytes: totalBytes(files),
      rows: rows.length,
      durationMs: performance.now() - started,
    });
    return rows;
  }
}

function totalBytes(files: readonly DataFile[]): number {
  let sum = 0;
  for (const f of files) sum += f.size;
  return sum;
}
