import type { Engine } from '../../engine/index.js';
import { sqlString } from '../../engine/index.js';

/**
 * Reads one whole Parquet file through DuckDB as columns (one array per selected expression, row order as
 * stored). Columnar results skip the per-row objects a row reader would build.
 */
export async function readFileColumns(engine: Engine, path: string, expressions: readonly string[]): Promise<unknown[][]> {
  const sql = `SELECT ${expressions.join(', ')} FROM read_parquet(${sqlString(path)}, hive_partitioning = false)`;
  return engine.withConnection(async (conn) => {
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getColumns() as unknown[][];
    } catch (err) {
      throw new Error(`query: cannot load ${path} into the memory index: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
}
