import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../engine/duckdb.js';

/**
 * The DuckDB engine that writes checkpoints when the writer passed none: one small instance per process,
 * started on first use. Readers never start it (checkpoints are read with hyparquet). Its own temp
 * directory, because DuckDB's spill file names collide between instances sharing one.
 */
let shared: Promise<Engine> | undefined;

export function sharedLogEngine(): Promise<Engine> {
  shared ??= Engine.create({
    threads: 1,
    connections: 1,
    memoryLimit: '256MB',
    tempDirectory: path.join(tmpdir(), `iplake-duckdb-log-${process.pid}`),
  }).catch((err: unknown) => {
    shared = undefined; // let a later call try again
    throw err;
  });
  return shared;
}
