import { endianness } from 'node:os';
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBLogicalType } from '@duckdb/node-api';
import { cellTypeError, duckdbTypeOf, type CellValue, type LoadColumn, type ValueType } from './column-types.js';

/**
 * Columnar JS values → DuckDB data chunks, written straight into vector memory.
 *
 * Why not node-api's vector wrappers: they convert every cell to a DuckDB value object, track validity
 * with BigInt arithmetic and make one native call per string. Here each column is encoded by one loop
 * specialised for its type into reusable typed arrays, then copied into the vector with one memcpy.
 * Strings of at most 12 UTF-8 bytes are written inline in DuckDB's 16-byte `duckdb_string_t`
 * ({uint32 length, char inlined[12]}, see duckdb.h); only longer strings and blobs need a native call.
 * Measured in bench/bulk-load.ts.
 */

/** DuckDB's vector size: the most rows one data chunk holds. */
export const CHUNK_ROWS = 2048;

/** duckdb_string_t: 16 bytes, inlined when the string is at most 12 bytes long. */
const STRING_T = 16;
const INLINE_MAX = 12;
const TWO_32 = 4294967296;
/** |ms| at or below this converts to microseconds exactly in a double. */
const SAFE_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
const MS_PER_DAY = 86_400_000;

// Vector memory is native-endian; the int64 halves and validity words below assume little-endian.
if (endianness() !== 'LE') throw new Error('engine: the columnar loader needs a little-endian CPU');

/** Reusable scratch memory for one chunk: every column type is encoded through these views. */
class Scratch {
  readonly bytes = new Uint8Array(CHUNK_ROWS * STRING_T);
  readonly u32 = new Uint32Array(this.bytes.buffer);
  readonly i32 = new Int32Array(this.bytes.buffer);
  readonly i64 = new BigInt64Array(this.bytes.buffer);
  readonly f64 = new Float64Array(this.bytes.buffer);
  /** DuckDB validity: bit r of the little-endian word array is set when row r is not NULL. */
  readonly validity = new Uint32Array(CHUNK_ROWS / 32);
  /** Rows whose value needs a native call after the memcpy (long strings, blobs). */
  readonly late = new Int32Array(CHUNK_ROWS);
}

/** One column of values in row order; null (or undefined) is SQL NULL. */
export type ColumnValues = ArrayLike<CellValue | undefined>;

/**
 * Encodes columns of one table's layout into data chunks and appends them. Create one per load;
 * it holds the DuckDB logical types so they are not re-created for every chunk.
 */
export class ColumnChunkEncoder {
  private readonly logicalTypes: DuckDBLogicalType[];
  private readonly scratch = new Scratch();
  private readonly dateCache = { text: '', days: 0 };

  constructor(readonly columns: readonly LoadColumn[]) {
    this.logicalTypes = columns.map((c) => duckdbTypeOf[c.type].toLogicalType());
  }

