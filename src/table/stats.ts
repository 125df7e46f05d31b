import type { CellValue } from '../engine/column-types.js';
import type { Engine } from '../engine/duckdb.js';
import { sqlIdent } from '../engine/sql.js';
import { compareBytewise } from './compare.js';
import type { ColumnSpec, FileStats } from './types.js';

/** Longest string kept as a min/max stat; longer max values are dropped (a truncated max would be wrong). */
export const STATS_STRING_LIMIT = 64;

/**
 * Per-file stats (Delta `add.stats`) computed by one DuckDB aggregate over `relation`
 * (a table name or `read_parquet(...)`). Timestamps come back as epoch ms; strings compare bytewise
 * in DuckDB, as in Parquet. Binary and boolean columns get null counts only.
 */
export async function computeStats(engine: Engine, relation: string, columns: readonly ColumnSpec[]): Promise<FileStats> {
  const [row] = await engine.query<Record<string, unknown>>(`SELECT ${statSelects(columns).join(', ')} FROM ${relation}`);
  if (!row) throw new Error(`table: stats query over ${relation} returned no row`);
  return statsOfRow(row, columns);
}

/**
 * The stats of every group of `relation` by the integer column `keyColumn`, in one scan: a writer stages
 * all its partitions in one table, tagged by partition id, and asks once for all files it is about to write.
 * `where` narrows the rows (e.g. to the partitions being written out). Keyed by the key's value; a key with
 * no rows has no entry.
 */
export async function computeStatsByKey(
  engine: Engine,
  relation: string,
  keyColumn: string,
  columns: readonly ColumnSpec[],
  where = 'true',
): Promise<Map<number, FileStats>> {
  const key = sqlIdent(keyColumn);
  const rows = await engine.query<Record<string, unknown>>(
    `SELECT ${key} AS "__stats_key", ${statSelects(columns).join(', ')} FROM ${relation} WHERE ${where} GROUP BY ${key}`,
  );
  return new Map(rows.map((row) => [toNumber(row.__stats_key), statsOfRow(row, columns)]));
}

function statSelects(columns: readonly ColumnSpec[]): string[] {
  const selects = ['count(*) AS n'];
  columns.forEach((c, i) => {
    const col = sqlIdent(c.name);
    selects.push(`count(*) - count(${col}) AS nulls${i}`);
    if (c.type === 'timestamp') {
      selects.push(`epoch_ms(min(${col})) AS min${i}`, `epoch_ms(max(${col})) AS max${i}`);
    } else if (c.type === 'string') {
      selects.push(
        `left(min(${col}), ${STATS_STRING_LIMIT}) AS min${i}`,
        `CASE WHEN length(max(${col})) <= ${STATS_STRING_LIMIT} THEN max(${col}) END AS max${i}`,
      );
    } else if (c.type === 'date') {
      selects.push(`strftime(min(${col}), '%Y-%m-%d') AS min${i}`, `strftime(max(${col}), '%Y-%m-%d') AS max${i}`);
    } else if (c.type === 'long' || c.type === 'integer' || c.type === 'double') {
      selects.push(`min(${col}) AS min${i}`, `max(${col}) AS max${i}`);
    }
  });
  return selects;
}

function statsOfRow(row: Record<string, unknown>, columns: readonly ColumnSpec[]): FileStats {
  const stats: FileStats = { numRecords: toNumber(row.n), minValues: {}, maxValues: {}, nullCount: {} };
  columns.forEach((c, i) => {
    stats.nullCount[c.name] = toNumber(row[`nulls${i}`]);
    const min = row[`min${i}`];
    const max = row[`max${i}`];
    if (isStatValue(min)) stats.minValues[c.name] = min;
    if (isStatValue(max)) stats.maxValues[c.name] = max;
  });
  return stats;
}

function isStatValue(v: unknown): v is string | number {
  // Non-finite doubles (NaN, ±Infinity) have no JSON form; leaving them out only weakens pruning.
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`table: expected a count from DuckDB, got ${String(v)}`);
}

/**
 * The stats computeStats would return for rows held in JS, computed without DuckDB: `data[c][r]` is the
 * value of column c in row r (values of the column's type, as the writer accepts them). Same semantics:
 * strings bytewise, the min cut to STATS_STRING_LIMIT code points (DuckDB's left()), a longer max dropped;
 * timestamps as epoch ms; dates as 'YYYY-MM-DD'; NaN is the greatest double, as in DuckDB; booleans and
 * binaries get null counts only.
 */
export function computeStatsOfRows(columns: readonly ColumnSpec[], data: readonly (readonly CellValue[])[], rows: number): FileStats {
  const stats: FileStats = { numRecords: rows, minValues: {}, maxValues: {}, nullCount: {} };
  columns.forEach((c, i) => {
    const values = data[i] ?? [];
    let nulls = 0;
    let min: string | number | bigint | undefined;
    let max: string | number | bigint | undefined;
    const ranked = c.type !== 'boolean' && c.type !== 'binary';
    const less = c.type === 'string' ? (a: unknown, b: unknown) => compareBytewise(a as string, b as string) < 0 : lessThan;
    for (let r = 0; r < rows; r += 1) {
      const v = values[r];
      if (v === null || v === undefined) {
        nulls += 1;
        continue;
      }
      if (!ranked) continue;
      const x = v as string | number | bigint;
      if (x === min || x === max) continue; // repeated values: no comparison
      if (min === undefined || less(x, min)) min = x;
      if (max === undefined || less(max, x)) max = x;
    }
    stats.nullCount[c.name] = nulls;
    if (c.type === 'string') {
      if (typeof min === 'string') stats.minValues[c.name] = leftCodePoints(min, STATS_STRING_LIMIT);
      if (typeof max === 'string' && codePointLength(max) <= STATS_STRING_LIMIT) stats.maxValues[c.name] = max;
      return;
    }
    const plain = (v: typeof min): string | number | undefined =>
      typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : undefined) : v;
    const lo = plain(min);
    const hi = plain(max);
    if (isStatValue(lo)) stats.minValues[c.name] = lo;
    if (isStatValue(hi)) stats.maxValues[c.name] = hi;
  });
  return stats;
}

/** Numbers, bigints and 'YYYY-MM-DD' dates; NaN ranks above everything (DuckDB's order). */
function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && Number.isNaN(a)) return false;
  if (typeof b === 'number' && Number.isNaN(b)) return true;
  return (a as number) < (b as number);
}

function leftCodePoints(s: string, n: number): string {
  if (s.length <= n) return s;
  let end = 0;
  for (let count = 0; count < n && end < s.length; count += 1) {
    const unit = s.charCodeAt(end);
    end += unit >= 0xd800 && unit <= 0xdbff && end + 1 < s.length ? 2 : 1;
  }
  return s.slice(0, end);
}

function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i += 1) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}
