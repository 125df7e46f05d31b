import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { CHUNK_ROWS, ColumnChunkEncoder, type ColumnValues } from './column-chunks.js';
import { duckdbTypeOf, sqlTypeOf, toDuckDBCell, type CellValue, type LoadColumn } from './column-types.js';
import type { Engine } from './duckdb.js';
import { sqlIdent } from './sql.js';

/** Rows in column order; row[i] belongs to columns[i]. */
export type LoadRow = readonly CellValue[];

/** `CREATE TABLE name (col TYPE, ...)` in the shared catalog, for staging rows before a COPY. */
export async function createLoadTable(engine: Engine, table: string, columns: readonly LoadColumn[]): Promise<void> {
  const defs = columns.map((c) => `${sqlIdent(c.name)} ${sqlTypeOf[c.type]}`).join(', ');
  await engine.run(`CREATE TABLE ${sqlIdent(table)} (${defs})`);
}

/**
 * Append JS rows to an existing table, exactly (NUL, tabs, newlines and multi-MB strings survive;
 * raw bytes go in `binary` columns). Rows are transposed a chunk at a time and written by the
 * columnar encoder (column-chunks.ts); prefer bulkLoadColumns when the data is already columnar.
 */
export async function bulkLoad(
  engine: Engine,
  table: string,
  columns: readonly LoadColumn[],
  rows: readonly LoadRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const encoder = new ColumnChunkEncoder(columns);
  const transposed = columns.map(() => new Array<CellValue>(CHUNK_ROWS));
  await withAppender(engine, table, (appender) => {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows.length - start);
      for (let r = 0; r < count; r += 1) {
        const row = rows[start + r] as LoadRow;
        checkWidth(row, columns, table);
        for (let c = 0; c < columns.length; c += 1) (transposed[c] as CellValue[])[r] = row[c] ?? null;
      }
      encoder.append(appender, transposed, 0, count);
    }
  });
}

/**
 * Append columnar data: `data[c]` holds column c's values in row order, `rowCount` rows of each.
 * The fastest way in: no row objects and one typed loop per column (see bench/bulk-load.ts).
 */
export async function bulkLoadColumns(
  engine: Engine,
  table: string,
  columns: readonly LoadColumn[],
  data: readonly ColumnValues[],
  rowCount: number,
): Promise<void> {
  if (rowCount === 0) return;
  data.forEach((values, c) => {
    if (values.length < rowCount) {
      throw new Error(`engine: bulk load into ${table}: column ${columns[c]?.name} has ${values.length} values, expected ${rowCount}`);
    }
  });
  const encoder = new ColumnChunkEncoder(columns);
  await withAppender(engine, table, (appender) => encoder.append(appender, data, 0, rowCount));
}

/** The node-api data-chunk path the loader used before the columnar encoder, kept for the benchmark. */
export async function bulkLoadNodeApiChunks(
  engine: Engine,
  table: string,
  columns: readonly LoadColumn[],
  rows: readonly LoadRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await withAppender(engine, table, (appender) => {
    const types = columns.map((c) => duckdbTypeOf[c.type]);
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows.length - start);
      const chunk = DuckDBDataChunk.create(types, count);
      for (let c = 0; c < columns.length; c += 1) {
        const column = columns[c] as LoadColumn;
        const vector = chunk.getColumnVector(c);
        for (let r = 0; r < count; r += 1) {
          const row = rows[start + r] as LoadRow;
          if (c === 0) checkWidth(row, columns, table);
          vector.setItem(r, toDuckDBCell(row[c] ?? null, column));
        }
        vector.flush();
      }
      appender.appendDataChunk(chunk);
    }
  });
}

/** Lease a connection, open an appender on `table`, run `fill`, flush and close it. */
async function withAppender(engine: Engine, table: string, fill: (appender: DuckDBAppender) => void): Promise<void> {
  await engine.withConnection(async (conn) => {
    const appender = await openAppender(conn, table);
    try {
      fill(appender);
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
}

/** The row-at-a-time appender path, kept for the benchmark's comparison. */
export async function bulkLoadRowByRow(
  engine: Engine,
  table: string,
  columns: readonly LoadColumn[],
  rows: readonly LoadRow[],
): Promise<void> {
  await engine.withConnection(async (conn) => {
    const appender = await openAppender(conn, table);
    try {
      for (const row of rows) {
        checkWidth(row, columns, table);
        for (let c = 0; c < columns.length; c += 1) {
          appender.appendValue(toDuckDBCell(row[c] ?? null, columns[c] as LoadColumn), duckdbTypeOf[(columns[c] as LoadColumn).type]);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
}

async function openAppender(conn: DuckDBConnection, table: string): Promise<DuckDBAppender> {
  try {
    return await conn.createAppender(table);
  } catch (err) {
    throw new Error(`engine: cannot append to table ${table}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

function checkWidth(row: LoadRow, columns: readonly LoadColumn[], where: string): void {
  if (row.length !== columns.length) {
    throw new Error(`engine: bulk load into ${where}: a row has ${row.length} values, the table has ${columns.length} columns`);
  }
}
