import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/**
 * What query results hold: plain JS values only.
 * Timestamps become epoch-ms numbers, DATE becomes 'YYYY-MM-DD', BIGINT becomes a number when it is
 * a safe integer (a bigint otherwise), BLOB a Uint8Array, lists arrays and structs objects.
 */
export type PlainValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PlainValue[]
  | { [key: string]: PlainValue };

export type PlainRow = Record<string, PlainValue>;

/** Values a query may bind to `?` / `$1` placeholders. */
export type SqlParam = null | boolean | number | bigint | string | Uint8Array;

const MS_PER_DAY = 86_400_000;

export function toPlainValue(value: DuckDBValue): PlainValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'bigint') return bigintToPlain(value);
  // Timestamps: sub-millisecond digits are dropped (floor), the lake stores millisecond times.
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return Number(floorDiv(value.micros, 1000n));
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) return Number(value.millis);
  if (value instanceof DuckDBTimestampSecondsValue) return Number(value.seconds) * 1000;
  if (value instanceof DuckDBTimestampNanosecondsValue) return Number(floorDiv(value.nanos, 1_000_000n));
  if (value instanceof DuckDBDateValue) return new Date(value.days * MS_PER_DAY).toISOString().slice(0, 10);
  // The binding hands out Buffers; callers get the plain Uint8Array view the type promises.
  if (value instanceof DuckDBBlobValue) return new Uint8Array(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toPlainValue);
  if (value instanceof DuckDBStructValue) {
    const out: { [key: string]: PlainValue } = {};
    for (const [k, v] of Object.entries(value.entries)) out[k] = toPlainValue(v);
    return out;
  }
  if (value instanceof DuckDBMapValue) {
    return value.entries.map((e) => ({ key: toPlainValue(e.key), value: toPlainValue(e.value) }));
  }
  // UUID, INTERVAL, TIME, BIT, ...: their canonical text form.
  return value.toString();
}

export function toDuckDBParam(value: SqlParam): DuckDBValue {
  return value instanceof Uint8Array ? new DuckDBBlobValue(value) : value;
}

function bigintToPlain(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
