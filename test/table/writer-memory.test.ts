import { readFile } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';
import { InputOrder } from '../../src/table/input-order.js';
import { DeltaTable, scanPaths, TableWriter } from '../../src/table/index.js';
import type { DataFile } from '../../src/table/types.js';
import { allTypesSpec, hourOf, tempStore } from './helpers.js';

/**
 * The writer's memory is bounded by bytes, not only rows: JS-side rows by flushBytes, rows staged in DuckDB by
 * maxStagedBytes (a bigger partition is written as several files). Rows arriving in sortBy order are copied
 * without a sort; every file must still hold its rows in sortBy order.
 */
let engine: Engine;
let env: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  engine = await Engine.create({ threads: 2 });
  env = await tempStore();
});
afterAll(async () => {
  await engine.close();
  await env.cleanup();
});

const T0 = Date.UTC(2026, 10, 28);
const text = (n: number): string => `line ${n} `.padEnd(200, 'x');
const cells = (key: string | null, at: number, i: number): CellValue[] => [key, at, i, i % 7, i / 3, i % 2 === 0, '2026-11-28', null];

/** Key, At and Big of every file, in file order. */
async function readFiles(table: DeltaTable, files: readonly DataFile[]): Promise<{ key: string | null; at: number; i: number }[][]> {
  const paths = await scanPaths(table, files);
  const out = [];
  for (const p of paths) {
    const bytes = await readFile(p);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const objects = await parquetReadObjects({ file: buffer, columns: ['Key', 'At', 'Big'] });
    out.push(objects.map((o) => ({ key: o.Key as string | null, at: (o.At as Date).getTime(), i: Number(o.Big) })));
  }
  return out;
}

describe('TableWriter memory bounds', () => {
  it('rejects non-positive byte bounds, naming the option', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'bad_bounds' });
    await expect(TableWriter.create(engine, table, { flushBytes: 0 })).rejects.toThrow(/^writer: flushBytes must be >= 1, got 0/);
    await expect(TableWriter.create(engine, table, { maxStagedBytes: Number.NaN })).rejects.toThrow(/^writer: maxStagedBytes must be >= 1, got NaN/);
  });

  it('writes a partition bigger than maxStagedBytes as several files; in-order rows keep their order, without a sort', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'big_partition' });
    const writer = await TableWriter.create(engine, table, { compression: 'snappy', smallFileRows: 0, flushBytes: 20_000, maxStagedBytes: 60_000 });
    const count = 3_000;
    // One hour, keys strictly increasing (zero-padded): the order the COPY may keep as it is.
    for (let i = 0; i < count; i += 1) await writer.append(hourOf(T0), cells(`k${String(i).padStart(6, '0')}${text(i)}`, T0 + i, i));
    const files = await writer.finish();
    expect(files.length).toBeGreaterThan(3);
    const back = await readFiles(table, files);
    for (const rows of back) expect(rows.map((r) => r.i)).toEqual(rows.map((r) => r.i).sort((a, b) => a - b));
    expect(back.flat().map((r) => r.i).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('sorts each file of a big partition whose rows come out of order', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'big_unordered' });
    const writer = await TableWriter.create(engine, table, { compression: 'snappy', smallFileRows: 0, flushBytes: 20_000, maxStagedBytes: 60_000 });
    const count = 2_000;
    // Keys descending, with ties on Key broken by At: ORDER BY must run.
    for (let i = 0; i < count; i += 1) await writer.append(hourOf(T0), cells(`k${String(count - (i >> 1)).padStart(6, '0')}`, T0 + i, i));
    const files = await writer.finish();
    expect(files.length).toBeGreaterThan(1);
    const back = await readFiles(table, files);
    for (const rows of back) {
      const sorted = [...rows].sort((a, b) => ((a.key as string) < (b.key as string) ? -1 : (a.key as string) > (b.key as string) ? 1 : a.at - b.at));
      expect(rows).toEqual(sorted);
    }
    expect(back.flat().length).toBe(count);
  });

  it('flushBytes writes out small partitions a byte-heavy input is done with, long before flushRows', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'wide_rows' });
    const writer = await TableWriter.create(engine, table, { compression: 'snappy', flushRows: 50_000, flushBytes: 40_000 });
    const early = hourOf(T0);
    const later = hourOf(T0 + 3_600_000);
    for (let i = 0; i < 10; i += 1) await writer.append(early, cells(text(i), T0 + i, i));
    // ~270 bytes a row: well past flushBytes, far below flushRows.
    for (let i = 10; i < 400; i += 1) await writer.append(later, cells(text(i), T0 + 3_600_000 + i, i));
    await writer.append(early, cells(text(400), T0 + 400, 400));
    const files = await writer.finish();
    // The early hour was cold by bytes, written as a small file, and got a second file for its last row.
    const earlyFiles = files.filter((f) => f.partitionValues.hr === early.hr);
    expect(earlyFiles.map((f) => f.stats?.numRecords ?? -1).sort((a, b) => a - b)).toEqual([1, 10]);
    const back = await readFiles(table, files);
    expect(back.flat().map((r) => r.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 401 }, (_, i) => i));
  });
});

describe('InputOrder', () => {
  const keys = [0, 1];
  const seen = (rows: CellValue[][]): boolean => {
    const order = new InputOrder();
    for (const row of rows) order.note(row, keys);
    return order.ordered;
  };

  it('is ordered for strictly increasing keys, strings compared bytewise', () => {
    expect(seen([['a', 1], ['a', 2], ['b', 0], ['\uE000', 0], ['😀', 0]])).toBe(true);
    expect(seen([])).toBe(true);
  });

  it('is not ordered after a decrease, a tie, a NULL, a NaN or a key it does not judge', () => {
    expect(seen([['b', 1], ['a', 2]])).toBe(false);
    expect(seen([['😀', 0], ['\uE000', 0]])).toBe(false); // UTF-16 order says increasing, bytes say not
    expect(seen([['a', 1], ['a', 1]])).toBe(false);
    expect(seen([['a', 1], [null, 2]])).toBe(false);
    expect(seen([['a', Number.NaN]])).toBe(false);
    expect(seen([['a', 1n]])).toBe(false);
    const noKeys = new InputOrder();
    noKeys.note(['a'], []);
    expect(noKeys.ordered).toBe(false);
  });
});
