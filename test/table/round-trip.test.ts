import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlString, sqlStringList } from '../../src/engine/sql.js';
import { ipLookupGold } from '../../src/lake/gold.js';
import { DeltaTable, scanPaths, TableWriter } from '../../src/table/index.js';
import { allTypesSpec, hourOf, tempStore } from './helpers.js';

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

const T0 = Date.UTC(2026, 10, 28, 8, 0, 0);

/** Deterministic rows over three hours, with nulls, unicode, hostile text and raw bytes. */
function makeRows(n: number): CellValue[][] {
  const keys = ['10.0.0.1', '10.0.0.10', '10.0.0.2', 'ünï', '😀', '\uFFFF', "O'Brien\t\n\u0000", ''];
  return Array.from({ length: n }, (_, i) => [
    i % 11 === 0 ? null : keys[i % keys.length] ?? null,
    T0 + i * 97_001,
    i % 5 === 0 ? null : i % 3 === 0 ? -(2 ** 53 - 1) + i : i * 1_000_003,
    i % 7 === 0 ? null : (i % 2 ? -1 : 1) * i,
    i % 13 === 0 ? null : i / 7,
    i % 4 === 0 ? null : i % 2 === 0,
    i % 6 === 0 ? null : new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    i % 9 === 0 ? null : new Uint8Array([i & 255, 0, 0xff, 0x80]),
  ]);
}

describe('TableWriter round trip', () => {
  it('writes one sorted Parquet file per partition that DuckDB reads back identically', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    const writer = await TableWriter.create(engine, table, { flushRows: 100, smallFileRows: 0 });
    const rows = makeRows(300);
    for (const row of rows) await writer.append(hourOf(row[1] as number), row);
    const files = await writer.finish();
    const hours = [...new Set(rows.map((r) => { const h = hourOf(r[1] as number); return `dt=${h.dt}/hr=${h.hr}`; }))].sort();
    expect(hours.length).toBeGreaterThan(5);
    expect(files.map((f) => f.path.split('/').slice(0, 2).join('/')).sort()).toEqual(hours);
    expect(files.every((f) => /^dt=[\d-]+\/hr=\d\d\/part-[0-9a-f-]{36}\.zstd\.parquet$/.test(f.path))).toBe(true);
    const version = await table.commit({ operation: 'WRITE', add: files }, { readVersion: 0 });
    expect(version).toBe(1);

    const reopened = await DeltaTable.open(env.store, allTypesSpec);
    const snapshot = reopened.snapshot();
    expect(snapshot.files.map((f) => f.path).sort()).toEqual(files.map((f) => f.path).sort());
    const paths = await scanPaths(reopened, snapshot.files);
    const back = await engine.query<Record<string, CellValue>>(
      `SELECT * FROM read_parquet(${sqlStringList(paths)}, hive_partitioning=false)`,
    );
    const names = allTypesSpec.columns.map((c) => c.name);
    const asRows = back.map((r) => names.map((n) => r[n] ?? null));
    const key = (r: CellValue[]): string => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
    expect(asRows.map(key).sort()).toEqual(rows.map(key).sort());
    expect(Object.keys(back[0] ?? {})).toEqual(names); // hive_partitioning=false: no dt/hr columns

    // Every file is sorted by (Key, At) in byte order, holds only its hour, and matches its stats.
    for (const [i, file] of snapshot.files.entries()) {
      const ordered = await engine.query<{ ok: boolean; n: number; min: number; max: number }>(`
        SELECT bool_and(ok) AS ok, count(*) AS n, epoch_ms(min("At")) AS min, epoch_ms(max("At")) AS max FROM (
          SELECT coalesce(("Key", "At") >= lag(("Key", "At")) OVER (), true) AS ok, "At"
          FROM read_parquet(${sqlString(paths[i] as string)}))`);
      const [o] = ordered;
      expect(o?.ok).toBe(true);
      expect(o?.n).toBe(file.stats?.numRecords);
      expect(file.stats?.minValues.At).toBe(o?.min);
      expect(file.stats?.maxValues.At).toBe(o?.max);
      expect(hourOf(o?.min as number)).toEqual(file.partitionValues);
    }
  });

  it('writes UTC-adjusted timestamps, the requested codec and row group size', async () => {
    const table = await DeltaTable.open(env.store, allTypesSpec);
    const [path] = await scanPaths(table, table.snapshot().files.slice(0, 1));
    const schema = await engine.query<{ name: string; logical_type: string | null }>(
      `SELECT name, logical_type::VARCHAR AS logical_type FROM parquet_schema(${sqlString(path as string)}) WHERE name = 'At'`,
    );
    expect(schema[0]?.logical_type).toMatch(/isAdjustedToUTC=(1|true)/i);
    const groups = await engine.query<{ rows: number; codec: string }>(
      `SELECT DISTINCT row_group_num_rows AS rows, compression AS codec FROM parquet_metadata(${sqlString(path as string)})`,
    );
    expect(groups.every((g) => g.codec === 'ZSTD')).toBe(true);
  });

  it('round-trips the gold ip_lookup table with null IPs sorted last and stats per column', async () => {
    const table = await DeltaTable.create(env.store, ipLookupGold);
    const writer = await TableWriter.create(engine, table, { compression: 'snappy' });
    const rows: CellValue[][] = Array.from({ length: 5000 }, (_, i) => [
      T0 + (i % 3600) * 1000,
      i % 50 === 0 ? null : `10.0.${i % 7}.${i % 251}`,
      `aa:bb:cc:00:00:${(i % 256).toString(16).padStart(2, '0')}`,
      i % 3 === 0 ? null : `user${i % 40}`,
      i % 3 === 0 ? null : `user${i % 40}`,
      'DHCPACK',
      'dhcp',
      null,
      null,
      'dhcp_bronze',
      'landing/dhcp/a.log',
      i + 1,
    ]);
    await writer.appendBatch({ dt: '2026-11-28', hr: '08' }, rows);
    const [file] = await writer.finish();
    expect(file?.stats?.numRecords).toBe(5000);
    expect(file?.stats?.nullCount.IpAddress).toBe(100);
    expect(file?.stats?.minValues.IpAddress).toBe('10.0.0.0');
    expect(file?.stats?.maxValues.IpAddress).toBe('10.0.6.99');
    expect(file?.stats?.minValues.LineNumber).toBe(1);
    expect(file?.stats?.maxValues.LineNumber).toBe(5000);
    await table.commit({ operation: 'WRITE', add: [file!] }, { readVersion: 0 });
    const [path] = await scanPaths(table, [file!]);
    const tail = await engine.query<{ ip: string | null }>(
      `SELECT IpAddress AS ip FROM read_parquet(${sqlString(path as string)}) OFFSET 4900`,
    );
    expect(tail.every((r) => r.ip === null)).toBe(true);
    const groups = await engine.query<{ n: number }>(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata(${sqlString(path as string)})`);
    expect(groups[0]?.n).toBe(Math.ceil(5000 / ipLookupGold.rowGroupSize));
  });
});
