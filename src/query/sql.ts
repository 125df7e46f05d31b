import { sqlIdent, sqlString, sqlStringList } from '../engine/index.js';

/**
 * SQL fragments the query layer builds. Values are validated canonical strings or numbers before they get
 * here, and every literal still goes through the engine's quoting, so nothing a client sends is spliced raw.
 */

/** A TIMESTAMPTZ literal: gold timestamps are Parquet UTC timestamps (TIMESTAMPTZ in DuckDB). A constant on the
 * right-hand side keeps the comparison eligible for Parquet row-group pruning. */
export function tsLiteral(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error(`query: ${ms} is not a timestamp`);
  return `${sqlString(new Date(ms).toISOString())}::TIMESTAMPTZ`;
}

export function col(name: string): string {
  return sqlIdent(name);
}

/** `read_parquet([...])` over explicit files: the file list comes from the Delta snapshot, never a glob. */
export function readParquet(paths: readonly string[]): string {
  return `read_parquet(${sqlStringList(paths)}, hive_partitioning = false)`;
}

export function inList(column: string, values: readonly string[]): string {
  if (values.length === 0) return 'FALSE';
  if (values.length === 1) return `${col(column)} = ${sqlString(values[0] as string)}`;
  return `${col(column)} IN (${values.map(sqlString).join(', ')})`;
}

export function equals(column: string, value: string): string {
  return `${col(column)} = ${sqlString(value)}`;
}

export function and(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'TRUE' : conditions.map((c) => `(${c})`).join(' AND ');
}

export { sqlString };
