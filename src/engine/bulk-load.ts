import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { duckdbTypeOf, sqlTypeOf, toDuckDBCell, type CellValue, type LoadColumn } from './column-types.js';
import type { Engine } from './duckdb.js';
import { sqlIdent } from './sql.js';

/** DuckDB's vector size: the most rows one data chunk can hold. */
const CHUNK_ROWS = 2048;

/** Rows in column order; row[i] belongs to columns[i]. */
export type LoadRow = readonly CellValue[];

/** `CREATE TABLE name (col TYPE, ...)` in the shared catalog, for staging rows before a COPY. */
export async function createLoadTable(engine: Engine, table: string, columns: readonly LoadColumn[]): Promise<void> {
  const defs = columns.map((c) => `${sqlIdent(c.name)} ${sqlTypeOf[c.type]}`).join(', ');
  await engine.run(`CREATE TABLE ${sqlIdent(table)} (${defs})`);
}

/**
 * Append JS rows to an existing table, exactly (NUL, tabs, newlines and multi-MB strings survive;
 * raw bytes go in `binary` columns). Method chosen by bench/bulk-load.ts: the appender fed whole
 * data chunks, filled column by column — see the report in that script for the numbers.
 */
export async function bulkLoad(
  engine: Engine,
  table: string,
  columns: readonly LoadColumn[],
  rows: readonly LoadRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await engine.withConnection(async (conn) => {
    const appender = await openAppender(conn, table);
    try {
      appendChunks(appender, columns, rows);
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

function appendChunks(appender: DuckDBAppender, columns: readonly LoadColumn[], rows: readonly LoadRow[]): void {
  const types = columns.map((c) => duckdbTypeOf[c.type]);
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows.length - start);
    const chunk = DuckDBDataChunk.create(types, count);
    for (let c = 0; c < columns.length; c += 1) {
      const column = columns[c] as LoadColumn;
      const vector = chunk.getColumnVector(c);
      for (let r = 0; r < count; r += 1) {
        const row = rows[start + r] as LoadRow;
        if (c === 0) checkWidth(row, columns, column.name);
        vector.setItem(r, toDuckDBCell(row[c] ?? null, column));
      }
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
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
