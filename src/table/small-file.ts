import { cellTypeError, type CellValue, type LoadColumn } from '../engine/column-types.js';
import { compareBytewise } from './compare.js';
import { encodePlainParquet } from './parquet-js/plain-file.js';
import { statsOfSummaries } from './stats.js';
import type { FileStats, TableSpec } from './types.js';

/**
 * The small-file path of the table writer: a partition with few rows is sorted, encoded and described in
 * JS, with no DuckDB round trip. The file is what the DuckDB path would write (same schema, same sort,
 * row groups of at most spec.rowGroupSize, the same stats) but uncompressed: at a few KB it costs
 * nothing to store, and Delta does not care about a file's codec.
 */
export interface SmallFile {
  bytes: Uint8Array;
  stats: FileStats;
}

/** Encode the rows `data[c][r]` (r < rows) of one partition, every value checked by checkRow beforehand. */
export function encodeSmallFile(spec: TableSpec, columns: readonly LoadColumn[], data: readonly (readonly CellValue[])[], rows: number): SmallFile {
  const order = sortedRows(spec, data, rows);
  const file = encodePlainParquet(columns, data, order, spec.rowGroupSize);
  return { bytes: file.bytes, stats: statsOfSummaries(spec.columns, file.columns, rows) };
}

/** Row indices in `ORDER BY spec.sortBy` order (ascending, NULLS LAST: DuckDB's defaults). */
function sortedRows(spec: TableSpec, data: readonly (readonly CellValue[])[], rows: number): number[] {
  const order = Array.from({ length: rows }, (_, i) => i);
  const keys = spec.sortBy.map((name) => {
    const index = spec.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`table: ${spec.name} sorts by ${name}, which is not one of its columns`);
    return keyComparator(data[index] as readonly CellValue[], rows);
  });
  if (keys.length === 0 || rows < 2) return order;
  return order.sort((a, b) => {
    for (const key of keys) {
      const d = key(a, b);
      if (d !== 0) return d;
    }
    return a - b;
  });
}

/**
 * Compare rows a and b by one column. A column of ASCII strings or of non-NaN numbers compares with
 * native < (UTF-16 order is byte order for ASCII); anything else goes through compareCells.
 */
function keyComparator(values: readonly CellValue[], rows: number): (a: number, b: number) => number {
  let simple = true;
  for (let r = 0; r < rows && simple; r += 1) {
    const v = values[r];
    if (typeof v === 'string') simple = isAscii(v);
    else if (typeof v === 'number') simple = !Number.isNaN(v);
    else simple = v === null || v === undefined || typeof v === 'bigint';
  }
  if (!simple) return (a, b) => compareCells(values[a] ?? null, values[b] ?? null);
  return (a, b) => {
    const x = values[a] ?? null;
    const y = values[b] ?? null;
    if (x === y) return 0;
    if (x === null) return 1; // NULLS LAST
    if (y === null) return -1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) >= 0x80) return false;
  return true;
}

function compareCells(a: CellValue, b: CellValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'string') return compareBytewise(a, b as string);
  if (a instanceof Uint8Array) return Buffer.compare(a, b as Uint8Array);
  // NaN sorts after every other double, as in DuckDB.
  if (typeof a === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b) ? 0 : 1;
  if (typeof b === 'number' && Number.isNaN(b)) return -1;
  return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
}

/**
 * Throw cellTypeError unless every value of `row` is one the DuckDB loader accepts for its column
 * (src/engine/column-chunks.ts): held rows fail on append, as staged rows fail on load.
 */
export function checkRow(columns: readonly LoadColumn[], row: readonly CellValue[]): void {
  for (let c = 0; c < columns.length; c += 1) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    const column = columns[c] as LoadColumn;
    let ok: boolean;
    switch (column.type) {
      case 'string':
        ok = typeof v === 'string';
        break;
      case 'long':
        ok = (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'bigint' && BigInt.asIntN(64, v) === v);
        break;
      case 'timestamp':
        ok = typeof v === 'number' && Number.isSafeInteger(v);
        break;
      case 'integer':
        ok = typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
        break;
      case 'double':
        ok = typeof v === 'number';
        break;
      case 'boolean':
        ok = typeof v === 'boolean';
        break;
      case 'date':
        ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
        break;
      case 'binary':
        ok = v instanceof Uint8Array;
        break;
    }
    if (!ok) throw cellTypeError(v, column);
  }
}
