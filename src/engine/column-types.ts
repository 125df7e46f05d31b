import {
  BIGINT,
  BLOB,
  BOOLEAN,
  DATE,
  DOUBLE,
  INTEGER,
  TIMESTAMPTZ,
  VARCHAR,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBTimestampTZValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/**
 * The value types the lake stores, named as Delta's schema names them (the table layer's ColumnType
 * is the same union). Each maps to one DuckDB type and one JS input representation:
 *   string → VARCHAR (JS string)          long → BIGINT (number or bigint)   integer → INTEGER (number)
 *   double → DOUBLE (number)              boolean → BOOLEAN                   binary → BLOB (Uint8Array)
 *   timestamp → TIMESTAMPTZ (epoch-ms number; Parquet TIMESTAMP isAdjustedToUTC=true)
 *   date → DATE ('YYYY-MM-DD')
 */
export type ValueType = 'string' | 'long' | 'integer' | 'double' | 'boolean' | 'timestamp' | 'date' | 'binary';

/** One JS cell as producers hand it over; null is SQL NULL. */
export type CellValue = string | number | bigint | boolean | Uint8Array | null;

export interface LoadColumn {
  name: string;
  type: ValueType;
}

export const sqlTypeOf: Record<ValueType, string> = {
  string: 'VARCHAR',
  long: 'BIGINT',
  integer: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  binary: 'BLOB',
};

export const duckdbTypeOf: Record<ValueType, DuckDBType> = {
  string: VARCHAR,
  long: BIGINT,
  integer: INTEGER,
  double: DOUBLE,
  boolean: BOOLEAN,
  timestamp: TIMESTAMPTZ,
  date: DATE,
  binary: BLOB,
};

const MS_PER_DAY = 86_400_000;

/** JS cell → DuckDB value of the column's type; a wrong JS type is an error naming the column. */
export function toDuckDBCell(value: CellValue, column: LoadColumn): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'long':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return value;
      break;
    case 'double':
      if (typeof value === 'number') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return new DuckDBTimestampTZValue(BigInt(value) * 1000n);
      break;
    case 'date':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return new DuckDBDateValue(Math.floor(Date.parse(`${value}T00:00:00Z`) / MS_PER_DAY));
      }
      break;
    case 'binary':
      if (value instanceof Uint8Array) return new DuckDBBlobValue(value);
      break;
  }
  throw cellTypeError(value, column);
}

/** The error for a JS value the column's type cannot hold, naming the column and what it expects. */
export function cellTypeError(value: unknown, column: LoadColumn): Error {
  return new Error(`engine: column ${column.name} (${column.type}) cannot hold ${describe(value)}; expected ${expected[column.type]}`);
}

const expected: Record<ValueType, string> = {
  string: 'a string',
  long: 'a safe integer number or a bigint',
  integer: 'a 32-bit integer number',
  double: 'a number',
  boolean: 'a boolean',
  timestamp: 'epoch milliseconds as an integer number',
  date: "a 'YYYY-MM-DD' string",
  binary: 'a Uint8Array',
};

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (value instanceof Uint8Array) return `a Uint8Array`;
  return `${typeof value} ${String(value)}`;
}
