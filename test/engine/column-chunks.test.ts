import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoad, bulkLoadColumns, bulkLoadNodeApiChunks, createLoadTable, type LoadRow } from '../../src/engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';

/**
 * The columnar encoder writes DuckDB's string_t layout itself; the oracle is node-api's own
 * value-by-value path (bulkLoadNodeApiChunks). Both load the same rows; the tables must be identical.
 */
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ threads: 1, connections: 2 });
});
afterAll(async () => {
  await engine.close();
});

const columns: LoadColumn[] = [
  { name: 'i', type: 'integer' },
  { name: 's', type: 'string' },
  { name: 'n', type: 'long' },
  { name: 't', type: 'timestamp' },
  { name: 'b', type: 'binary' },
  { name: 'f', type: 'double' },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'u', type: 'string' },
];

let tables = 0;
async function load(rows: readonly LoadRow[], how: 'oracle' | 'rows' | 'columns'): Promise<string> {
  const table = `cc_${how}_${tables++}`;
  await createLoadTable(engine, table, columns);
  if (how === 'oracle') await bulkLoadNodeApiChunks(engine, table, columns, rows);
  else if (how === 'rows') await bulkLoad(engine, table, columns, rows);
  else await bulkLoadColumns(engine, table, columns, columns.map((_, c) => rows.map((r) => r[c] ?? null)), rows.length);
  return table;
}

/** Rows of both tables, in load order, with strings compared as bytes (so U+FFFD substitutions show). */
async function contents(table: string): Promise<unknown[]> {
  const rows = await engine.query(`SELECT i, encode(s) AS s, n, t, b, f, ok, day, encode(u) AS u FROM ${table} ORDER BY rowid`);
  return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));
}

const text = fc.oneof(
  fc.string({ maxLength: 14 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }), // multi-byte UTF-8 around the 12-byte inline limit
  fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\u0000', '\uD800'), maxLength: 13 }), // lone surrogates too
  fc.constantFrom('', 'x'.repeat(12), 'x'.repeat(13), 'é'.repeat(6), 'é'.repeat(7), 'landing/dhcp/2026/11/28/a.log'),
  fc.string({ minLength: 13, maxLength: 300 }),
);

const row = fc.tuple(
  fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  fc.option(text),
  fc.option(fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))),
  fc.option(fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 })),
  fc.option(fc.uint8Array({ maxLength: 40 })),
  fc.option(fc.double({ noNaN: true })),
  fc.option(fc.boolean()),
  fc.option(fc.constantFrom('1970-01-01', '2026-11-28', '1900-02-28', '2400-12-31')),
  fc.option(text),
) as fc.Arbitrary<CellValue[]>;

describe('columnar encoder', () => {
  it('loads exactly what the node-api value path loads, across chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 2 }), async (sample, repeat) => {
        // Repeat the sample past one 2048-row chunk, with runs of equal long values (shared heap bytes).
        const rows = Array.from({ length: repeat === 0 ? 1 : 2100 }, (_, i) => sample[Math.floor(i / (repeat + 1)) % sample.length] as CellValue[]);
        const [oracle, byRows, byColumns] = await Promise.all([load(rows, 'oracle'), load(rows, 'rows'), load(rows, 'columns')]);
        const expected = await contents(oracle);
        expect(await contents(byRows)).toEqual(expected);
        expect(await contents(byColumns)).toEqual(expected);
        for (const t of [oracle, byRows, byColumns]) await engine.run(`DROP TABLE ${t}`);
      }),
      { numRuns: 15 },
    );
  });

  it('keeps short and long values exact at the 12-byte inline limit and across 64 KB of heap', async () => {
    const values = ['', 'a', '123456789012', '1234567890123', 'ééééé€', 'éééééé€', '😀😀😀', '😀😀😀😀', 'big'.repeat(30_000)];
    const rows: LoadRow[] = values.map((v, i) => [i, v, i, i, new TextEncoder().encode(v), i, true, '2026-11-28', v]);
    const table = await load(rows, 'columns');
    const back = await engine.query<{ s: string; u: string; b: Uint8Array; len: number }>(`SELECT s, u, b, strlen(s) AS len FROM ${table} ORDER BY i`);
    expect(back.map((r) => r.s)).toEqual(values);
    expect(back.map((r) => r.u)).toEqual(values);
    expect(back.map((r) => new TextDecoder().decode(r.b))).toEqual(values);
    expect(back.map((r) => r.len)).toEqual(values.map((v) => new TextEncoder().encode(v).length));
    // Sorting and comparing use the inline prefix: a wrong prefix or padding would break these.
    const [eq] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE s = u AND s = decode(b)`);
    expect(eq?.n).toBe(values.length);
  });

  it('rejects values the column type cannot hold, naming the column', async () => {
    const table = `cc_bad_${tables++}`;
    await createLoadTable(engine, table, columns);
    const good: CellValue[] = [1, 's', 1, 1, null, 1, true, '2026-11-28', null];
    const bad = (c: number, v: CellValue): LoadRow[] => [good, good.map((x, i) => (i === c ? v : x))];
    await expect(bulkLoad(engine, table, columns, bad(0, 2 ** 31))).rejects.toThrow(/column i \(integer\) cannot hold number 2147483648/);
    await expect(bulkLoad(engine, table, columns, bad(2, 2 ** 53))).rejects.toThrow(/column n \(long\) cannot hold/);
    await expect(bulkLoad(engine, table, columns, bad(2, 2n ** 63n))).rejects.toThrow(/column n \(long\) cannot hold/);
    await expect(bulkLoad(engine, table, columns, bad(3, 1.5))).rejects.toThrow(/column t \(timestamp\) cannot hold number 1.5/);
    await expect(bulkLoad(engine, table, columns, bad(7, '2026-13-01'))).rejects.toThrow(/column day \(date\) cannot hold the string "2026-13-01"/);
    await expect(bulkLoadColumns(engine, table, columns, columns.map(() => [null]), 2)).rejects.toThrow(/column i has 1 values, expected 2/);
  });
});
