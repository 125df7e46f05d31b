import type { Engine } from '../engine/duckdb.js';
import { sqlIdent } from '../engine/sql.js';
import type { ColumnSummary, StatValue } from './parquet-js/plain-file.js';
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

const MS_PER_DAY = 86_400_000;

/**
 * The stats computeStats would return for a file the small-file encoder wrote, from the encoder's
 * per-column summaries (min/max in the file's form: timestamps in µs, dates in days). Same semantics:
 * strings bytewise, the min cut to STATS_STRING_LIMIT code points (DuckDB's left()), a longer max dropped;
 * timestamps as epoch ms; dates as 'YYYY-MM-DD'; NaN is the greatest double, as in DuckDB (so a column
 * holding one has no max); booleans and binaries get null counts only.
 */
export function statsOfSummaries(columns: readonly ColumnSpec[], summaries: readonly ColumnSummary[], rows: number): FileStats {
  const stats: FileStats = { numRecords: rows, minValues: {}, maxValues: {}, nullCount: {} };
  columns.forEach((c, i) => {
    const summary = summaries[i];
    if (!summary) throw new Error(`table: no summary of column ${c.name} from the small-file encoder`);
    stats.nullCount[c.name] = summary.nulls;
    const { min, max } = summary;
    if (c.type === 'string') {
      if (typeof min === 'string') stats.minValues[c.name] = leftCodePoints(min, STATS_STRING_LIMIT);
      if (typeof max === 'string' && codePointLength(max) <= STATS_STRING_LIMIT) stats.maxValues[c.name] = max;
      return;
    }
    if (c.type === 'boolean' || c.type === 'binary') return;
    const lo = statOfFileValue(c.type, min);
    const hi = summary.nan ? undefined : statOfFileValue(c.type, max);
    if (isStatValue(lo)) stats.minValues[c.name] = lo;
    if (isStatValue(hi)) stats.maxValues[c.name] = hi;
  });
  return stats;
}

/** A numeric min/max in the file's form → its Delta stats form (epoch ms, 'YYYY-MM-DD', safe numbers). */
function statOfFileValue(type: ColumnSpec['type'], value: StatValue | undefined): string | number | undefined {
  if (typeof value === 'bigint') {
    const whole = type === 'timestamp' ? value / 1000n : value;
    return Number.isSafeInteger(Number(whole)) ? Number(whole) : undefined;
  }
  if (typeof value !== 'number') return undefined;
  if (type === 'timestamp') return value / 1000; // exact: the encoder multiplied a safe ms integer by 1000
  if (type === 'date') return new Date(value * MS_PER_DAY).toISOString().slice(0, 10);
  return value;
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
