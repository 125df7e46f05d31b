/**
 * The DuckDB engine: one warm in-memory instance per process, SQL quoting, typed results, bulk loading.
 *
 *   const engine = await Engine.create({ threads: 2 });          // Partial<EngineOptions>
 *   await engine.query<{ n: number }>('SELECT count(*) AS n FROM read_parquet(?)', [path]);
 *   await engine.run(sql, params?);                              // discard results
 *   await engine.withConnection(async (conn) => ...);            // raw DuckDBConnection lease
 *   await createLoadTable(engine, 'stage', columns); await bulkLoad(engine, 'stage', columns, rows);
 *   await bulkLoadColumns(engine, 'stage', columns, [col0Values, col1Values, ...], rowCount);   // fastest
 *   await engine.close();
 *
 * Result mapping (PlainValue): TIMESTAMP/TIMESTAMPTZ → epoch-ms number, BIGINT → number when safe
 * (bigint otherwise), DATE → 'YYYY-MM-DD', BLOB → Uint8Array, LIST → array, STRUCT → object.
 */
export { Engine } from './duckdb.js';
export { defaultEngineOptions, resolveEngineOptions, type EngineOptions } from './options.js';
export { sqlIdent, sqlString, sqlStringList } from './sql.js';
export { toPlainValue, type PlainRow, type PlainValue, type SqlParam } from './values.js';
export { sqlTypeOf, toDuckDBCell, type CellValue, type LoadColumn, type ValueType } from './column-types.js';
export { bulkLoad, bulkLoadColumns, createLoadTable, type LoadRow } from './bulk-load.js';
export { ColumnChunkEncoder, CHUNK_ROWS, type ColumnValues } from './column-chunks.js';
