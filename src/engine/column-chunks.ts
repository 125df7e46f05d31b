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
 * Strings and blobs use DuckDB's 16-byte `duckdb_string_t` (duckdb.h): {uint32 length, char inlined[12]}
 * when at most 12 bytes long, else {uint32 length, char prefix[4], char *ptr}. Short values are written
 * inline. Longer ones are UTF-8 encoded back to back into one heap buffer that is handed to DuckDB with a
 * single `duckdb_vector_assign_string_element_len` per column and chunk; each row's string_t then points
 * at its slice of that copy, which lives in the vector's string heap until the appender has copied the
 * chunk. One native call per 2048 values instead of one per value (~450 ns each) is most of the speed-up
 * measured in bench/bulk-load.ts.
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
  /** Rows whose value is longer than 12 bytes, and where in `heap` its bytes are. */
  readonly lateRow = new Int32Array(CHUNK_ROWS);
  readonly lateOffset = new Uint32Array(CHUNK_ROWS);
  readonly lateLength = new Uint32Array(CHUNK_ROWS);
  /** Long values of one column and chunk, back to back; grows for multi-MB values. */
  heap = Buffer.allocUnsafe(1 << 20);

  /** Room for `bytes` more heap bytes after `used`. */
  reserve(used: number, bytes: number): void {
    if (used + bytes <= this.heap.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.heap.length * 2, used + bytes));
    this.heap.copy(grown, 0, 0, used);
    this.heap = grown;
  }
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
    let used = 0; // heap bytes of this column and chunk
    let width: number;
    const type: ValueType = column.type;
    // One loop per type: the hot loop never dispatches on the column type.
    switch (type) {
      case 'string': {
        width = STRING_T;
        s.bytes.fill(0, 0, rows * STRING_T); // inline padding must be zero: DuckDB compares inlined strings bytewise
        let previous: string | undefined;
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
            continue;
          }
          if (typeof v !== 'string') throw cellTypeError(v, column);
          if (writeInlineString(s, r, v)) continue;
          s.lateRow[late] = r;
          if (v === previous && late > 0) {
            // Runs of one long value (a landing object key, a table name) share one copy of the bytes.
            s.lateOffset[late] = s.lateOffset[late - 1] as number;
            s.lateLength[late] = s.lateLength[late - 1] as number;
          } else {
            s.reserve(used, v.length * 3);
            const n = v.length <= 32 ? writeShortUtf8(s.heap, used, v) : s.heap.write(v, used, 'utf8');
            s.lateOffset[late] = used;
            s.lateLength[late] = n;
            used += n;
            previous = v;
          }
          late += 1;
        }
        break;
      }
      case 'binary': {
        width = STRING_T;
        s.bytes.fill(0, 0, rows * STRING_T);
        for (let r = 0; r < rows; r += 1) {
          const v = values[offset + r];
          if (v === null || v === undefined) {
            nulls += clearBit(s.validity, r);
          } else if (!(v instanceof Uint8Array)) {
            throw cellTypeError(v, column);
          } else if (v.length <= INLINE_MAX) {
            s.u32[r * 4] = v.length;
            s.bytes.set(v, r * STRING_T + 4);
          } else {
            s.reserve(used, v.length);
            s.heap.set(v, used);
            s.lateRow[late] = r;
            s.lateOffset[late] = used;
            s.lateLength[late] = v.length;
            used += v.length;
            late += 1;
          }
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
    if (late > 0) pointIntoHeap(vector, s, late, used, rows);
    duckdb.copy_data_to_vector(vector, 0, s.bytes.buffer, 0, rows * width);
    if (nulls > 0) {
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(vector, 0, s.validity.buffer, 0, Math.ceil(rows / 64) * 8);
    }
  }
}

/**
 * Hand the heap (all long values of the column, > 12 bytes in total) to DuckDB in one call, read back
 * where DuckDB copied it, and write every long row's non-inlined string_t into the scratch, pointing
 * into that copy. The caller's memcpy then publishes them.
 */
function pointIntoHeap(vector: duckdb.Vector, s: Scratch, late: number, used: number, rows: number): void {
  const anchor = s.lateRow[0] as number;
  duckdb.vector_assign_string_element_len(vector, anchor, s.heap.subarray(0, used));
  const data = duckdb.vector_get_data(vector, rows * STRING_T);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const at = anchor * STRING_T;
  if (view.getUint32(at, true) <= INLINE_MAX) throw new Error('engine: DuckDB inlined a long string heap; the string layout is not what this loader expects');
  const baseLow = view.getUint32(at + 8, true);
  const baseHigh = view.getUint32(at + 12, true);
  for (let i = 0; i < late; i += 1) {
    const r = s.lateRow[i] as number;
    const offset = s.lateOffset[i] as number;
    const low = baseLow + offset;
    const slot = r * STRING_T;
    s.u32[slot >> 2] = s.lateLength[i] as number;
    s.bytes[slot + 4] = s.heap[offset] as number; // prefix: the first 4 bytes
    s.bytes[slot + 5] = s.heap[offset + 1] as number;
    s.bytes[slot + 6] = s.heap[offset + 2] as number;
    s.bytes[slot + 7] = s.heap[offset + 3] as number;
    s.u32[(slot >> 2) + 2] = low >>> 0;
    s.u32[(slot >> 2) + 3] = baseHigh + (low >= TWO_32 ? 1 : 0);
  }
}

function clearBit(validity: Uint32Array, r: number): number {
  validity[r >>> 5] = (validity[r >>> 5] as number) & ~(1 << (r & 31));
  return 1;
}

const utf8 = new TextEncoder();

/** Write a string of at most 12 UTF-8 bytes inline in row r's string_t; false when it is longer. */
function writeInlineString(s: Scratch, r: number, v: string): boolean {
  const n = v.length;
  if (n > INLINE_MAX) return false;
  const base = r * STRING_T + 4;
  for (let i = 0; i < n; i += 1) {
    const code = v.charCodeAt(i);
    if (code >= 0x80) {
      // Multi-byte UTF-8 (lone surrogates become U+FFFD): encode properly, and undo it if it does not fit.
      const slot = s.bytes.subarray(base, base + INLINE_MAX);
      const { read, written } = utf8.encodeInto(v, slot);
      if (read !== n) {
        slot.fill(0);
        return false;
      }
      s.u32[r * 4] = written;
      return true;
    }
    s.bytes[base + i] = code;
  }
  s.u32[r * 4] = n;
  return true;
}

/** UTF-8 of a short string at heap[at]; a JS loop beats a native call for ASCII this short. */
function writeShortUtf8(heap: Buffer, at: number, v: string): number {
  const n = v.length;
  for (let i = 0; i < n; i += 1) {
    const code = v.charCodeAt(i);
    if (code >= 0x80) return heap.write(v, at, 'utf8');
    heap[at + i] = code;
  }
  return n;
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or undefined when it is not a real calendar date. */
function daysOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / MS_PER_DAY);
}
