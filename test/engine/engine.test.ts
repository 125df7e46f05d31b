import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlIdent, sqlString, sqlStringList } from '../../src/engine/sql.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ threads: 1, connections: 2 });
});
afterAll(async () => {
  await engine.close();
});

describe('Engine.query value mapping', () => {
  it('returns plain JS values: epoch-ms timestamps, safe BIGINT as number, DATE text, BLOB bytes', async () => {
    const [row] = await engine.query(`
      SELECT TIMESTAMPTZ '2026-11-28 09:15:30.123+00' AS tz,
             TIMESTAMP '1969-12-31 23:59:59.999' AS ts,
             42::BIGINT AS small, 9007199254740993::BIGINT AS huge, 7::INTEGER AS i, 1.5::DOUBLE AS d,
             DATE '2026-11-28' AS day, '\\x00\\xFF'::BLOB AS bytes, NULL AS nothing, true AS yes,
             [1, 2] AS list, {'a': 'x'} AS struct`);
    expect(row).toEqual({
      tz: Date.UTC(2026, 10, 28, 9, 15, 30, 123),
      ts: -1,
      small: 42,
      huge: 9007199254740993n,
      i: 7,
      d: 1.5,
      day: '2026-11-28',
      bytes: new Uint8Array([0, 255]),
      nothing: null,
      yes: true,
      list: [1, 2],
      struct: { a: 'x' },
    });
  });

  it('binds parameters, including blobs', async () => {
    const rows = await engine.query<{ s: string; n: number; b: Uint8Array }>('SELECT ?::VARCHAR AS s, ?::BIGINT AS n, ?::BLOB AS b', [
      "it's",
      12,
      new Uint8Array([1, 0, 2]),
    ]);
    expect(rows).toEqual([{ s: "it's", n: 12, b: new Uint8Array([1, 0, 2]) }]);
  });

  it('quotes literals and identifiers so hostile names round-trip', async () => {
    const name = `we"ird 'col`;
    const value = `O'Brien "x" \\ ;--`;
    const rows = await engine.query(`SELECT ${sqlString(value)} AS ${sqlIdent(name)}, ${sqlStringList(['a', "b'c"])} AS l`);
    expect(rows).toEqual([{ [name]: value, l: ['a', "b'c"] }]);
    expect(() => sqlString('a\0b')).toThrow(/NUL/);
  });

  it('reports the failing SQL in a plain error', async () => {
    await expect(engine.query('SELECT * FROM no_such_table')).rejects.toThrow(/engine: DuckDB statement failed: .*no_such_table[\s\S]*SQL: SELECT \* FROM no_such_table/);
  });

  it('runs more concurrent statements than connections, each with its own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => engine.query<{ v: number }>('SELECT ?::INTEGER * 2 AS v', [i])),
    );
    expect(answers.map((r) => r[0]?.v)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('has the Parquet metadata cache on and runs in UTC', async () => {
    const rows = await engine.query<{ cache: string; tz: string }>(
      "SELECT current_setting('parquet_metadata_cache')::VARCHAR AS cache, current_setting('TimeZone') AS tz",
    );
    expect(rows).toEqual([{ cache: 'true', tz: 'UTC' }]);
  });

  it("keeps DuckDB's allocator defaults unless told, and applies the allocator options it is given", async () => {
    const read = async (e: Engine): Promise<{ flush: string; background: string }> =>
      ((await e.query<{ flush: string; background: string }>(
        "SELECT current_setting('allocator_flush_threshold')::VARCHAR AS flush, current_setting('allocator_background_threads')::VARCHAR AS background",
      ))[0] as { flush: string; background: string });
    expect(await read(engine)).toEqual({ flush: '128.0 MiB', background: 'false' });
    const tuned = await Engine.create({ allocatorFlushThreshold: '4MB', allocatorBackgroundThreads: true });
    try {
      const settings = await read(tuned);
      expect(settings.background).toBe('true');
      expect(settings.flush).toBe('3.8 MiB'); // 4 MB, as DuckDB prints it
    } finally {
      await tuned.close();
    }
  });

  it("keeps DuckDB's file and footer caches unless told to turn them off", async () => {
    const read = async (e: Engine): Promise<{ files: string; footers: string } | undefined> =>
      (
        await e.query<{ files: string; footers: string }>(
          "SELECT current_setting('enable_external_file_cache')::VARCHAR AS files, current_setting('parquet_metadata_cache')::VARCHAR AS footers",
        )
      )[0];
    expect(await read(engine)).toEqual({ files: 'true', footers: 'true' });
    const uncached = await Engine.create({ externalFileCache: false, parquetMetadataCache: false });
    try {
      expect(await read(uncached)).toEqual({ files: 'false', footers: 'false' });
    } finally {
      await uncached.close();
    }
  });

  it('closes only once every running statement is done, and refuses statements after close', async () => {
    const closing = await Engine.create({ connections: 3 });
    // A statement that takes a while, on one connection; the other connections are idle.
    const running = closing.query<{ n: bigint | number }>('SELECT count(*) AS n FROM range(60000000) AS t(x) WHERE x % 7 = 0');
    const quick = closing.query<{ v: number }>('SELECT 1 AS v');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await closing.close();
    // close() waited for both: their answers are whole.
    expect(Number((await running)[0]?.n)).toBe(Math.ceil(60_000_000 / 7));
    expect(await quick).toEqual([{ v: 1 }]);
    await expect(closing.query('SELECT 1')).rejects.toThrow(/engine: DuckDB engine is closed/);
  });
});

