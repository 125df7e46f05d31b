import { readFile } from 'node:fs/promises';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';
import { compareBytewise } from '../../src/table/compare.js';
import { DeltaTable, scanPaths, TableWriter } from '../../src/table/index.js';
import { randomInt, seededRandom } from '../helpers/random.js';
import { allTypesSpec, hourOf, tempStore } from './helpers.js';

/**
 * The writer stages every partition in one DuckDB table and COPYs each partition's rows out of it. Rows of
 * six hours arrive shuffled, in small flushes, with few partitions allowed at once (so partitions are written
 * out early and the stage rebuilt without them); every file is then read back with hyparquet, independently
 * of DuckDB, and checked: only its partition's rows, sorted by (Key, At) with NULL keys last, row groups no
 * larger than the spec's, and stats equal to those computed here from the rows.
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
const HOUR = 3_600_000;
// Keys whose UTF-16 and UTF-8 orders differ (U+E000 sorts before an astral character only bytewise).
const PREFIXES = ['a', 'B', 'é', '\uE000', '😀', 'z'];

interface Row {
  key: string | null;
  at: number;
}

function shuffledRows(count: number): Row[] {
  const random = seededRandom(7);
  const rows: Row[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = random() < 0.05 ? null : `${PREFIXES[randomInt(random, 0, PREFIXES.length - 1)]}${randomInt(random, 0, 40)}`;
    rows.push({ key, at: T0 + randomInt(random, 0, 6 * HOUR - 1) });
  }
  return rows;
}

const cells = (r: Row, i: number): CellValue[] => [r.key, r.at, i, i % 7, i / 3, i % 2 === 0, '2026-11-28', null];

/** (Key, At) as DuckDB's ORDER BY puts them: keys bytewise, NULL keys last. */
function compareRows(a: Row, b: Row): number {
  if (a.key !== b.key) {
    if (a.key === null) return 1;
    if (b.key === null) return -1;
    return compareBytewise(a.key, b.key);
  }
  return a.at - b.at;
}

describe('TableWriter: one stage table for all partitions', () => {
  it('writes each partition sorted into its own files, with exact stats, under spills and concurrency', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'one_stage' });
    const writer = await TableWriter.create(engine, table, {
      compression: 'snappy', // hyparquet reads snappy without a codec plug-in
      flushRows: 97,
      maxStagedPartitions: 3,
      finishConcurrency: 3,
    });
    const rows = shuffledRows(1_500);
    for (const [i, row] of rows.entries()) await writer.append(hourOf(row.at), cells(row, i));
    const files = await writer.finish();

    expect(new Set(files.map((f) => f.partitionValues.hr)).size).toBe(6);
    expect(files.length).toBeGreaterThan(6); // partitions written out early got a second file
    await table.commit({ operation: 'WRITE', add: files }, { readVersion: 0 });
    const paths = await scanPaths(table, files);
    const readBack: Row[] = [];
    for (const [i, file] of files.entries()) {
      const bytes = await readFile(paths[i] as string);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const meta = parquetMetadata(buffer);
      for (const group of meta.row_groups) expect(Number(group.num_rows)).toBeLessThanOrEqual(allTypesSpec.rowGroupSize);
      const objects = await parquetReadObjects({ file: buffer, columns: ['Key', 'At'] });
      const back = objects.map((o) => ({ key: o.Key as string | null, at: (o.At as Date).getTime() }));

      for (const r of back) expect(hourOf(r.at)).toEqual(file.partitionValues);
      expect([...back].sort(compareRows)).toEqual(back);
      const keys = back.map((r) => r.key).filter((k): k is string => k !== null);
      const ats = back.map((r) => r.at);
      expect(file.stats).toEqual({
        numRecords: back.length,
        nullCount: { Key: back.length - keys.length, At: 0, Big: 0, Small: 0, Ratio: 0, Flag: 0, Day: 0, Raw: back.length },
        minValues: expect.objectContaining({ Key: [...keys].sort(compareBytewise)[0], At: Math.min(...ats), Day: '2026-11-28' }),
        maxValues: expect.objectContaining({ Key: [...keys].sort(compareBytewise).at(-1), At: Math.max(...ats), Day: '2026-11-28' }),
      });
      readBack.push(...back);
    }
    expect(readBack.sort(compareRows)).toEqual([...rows].sort(compareRows));
  });

  it('a failing load names the table and a partition being staged, and abort leaves nothing behind', async () => {
    const table = await DeltaTable.create(env.store, { ...allTypesSpec, name: 'bad_cell' });
    const writer = await TableWriter.create(engine, table, { flushRows: 2 });
    await writer.append(hourOf(T0), cells({ key: 'k', at: T0 }, 0));
    const bad = cells({ key: 'k', at: T0 + HOUR }, 1);
    bad[3] = 2 ** 31; // Small is an integer column
    await expect(writer.append(hourOf(T0 + HOUR), bad)).rejects.toThrow(
      /^writer: cannot stage rows of partition dt=2026-11-28\/hr=0[01] of .*bad_cell.*column Small \(integer\) cannot hold number 2147483648/s,
    );
    await writer.abort();
    const left: string[] = [];
    for await (const o of table.store.list(`${table.root}/dt=`)) left.push(o.key);
    expect(left).toEqual([]);
  });
});
