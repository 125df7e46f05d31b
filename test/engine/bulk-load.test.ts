import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoad, createLoadTable, type LoadRow } from '../../src/engine/bulk-load.js';
import type { LoadColumn } from '../../src/engine/column-types.js';
import { Engine } from '../../src/engine/duckdb.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create({ threads: 2, connections: 2 });
});
afterAll(async () => {
  await engine.close();
});

const columns: LoadColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 's', type: 'string' },
  { name: 'n', type: 'long' },
  { name: 't', type: 'timestamp' },
  { name: 'b', type: 'binary' },
  { name: 'f', type: 'double' },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
];

describe('bulkLoad', () => {
  it('loads hostile values exactly: NUL, tabs, newlines, quotes, unicode, 10 MB strings, invalid UTF-8 bytes', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024 - 3) + 'end';
    const invalidUtf8 = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]);
    const rows: LoadRow[] = [
      [1, 'nul\u0000inside', 0, 0, invalidUtf8, 0.1, true, '1970-01-01'],
      [2, 'tab\tnew\nline\r\n"quoted",comma', -1, -1, new Uint8Array(), -0.5, false, '2026-11-28'],
      [3, 'ünïcødé 😀 \u{10FFFF} \uFFFF', 9007199254740991, Date.UTC(2026, 10, 28, 23, 59, 59, 999), new Uint8Array([0]), 1e308, null, null],
      [4, '', 9223372036854775807n, Date.UTC(1900, 0, 1), null, null, true, '1900-01-01'],
      [5, null, null, null, null, null, null, null],
      [6, big, 5, 5, new Uint8Array(3 * 1024 * 1024).fill(0x80), 2, true, '2000-02-29'],
    ];
    await createLoadTable(engine, 'hostile', columns);
    await bulkLoad(engine, 'hostile', columns, rows);
    const back = await engine.query<Record<string, unknown>>('SELECT * FROM hostile ORDER BY id');
    expect(back).toHaveLength(rows.length);
    back.forEach((row, r) => {
      const expected = rows[r] as LoadRow;
      columns.forEach((c, i) => {
        const want = c.type === 'long' && typeof expected[i] === 'bigint' && Number.isSafeInteger(Number(expected[i])) ? Number(expected[i]) : expected[i];
        const got = row[c.name];
        // Large values are compared as bytes: vitest's deep equality walks typed arrays element by element.
        if (want instanceof Uint8Array && got instanceof Uint8Array) expect(Buffer.compare(got, want), `row ${r} ${c.name}`).toBe(0);
        else if (typeof want === 'string' && want.length > 1000) expect(got === want, `row ${r} ${c.name}`).toBe(true);
        else expect(got, `row ${r} column ${c.name}`).toEqual(want);
      });
    });
    const [len] = await engine.query<{ n: number }>('SELECT strlen(s) AS n FROM hostile WHERE id = 6');
    expect(len?.n).toBe(big.length);
  });

  it('loads more rows than one data chunk holds, in order', async () => {
    const cols: LoadColumn[] = [
      { name: 'i', type: 'long' },
      { name: 's', type: 'string' },
    ];
    const rows: LoadRow[] = Array.from({ length: 5000 }, (_, i) => [i, i % 7 === 0 ? null : `v${i}`]);
    await createLoadTable(engine, 'many', cols);
    await bulkLoad(engine, 'many', cols, rows);
    const back = await engine.query<{ i: number; s: string | null }>('SELECT i, s FROM many ORDER BY i');
    expect(back.map((r) => [r.i, r.s])).toEqual(rows);
  });

  it('rejects a value of the wrong type with the column named', async () => {
    const cols: LoadColumn[] = [{ name: 'when', type: 'timestamp' }];
    await createLoadTable(engine, 'wrong', cols);
    await expect(bulkLoad(engine, 'wrong', cols, [['2026-11-28']])).rejects.toThrow(/column when \(timestamp\) cannot hold the string/);
    await expect(bulkLoad(engine, 'wrong', cols, [[1, 2]])).rejects.toThrow(/a row has 2 values, the table has 1 columns/);
  });
});
