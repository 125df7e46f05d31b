import type { Engine } from '../../engine/index.js';
import { sqlString } from '../../engine/index.js';

/**
 * Reads a Parquet file through DuckDB as columns (one array per selected expression, row order as stored):
 * the whole file, or rows [first, last] by `file_row_number`, which DuckDB prunes to the row groups holding
 * them. Columnar results skip the per-row objects a row reader would build.
 */
export async function readFileColumns(
  engine: Engine,
  path: string,
  expressions: readonly string[],
  rows?: { first: number; last: number },
): Promise<unknown[][]> {
  const sql = rows === undefined
    ? `SELECT ${expressions.join(', ')} FROM read_parquet(${sqlString(path)}, hive_partitioning = false)`
    : `SELECT ${expressions.join(', ')} FROM read_parquet(${sqlString(path)}, hive_partitioning = false, file_row_number = true)
       WHERE file_row_number BETWEEN ${rows.first} AND ${rows.last}`;
  return engine.withConnection(async (conn) => {
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getColumns() as unknown[][];
    } catch (err) {
      throw new Error(`query: cannot load ${path} into the memory index: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
}
