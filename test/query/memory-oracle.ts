import { expect } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { QueryLayer, type QuerySession, type ScanEvent } from '../../src/query/index.js';
import type { ObjectStore } from '../../src/storage/types.js';

/**
 * One lake behind two query layers: `memory` with the memory index (every file may load on demand, so each
 * question is answered from memory) and `oracle` with DuckDB only (the index off). `same` asks both, on fresh
 * sessions, and expects the same answer.
 */
export interface MemoryAndOracle {
  memory: QueryLayer;
  oracle: QueryLayer;
  /** Every scan the memory layer ran (engine 'memory' or 'duckdb'). */
  scans: ScanEvent[];
  same<T>(ask: (q: QuerySession) => Promise<T>): Promise<T>;
}

export function memoryAndOracle(store: ObjectStore, engine: Engine): MemoryAndOracle {
  const oracle = new QueryLayer({ store, engine, memoryIndexBytes: 0 });
  const memory = new QueryLayer({ store, engine, memoryIndexSyncLoadFiles: 1_000_000 });
  const scans: ScanEvent[] = [];
  memory.instrumentation.onScan((e) => scans.push(e));
  return {
    memory,
    oracle,
    scans,
    async same<T>(ask: (q: QuerySession) => Promise<T>): Promise<T> {
      const [fromMemory, fromDuckdb] = await Promise.all([ask(memory.session()), ask(oracle.session())]);
      expect(fromMemory).toEqual(fromDuckdb);
      return fromDuckdb;
    },
  };
}
