import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlString } from '../../src/engine/sql.js';
import { allTables } from '../../src/lake/index.js';
import { compareBytewise } from '../../src/table/compare.js';
import { DeltaTable, scanPaths, TableWriter, type DataFile } from '../../src/table/index.js';
import type { ColumnSpec, TableSpec } from '../../src/table/types.js';
import { seededRandom } from '../helpers/random.js';
import { allTypesSpec, tempStore } from './helpers.js';

/**
 * The small-file path (rows sorted and encoded in JS) against the DuckDB COPY path, for every table of the
 * lake and a table of every column type: the same rows through both must give files that DuckDB and
 * hyparquet read as the same schema and rows, sorted, with row groups of at most rowGroupSize and equal stats.
 */

let engine: Engine;
let env: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  engine = await Engine.create({ threads: 2, connections: 2 });
  env = await tempStore();
});
afterAll(async () => {
  await engine.close();
  await env.cleanup();
});

const T0 = Date.UTC(2026, 10, 28, 9);
const TEXT = ['10.0.0.1', '10.0.0.10', '10.0.0.2', 'ünï', '😀', '\uFFFF', '\uE000', "O'Brien\t\n", '', 'fe80::1', 'x'.repeat(70), `${'é'.repeat(63)}😀z`];

function valueOf(column: ColumnSpec, random: () => number, i: number): CellValue {
  if (column.nullable && random() < 0.2) return null;
  const n = Math.floor(random() * 1000);
  switch (column.type) {
    case 'string':
      return random() < 0.7 ? (TEXT[n % TEXT.length] as string) : `${column.name}-${n % 37}`;
    case 'long':
      return random() < 0.1 ? BigInt(-(2 ** 60)) + BigInt(n) : n % 3 === 0 ? -n * 1_000_003 : n;
    case 'integer':
      return n % 2 ? -n : n * 1000;
    case 'double':
      return n % 7 === 0 ? -0.5 : n / 7;
    case 'boolean':
      return n % 2 === 0;
    case 'timestamp':
      return T0 + ((n * 7919 + i) % 3_600_000);
    case 'date':
      return new Date(Date.UTC(1999, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
    case 'binary':
      return new Uint8Array([n & 255, 0, 0xff, (n >> 8) & 255]);
  }
}

function rowsFor(spec: TableSpec, count: number, seed: number): CellValue[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => spec.columns.map((c) => valueOf(c, random, i)));
}

const partitionOf = (spec: TableSpec): Record<string, string> =>
  Object.fromEntries(spec.partitionColumns.map((c) => [c, c === 'dt' ? '2026-11-28' : '09']));

/**
 * Write `rows` into one partition of a new table; one file either way. Snappy for the DuckDB files:
 * hyparquet reads it without the zstd add-on.
 */
async function writeOne(spec: TableSpec, rows: CellValue[][], smallFileRows: number): Promise<{ file: DataFile; local: string }> {
  const table = await DeltaTable.create(env.store, spec);
  const writer = await TableWriter.create(engine, table, { smallFileRows, compression: 'snappy' });
  await writer.appendBatch(partitionOf(spec), rows);
  const files = await writer.finish();
  expect(files).toHaveLength(1);
  const file = files[0] as DataFile;
  const [local] = await scanPaths(table, [file]);
  return { file, local: local as string };
}

/** Every JS value a reader returns, as comparable JSON (bytes as arrays, bigints as text). */
const key = (row: Record<string, unknown>): string =>
  JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : typeof v === 'bigint' ? `${v}n` : v instanceof Date ? v.toISOString() : v));

async function fileBuffer(local: string): Promise<ArrayBuffer> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(local);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

const cases: TableSpec[] = [...allTables, allTypesSpec];

