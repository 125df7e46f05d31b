import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Engine } from '../engine/duckdb.js';
import { silentLogger, type Logger } from '../util/log.js';

/** How a DeltaTable reads and maintains its log. Every default lives here. */
export interface DeltaTableOptions {
  /**
   * DuckDB engine that writes checkpoint Parquet (reading needs none: see checkpoint.ts). Writers should pass
   * theirs; the default is a small engine the table layer starts once per process on first write (log-engine.ts).
   */
  engine: Engine | undefined;
  /** Write a checkpoint after every commit whose version is a multiple of this; 0 = never. */
  checkpointInterval: number;
  /** Checkpoint fallbacks are logged at debug level, failed checkpoint writes at warn. */
  logger: Logger;
  /** Temp files: checkpoint NDJSON before COPY, Parquet before upload. */
  tempDirectory: string;
}

export const defaultDeltaTableOptions: DeltaTableOptions = {
  engine: undefined,
  checkpointInterval: 10,
  logger: silentLogger,
  tempDirectory: path.join(tmpdir(), 'iplake-delta-log'),
};

export function resolveDeltaTableOptions(options: Partial<DeltaTableOptions> = {}): DeltaTableOptions {
  const resolved: DeltaTableOptions = { ...defaultDeltaTableOptions };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key in resolved) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  if (!Number.isInteger(resolved.checkpointInterval) || resolved.checkpointInterval < 0) {
    throw new Error(`delta: checkpointInterval must be a non-negative integer, got ${resolved.checkpointInterval}`);
  }
  return resolved;
}
