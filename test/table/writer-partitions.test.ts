import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlString } from '../../src/engine/sql.js';
import { DeltaTable, scanPaths, TableWriter } from '../../src/table/index.js';
import type { TableSpec } from '../../src/table/types.js';
import { allTypesSpec, hourOf, tempStore } from './helpers.js';

/**
 * A writer that touches thousands of partitions: it once held a DuckDB stage table for each one until
 * finish(), which at the engine's memory limit failed with DuckDB's bare "could not allocate block" (a small
 * memory limit made that show up within a few hundred partitions). All partitions now share one stage table,
 * and past maxStagedPartitions the oldest are still written out early, which bounds the staged rows.
 */
let engine: Engine;
let env: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  engine = await Engine.create({ threads: 1, connections: 2, memoryLimit: '48MB' });
  env = await tempStore();
});
afterAll(async () => {
  await engine.close();
  await env.cleanup();
});

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;
const specNamed = (name: string): TableSpec => ({ ...allTypesSpec, name });
const rowAt = (key: string, at: number): CellValue[] => [key, at, 1, 2, 0.5, true, '2025-01-01', new Uint8Array([1])];

async function dataObjects(table: DeltaTable): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of table.store.list(`${table.root}/dt=`)) if (o.key.endsWith('.parquet')) keys.push(o.key);
  return keys;
}

describe('TableWriter with thousands of partitions', () => {
  it('writes 3,000 one-row partitions under a 48 MB engine memory limit', async () => {
    const table = await DeltaTable.create(env.store, specNamed('many_partitions'));
    const writer = await TableWriter.create(engine, table);
    for (let i = 0; i < 3_000; i += 1) await writer.append(hourOf(T0 + i * HOUR), rowAt(`k${i}`, T0 + i * HOUR));
    const files = await writer.finish();

    expect(files).toHaveLength(3_000);
    expect(new Set(files.map((f) => `${f.partitionValues.dt}/${f.partitionValues.hr}`)).size).toBe(3_000);
    expect(files.map((f) => f.path)).toEqual(files.map((f) => f.path).sort());
    for (const f of files) {
      expect(f.stats?.numRecords).toBe(1);
      expect(hourOf(f.stats?.minValues.At as number)).toEqual(f.partitionValues);
    }
    expect((await dataObjects(table)).length).toBe(3_000);
  }, 240_000);

  it('thousands of partitions share one stage table: no bound is needed to stay within 48 MB', async () => {
    // A stage table per partition used to exhaust this engine within a few hundred partitions.
    const table = await DeltaTable.create(env.store, specNamed('unbounded'));
    const writer = await TableWriter.create(engine, table, { maxStagedPartitions: 100_000, flushRows: 100 });
    for (let i = 0; i < 1_000; i += 1) await writer.append(hourOf(T0 + i * HOUR), rowAt(`k${i}`, T0 + i * HOUR));
    const files = await writer.finish();

    expect(files).toHaveLength(1_000);
    expect(files.reduce((n, f) => n + (f.stats?.numRecords ?? 0), 0)).toBe(1_000);
    for (const f of files) expect(hourOf(f.stats?.maxValues.At as number)).toEqual(f.partitionValues);
  }, 240_000);

  it('a partition revisited after being written out gets several files, each sorted, with every row once', async () => {
    const table = await DeltaTable.create(env.store, specNamed('revisited'));
    const writer = await TableWriter.create(engine, table, { maxStagedPartitions: 2, flushRows: 3 });
    const rows: CellValue[][] = [];
    // Round-robin over five hours with keys descending, so every file needs sorting and every hour is revisited.
    for (let i = 0; i < 60; i += 1) {
      const row = rowAt(`k${String(99 - i).padStart(2, '0')}`, T0 + (i % 5) * HOUR + i * 1000);
      rows.push(row);
      await writer.append(hourOf(row[1] as number), row);
    }
    const files = await writer.finish();

    expect(new Set(files.map((f) => f.partitionValues.hr)).size).toBe(5);
    expect(files.length).toBeGreaterThan(5);
    expect(files.reduce((n, f) => n + (f.stats?.numRecords ?? 0), 0)).toBe(60);
    await table.commit({ operation: 'WRITE', add: files }, { readVersion: 0 });
    const paths = await scanPaths(table, table.snapshot().files);
    const keys: string[] = [];
    for (const [i, file] of table.snapshot().files.entries()) {
      const back = await engine.query<{ Key: string; At: number }>(
        `SELECT "Key", epoch_ms("At") AS "At" FROM read_parquet(${sqlString(paths[i] as string)})`,
      );
      expect(back.length).toBe(file.stats?.numRecords);
      expect(back.map((r) => r.Key)).toEqual(back.map((r) => r.Key).sort());
      for (const r of back) expect(hourOf(r.At)).toEqual(file.partitionValues);
      keys.push(...back.map((r) => r.Key));
    }
    expect(keys.sort()).toEqual(rows.map((r) => r[0] as string).sort());
  });

  it('abort() deletes the files written out early', async () => {
    const table = await DeltaTable.create(env.store, specNamed('aborted'));
    const writer = await TableWriter.create(engine, table, { maxStagedPartitions: 1, flushRows: 1 });
    for (let i = 0; i < 4; i += 1) await writer.append(hourOf(T0 + i * HOUR), rowAt(`k${i}`, T0 + i * HOUR));
    expect((await dataObjects(table)).length).toBeGreaterThan(0);
    await writer.abort();
    expect(await dataObjects(table)).toEqual([]);
  });

  it('refuses a maxStagedPartitions that is not a positive integer', async () => {
    const table = await DeltaTable.open(env.store, specNamed('aborted'));
    await expect(TableWriter.create(engine, table, { maxStagedPartitions: 0 })).rejects.toThrow(/maxStagedPartitions must be a positive integer, got 0/);
  });
});
