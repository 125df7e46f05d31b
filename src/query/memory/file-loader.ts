import type { Engine } from '../../engine/index.js';
import { sqlIdent, sqlString } from '../../engine/index.js';

/** Rows [first, last] of a file, by `file_row_number` (inclusive). */
export interface RowRange {
  first: number;
  last: number;
}

/** What to read of a file: all rows, or some row ranges; optionally only rows whose `column` is one of `values`. */
export interface ReadSelection {
  rows?: readonly RowRange[] | undefined;
  keys?: { column: string; values: readonly string[] } | undefined;
}

/**
 * Reads a Parquet file through DuckDB as columns (one array per selected expression, row order as stored):
 * the whole file, or row ranges by `file_row_number`, which DuckDB prunes to the row groups holding them, and
 * optionally only the rows of some keys (a handful of rows, so DuckDB hands over few strings). Columnar results
 * skip the per-row objects a row reader would build.
 */
export async function readFileColumns(
  engine: Engine,
  path: string,
  expressions: readonly string[],
  selection: ReadSelection = {},
): Promise<unknown[][]> {
  const conditions: string[] = [];
  const ranges = selection.rows ?? [];
  if (ranges.length > 0) {
    conditions.push(ranges.map((r) => `file_row_number BETWEEN ${r.first} AND ${r.last}`).join(' OR '));
  }
  if (selection.keys) {
    conditions.push(`${sqlIdent(selection.keys.column)} IN (${selection.keys.values.map(sqlString).join(', ')})`);
  }
  const options = ranges.length > 0 ? 'hive_partitioning = false, file_row_number = true' : 'hive_partitioning = false';
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`;
  const sql = `SELECT ${expressions.join(', ')} FROM read_parquet(${sqlString(path)}, ${options})${where}`;
  return engine.withConnection(async (conn) => {
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getColumns() as unknown[][];
    } catch (err) {
      throw new Error(`query: cannot load ${path} into the memory index: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
}
