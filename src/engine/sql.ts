/**
 * SQL quoting in one place. Everything the lake interpolates into DuckDB SQL (file paths, table and
 * column names, partition values) goes through these two functions.
 */

/** A string literal: single quotes doubled. NUL cannot appear in DuckDB SQL text, so it is refused. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error(`sql: a string literal cannot contain a NUL byte: ${JSON.stringify(value)}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier (table or column name): double quotes doubled. */
export function sqlIdent(name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new Error(`sql: invalid identifier ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** `[ 'a', 'b' ]`: a DuckDB list literal of strings, e.g. the file list of read_parquet. */
export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`;
}