describe('small-file path vs DuckDB COPY', () => {
  it.each(cases.map((spec) => [spec.name, spec] as const))('%s: same schema, rows, sort, row groups and stats', async (name, base) => {
    // 300 rows in row groups of 64: several groups, the last one short.
    const spec: TableSpec = { ...base, name: `${name}_small`, rowGroupSize: 64 };
    const rows = rowsFor(spec, 300, name.length * 7919);
    const duck = await writeOne({ ...spec, name: `${name}_duck` }, rows, 0);
    const js = await writeOne(spec, rows, 1_000);
    expect(duck.file.path).toMatch(/\.snappy\.parquet$/);
    expect(js.file.path).toMatch(/\.uncompressed\.parquet$/);

    // Schema as DuckDB sees it, and as hyparquet reads the footer.
    const schemaSql = (p: string): string =>
      `SELECT name, type, converted_type, logical_type::VARCHAR AS logical, repetition_type FROM parquet_schema(${sqlString(p)})`;
    expect(await engine.query(schemaSql(js.local))).toEqual(await engine.query(schemaSql(duck.local)));
    const [jsMeta, duckMeta] = [parquetMetadata(await fileBuffer(js.local)), parquetMetadata(await fileBuffer(duck.local))];
    const fields = (m: typeof jsMeta): unknown[] =>
      m.schema.map((e) => [e.name, e.type, e.repetition_type, e.converted_type, JSON.stringify(e.logical_type ?? null), e.num_children]);
    expect(fields(jsMeta)).toEqual(fields(duckMeta));
    const describeSql = (p: string): string => `DESCRIBE SELECT * FROM read_parquet(${sqlString(p)})`;
    expect(await engine.query(describeSql(js.local))).toEqual(await engine.query(describeSql(duck.local)));

    // The same rows, read by both readers.
    const readDuck = async (p: string): Promise<string[]> =>
      (await engine.query<Record<string, unknown>>(`SELECT * FROM read_parquet(${sqlString(p)})`)).map(key);
    const jsRows = await readDuck(js.local);
    expect(jsRows).toHaveLength(300);
    expect([...jsRows].sort()).toEqual([...(await readDuck(duck.local))].sort());
    const readHy = async (p: string): Promise<string[]> => (await parquetReadObjects({ file: await fileBuffer(p) })).map(key);
    expect([...(await readHy(js.local))].sort()).toEqual([...(await readHy(duck.local))].sort());

    // Sorted like the COPY: the same sequence of sort keys (ties may come in another order).
    const sortKeys = async (p: string): Promise<string[]> =>
      (await engine.query<Record<string, unknown>>(`SELECT ${spec.sortBy.map((c) => `"${c}"`).join(', ')} FROM read_parquet(${sqlString(p)})`)).map(key);
    expect(await sortKeys(js.local)).toEqual(await sortKeys(duck.local));

    // Row groups of at most rowGroupSize, with chunk stats that hold for their rows.
    const groups = await engine.query<{ id: number; rows: number }>(
      `SELECT DISTINCT row_group_id AS id, row_group_num_rows AS rows FROM parquet_metadata(${sqlString(js.local)}) ORDER BY id`,
    );
    expect(groups.map((g) => g.rows)).toEqual([64, 64, 64, 64, 44]);
    const chunkStats = (p: string): Promise<unknown[]> =>
      engine.query(
        `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count
         FROM parquet_metadata(${sqlString(p)}) ORDER BY row_group_id, column_id`,
      );
    const jsChunks = await chunkStats(js.local);
    expect(jsChunks).toHaveLength(5 * spec.columns.length);

    // File stats for the Delta log: exactly what the DuckDB path computes.
    expect(js.file.stats).toEqual(duck.file.stats);
  });

  it('writes chunk statistics equal to DuckDB’s for a file of one row group', async () => {
    for (const base of cases) {
      const spec = { ...base, name: `${base.name}_one_group`, rowGroupSize: 1_000 };
      const rows = rowsFor(spec, 200, 17);
      const duck = await writeOne({ ...spec, name: `${spec.name}_duck` }, rows, 0);
      const js = await writeOne(spec, rows, 1_000);
      const sql = (p: string): string =>
        `SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata(${sqlString(p)}) ORDER BY column_id`;
      expect(await engine.query(sql(js.local)), base.name).toEqual(await engine.query(sql(duck.local)));
    }
  });

  it('file stats equal DuckDB’s for NaN, infinities, all-NaN columns and timestamps past 2^53 µs', async () => {
    const spec: TableSpec = {
      ...allTypesSpec,
      name: 'edge_numbers',
      columns: [
        { name: 'Ratio', type: 'double', nullable: true, description: 'Sort key.' },
        { name: 'AllNaN', type: 'double', nullable: true, description: 'NaN or null only.' },
        { name: 'At', type: 'timestamp', nullable: true, description: 'Far past and far future.' },
      ],
      sortBy: ['Ratio', 'At'],
      rowGroupSize: 3,
    };
    const ratios = [Number.NaN, 1.5, -Infinity, 2, null, 0, -0.5, Number.NaN, Infinity, 7];
    const times = [-86_400_000 * 400, 9_100_000_000_000, Date.UTC(2026, 0, 1), null, 9_200_000_000_123, 5, 0, -1, 3, 4];
    const sets: CellValue[][][] = [
      ratios.map((r, i) => [r, i % 2 ? Number.NaN : null, times[i] ?? null]),
      ratios.filter((r) => r === null || Number.isFinite(r)).map((r, i) => [r, null, times[i] ?? null]),
      [[Number.NaN, Number.NaN, null], [Number.NaN, null, 9_100_000_000_001]],
    ];
    for (const [i, rows] of sets.entries()) {
      const duck = await writeOne({ ...spec, name: `edge_numbers_${i}_duck` }, rows, 0);
      const js = await writeOne({ ...spec, name: `edge_numbers_${i}` }, rows, 1_000);
      expect(js.file.path).toMatch(/\.uncompressed\.parquet$/);
      expect(js.file.stats, `set ${i}`).toEqual(duck.file.stats);
      const read = async (p: string): Promise<string[]> =>
        (await engine.query<Record<string, unknown>>(`SELECT * FROM read_parquet(${sqlString(p)})`)).map(key);
      expect(await read(js.local), `set ${i}`).toEqual(await read(duck.local));
    }
  });

  it('holds a partition in JS up to smallFileRows rows; one more takes the DuckDB path', async () => {
    const spec = { ...allTypesSpec, name: 'threshold' };
    const rows = rowsFor(spec, 11, 5);
    const small = await writeOne(spec, rows.slice(0, 10), 10);
    expect(small.file.path).toMatch(/\.uncompressed\.parquet$/);
    const large = await writeOne({ ...spec, name: 'threshold_2' }, rows, 10);
    expect(large.file.path).toMatch(/\.snappy\.parquet$/);
    expect(large.file.stats?.numRecords).toBe(11);
  });

  it('writes pages larger than the encoder starts with (long strings, a few hundred KB)', async () => {
    const spec = { ...allTypesSpec, name: 'big_pages', rowGroupSize: 10_000 };
    const rows = rowsFor(spec, 400, 11).map((row, i) => {
      row[0] = `${'ü'.repeat(i % 50)}${String(i).padStart(4, '0')}${'x'.repeat(600)}`;
      return row;
    });
    const duck = await writeOne({ ...spec, name: 'big_pages_duck' }, rows, 0);
    const js = await writeOne(spec, rows, 1_000);
    const read = async (p: string): Promise<string[]> =>
      (await engine.query<Record<string, unknown>>(`SELECT * FROM read_parquet(${sqlString(p)})`)).map(key).sort();
    expect(await read(js.local)).toEqual(await read(duck.local));
    expect(js.file.stats).toEqual(duck.file.stats);
  });

  it('a held row of the wrong type fails on append, naming the partition and column', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'bad_held' });
    const writer = await TableWriter.create(engine, table);
    const [row] = rowsFor(allTypesSpec, 1, 3);
    const bad = [...(row as CellValue[])];
    bad[3] = 1.5; // Small is an integer column
    await expect(writer.append({ dt: '2026-11-28', hr: '09' }, bad)).rejects.toThrow(
      /^writer: cannot stage rows of partition dt=2026-11-28\/hr=09 of .*bad_held.*column Small \(integer\) cannot hold number 1.5/s,
    );
    await writer.abort();
  });

  it('bounds rows held in JS: partitions a time-ordered input is done with are written out early, whole', async () => {
    const spec = { ...allTypesSpec, name: 'held_bound' };
    const table = await DeltaTable.create(env.store, spec);
    const writer = await TableWriter.create(engine, table, { flushRows: 40, smallFileRows: 1_000 });
    const hours = Array.from({ length: 12 }, (_, h) => ({ dt: '2026-11-28', hr: String(h).padStart(2, '0') }));
    for (const hour of hours) await writer.appendBatch(hour, rowsFor(spec, 10, hour.hr.length + Number(hour.hr)));
    const files = await writer.finish();
    // Each hour is one small file of all its rows: none was cut, none went through DuckDB.
    expect(files.map((f) => f.partitionValues.hr).sort()).toEqual(hours.map((h) => h.hr));
    expect(files.every((f) => f.stats?.numRecords === 10 && f.path.endsWith('.uncompressed.parquet'))).toBe(true);
  });

  it('writes held partitions an input revisits as small files when they are done for now, not through DuckDB', async () => {
    // Two passes over 12 hours (two landing objects that each span the hours): when the held bound is hit in
    // the second pass, every hour was touched within the bound, but only the last few are still in use.
    const spec = { ...allTypesSpec, name: 'held_revisited' };
    const table = await DeltaTable.create(env.store, spec);
    const writer = await TableWriter.create(engine, table, { flushRows: 80, smallFileRows: 1_000 });
    const hours = Array.from({ length: 12 }, (_, h) => ({ dt: '2026-11-28', hr: String(h).padStart(2, '0') }));
    for (const pass of [0, 1]) {
      for (const hour of hours) await writer.appendBatch(hour, rowsFor(spec, 4, 100 * pass + Number(hour.hr)));
    }
    const files = await writer.finish();
    expect(files.filter((f) => !f.path.endsWith('.uncompressed.parquet'))).toEqual([]);
    const rowsPerHour = new Map<string, number>();
    for (const f of files) {
      const hr = f.partitionValues.hr as string;
      rowsPerHour.set(hr, (rowsPerHour.get(hr) ?? 0) + (f.stats?.numRecords ?? 0));
    }
    expect([...rowsPerHour.entries()].sort()).toEqual(hours.map((h) => [h.hr, 8]));
  });
});

/** compareBytewise is the order DuckDB gives the text values used above (checked once, so the cases mean something). */
describe('test data', () => {
  it('orders its strings bytewise as DuckDB does', async () => {
    const rows = await engine.query<{ s: string }>(
      `SELECT s FROM (VALUES ${TEXT.map((t) => `(${sqlString(t)})`).join(', ')}) AS t(s) ORDER BY s`,
    );
    expect(rows.map((r) => r.s)).toEqual([...TEXT].sort(compareBytewise));
  });
});
