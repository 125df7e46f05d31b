import { tmpdir } from 'node:os';
import path from 'node:path';

/** How the one DuckDB instance of a process is set up. Every default lives here. */
export interface EngineOptions {
  /** DuckDB worker threads; the box has 2 cores. */
  threads: number;
  /** Where DuckDB spills sorts and joins that do not fit in memory. */
  tempDirectory: string;
  /** DuckDB memory limit, e.g. '1GB'; beyond it DuckDB spills to tempDirectory. */
  memoryLimit: string;
  /** Connections kept open; queries beyond this many wait their turn. */
  connections: number;
  /**
   * After a task whose allocations peaked past this size (e.g. '4MB'), DuckDB hands its allocator's freed memory
   * back to the OS; undefined keeps DuckDB's own default (128 MiB), which lets a long write keep that much per thread.
   */
  allocatorFlushThreshold: string | undefined;
  /** Let DuckDB's allocator return freed memory from a background thread too (DuckDB's default: off). */
  allocatorBackgroundThreads: boolean;
  /**
   * Keep blocks of the data files DuckDB reads in its buffer pool (`enable_external_file_cache`, DuckDB's default: on).
   * Every file DuckDB reads here is a local path (S3 objects are read through the local cache), so this holds a
   * second copy of what the OS page cache already has; it pays off only for files read again soon.
   */
  externalFileCache: boolean;
  /**
   * Keep the footers of the Parquet files DuckDB has read (`parquet_metadata_cache`): a query over files read before
   * skips parsing them again. The cache has no bound of its own and grows with the number of files read.
   */
  parquetMetadataCache: boolean;
}

export const defaultEngineOptions: EngineOptions = {
  threads: 2,
  // Per process: DuckDB's spill file names are not unique across processes sharing a directory.
  tempDirectory: path.join(tmpdir(), `iplake-duckdb-${process.pid}`),
  memoryLimit: '1GB',
  connections: 4,
  allocatorFlushThreshold: undefined,
  allocatorBackgroundThreads: false,
  externalFileCache: true,
  parquetMetadataCache: true,
};

export function resolveEngineOptions(options: Partial<EngineOptions> = {}): EngineOptions {
  const resolved = { ...defaultEngineOptions, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.threads) || resolved.threads < 1) {
    throw new Error(`engine: threads must be a positive integer, got ${resolved.threads}`);
  }
  if (!Number.isInteger(resolved.connections) || resolved.connections < 1) {
    throw new Error(`engine: connections must be a positive integer, got ${resolved.connections}`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