  /** Append rows [start, start + count) of `data` (data[c] holds column c) in chunks of CHUNK_ROWS. */
  append(appender: DuckDBAppender, data: readonly ColumnValues[], start: number, count: number): void {
    if (data.length !== this.columns.length) {
      throw new Error(`engine: columnar load got ${data.length} columns, the table has ${this.columns.length}`);
    }
    for (let offset = start; offset < start + count; offset += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, start + count - offset);
      const raw = duckdb.create_data_chunk(this.logicalTypes.map((t) => t.logical_type));
      duckdb.data_chunk_set_size(raw, rows);
      for (let c = 0; c < this.columns.length; c += 1) {
        this.encodeColumn(duckdb.data_chunk_get_vector(raw, c), this.columns[c] as LoadColumn, data[c] as ColumnValues, offset, rows);
      }
      appender.appendDataChunk(new DuckDBDataChunk(raw));
    }
  }

  private encodeColumn(vector: duckdb.Vector, column: LoadColumn, values: ColumnValues, offset: number, rows: number): void {
    const s = this.scratch;
    s.validity.fill(0xffffffff);
    let nulls = 0;
    let late = 0;
    let width: number;
    const type: ValueType = column.type;
    // One loop per type: the hot loop never dispatches on the column type.
    switch (type) {
      case 'string': {
        width = STRING_T;
        s.bytes.fill(0, 0, rows * STRING_T); // inline padding must be zero: DuckDB compares inlined strings bytewise
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
          } else if (typeof v !== 'string') {
            throw cellTypeError(v, column);
          } else if (!writeInlineString(s, r, v)) {
            s.late[late++] = r;
          }
        }
        break;
      }
      case 'binary': {
        width = STRING_T;
        s.bytes.fill(0, 0, rows * STRING_T);
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) nulls += clearBit(s.validity, r);
          else if (!(v instanceof Uint8Array)) throw cellTypeError(v, column);
          else s.late[late++] = r;
        }
        break;
      }
      case 'long': {
        width = 8;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.i32[2 * r] = 0;
            s.i32[2 * r + 1] = 0;
          } else if (typeof v === 'number' && Number.isSafeInteger(v)) {
            s.i32[2 * r] = v | 0; // low 32 bits (ToInt32 is modular)
            s.i32[2 * r + 1] = Math.floor(v / TWO_32);
          } else if (typeof v === 'bigint' && BigInt.asIntN(64, v) === v) {
            s.i64[r] = v;
          } else {
            throw cellTypeError(v, column);
          }
        }
        break;
      }
      case 'timestamp': {
        width = 8;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.i32[2 * r] = 0;
            s.i32[2 * r + 1] = 0;
          } else if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
            throw cellTypeError(v, column);
          } else if (v <= SAFE_MS && v >= -SAFE_MS) {
            const micros = v * 1000;
            s.i32[2 * r] = micros | 0;
            s.i32[2 * r + 1] = Math.floor(micros / TWO_32);
          } else {
            s.i64[r] = BigInt(v) * 1000n;
          }
        }
        break;
      }
      case 'integer': {
        width = 4;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.i32[r] = 0;
          } else if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) {
            s.i32[r] = v;
          } else {
            throw cellTypeError(v, column);
          }
        }
        break;
      }
      case 'double': {
        width = 8;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.f64[r] = 0;
          } else if (typeof v === 'number') {
            s.f64[r] = v;
          } else {
            throw cellTypeError(v, column);
          }
        }
        break;
      }
      case 'boolean': {
        width = 1;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.bytes[r] = 0;
          } else if (typeof v === 'boolean') {
            s.bytes[r] = v ? 1 : 0;
          } else {
            throw cellTypeError(v, column);
          }
        }
        break;
      }
      case 'date': {
        width = 4;
        const cache = this.dateCache;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            s.i32[r] = 0;
          } else if (v === cache.text) {
            s.i32[r] = cache.days;
          } else {
            const days = typeof v === 'string' ? daysOf(v) : undefined;
            if (days === undefined) throw cellTypeError(v, column);
            cache.text = v as string;
            cache.days = days;
            s.i32[r] = days;
          }
        }
        break;
      }
    }
    duckdb.copy_data_to_vector(vector, 0, s.bytes.buffer, 0, rows * width);
    if (nulls > 0) {
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(vector, 0, s.validity.buffer, 0, Math.ceil(rows / 64) * 8);
    }
    for (let i = 0; i < late; i += 1) {
      const r = s.late[i] as number;
      const v = values[offset + r];
      if (typeof v === 'string') duckdb.vector_assign_string_element(vector, r, v);
      else duckdb.vector_assign_string_element_len(vector, r, v as Uint8Array);
    }
  }
}

function clearBit(validity: Uint32Array, r: number): number {
  validity[r >>> 5] = (validity[r >>> 5] as number) & ~(1 << (r & 31));
  return 1;
}

/** Write an ASCII string of at most 12 bytes inline; false when it must go through DuckDB. */
function writeInlineString(s: Scratch, r: number, v: string): boolean {
  const n = v.length;
  if (n > INLINE_MAX) return false;
  const base = r * STRING_T + 4;
  for (let i = 0; i < n; i += 1) {
    const code = v.charCodeAt(i);
    if (code >= 0x80) return false; // multi-byte UTF-8 (or a lone surrogate): let DuckDB encode it
    s.bytes[base + i] = code;
  }
  s.u32[r * 4] = n;
  return true;
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or undefined when it is not a real calendar date. */
function daysOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / MS_PER_DAY);
}
