import type { CellValue, LoadColumn, ValueType } from '../../engine/column-types.js';
import { compareBytewise } from '../compare.js';
import { ByteSink } from './byte-sink.js';
import { CompactWriter } from './thrift-compact.js';

/**
 * A Parquet file encoder for flat tables of the lake's column types, in plain JS: one uncompressed
 * PLAIN data page (v1) per column chunk, row groups of at most `rowGroupSize` rows, min/max/null-count
 * statistics per chunk. Made for small files, where DuckDB's fixed per-file cost (writer set-up per
 * column, file creation) dominates; big files keep DuckDB's COPY (dictionaries, zstd).
 *
 * The schema is the one DuckDB's COPY writes for the same SQL types, so readers see one schema
 * whichever path wrote a file: root `duckdb_schema`, every column OPTIONAL, and the same physical,
 * converted and logical types (test/table/writer-small-files.test.ts compares them).
 */

/** Parquet enums (parquet.thrift) used here. */
const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const ConvertedType = { UTF8: 0, DATE: 6, TIMESTAMP_MICROS: 10, INT_32: 17, INT_64: 18 } as const;
const Repetition = { REQUIRED: 0, OPTIONAL: 1 } as const;
const Encoding = { PLAIN: 0, RLE: 3 } as const;
const PageType = { DATA_PAGE: 0 } as const;
const CODEC_UNCOMPRESSED = 0;

interface ColumnLayout {
  physical: number;
  converted?: number;
  /** TIMESTAMP(isAdjustedToUTC, MICROS): DuckDB's TIMESTAMPTZ. */
  utcMicros?: true;
}

const layoutOf: Record<ValueType, ColumnLayout> = {
  string: { physical: PhysicalType.BYTE_ARRAY, converted: ConvertedType.UTF8 },
  long: { physical: PhysicalType.INT64, converted: ConvertedType.INT_64 },
  integer: { physical: PhysicalType.INT32, converted: ConvertedType.INT_32 },
  double: { physical: PhysicalType.DOUBLE },
  boolean: { physical: PhysicalType.BOOLEAN },
  timestamp: { physical: PhysicalType.INT64, converted: ConvertedType.TIMESTAMP_MICROS, utcMicros: true },
  date: { physical: PhysicalType.INT32, converted: ConvertedType.DATE },
  binary: { physical: PhysicalType.BYTE_ARRAY },
};

const MS_PER_DAY = 86_400_000;

/**
 * A chunk's min or max as the file stores it: strings and bytes (compared bytewise), int32 (also a date's
 * days), int64 (also a timestamp's microseconds), double, boolean.
 */
export type StatValue = string | number | bigint | boolean | Uint8Array;

/**
 * One column over the whole file (every row group): what the file's Delta stats are made from, so the
 * caller does not compare every value a second time.
 */
export interface ColumnSummary {
  nulls: number;
  /** Over the non-null values in file form (see StatValue); undefined when there are none (or only NaN). */
  min: StatValue | undefined;
  max: StatValue | undefined;
  /** A double column holds NaN, which chunk min/max leave out and DuckDB ranks above every number. */
  nan: boolean;
}

/** An encoded file and its per-column summaries (in `columns` order). */
export interface PlainParquet {
  bytes: Uint8Array;
  columns: ColumnSummary[];
}

/** What the footer needs to know about one written column chunk. */
interface ChunkMeta {
  column: LoadColumn;
  offset: number;
  size: number;
  values: number;
  nulls: number;
  /** Undefined when every value is null (or NaN). */
  min: StatValue | undefined;
  max: StatValue | undefined;
  nan: boolean;
}

interface RowGroupMeta {
  rows: number;
  bytes: number;
  chunks: ChunkMeta[];
}

// Reused by every call (encoding is synchronous): the file, one page body, one statistic.
const out = new ByteSink();
const page = new ByteSink();
const stat = new ByteSink(256);
const thrift = new CompactWriter(out);

/**
 * Encode a Parquet file. `columns[c][r]` is the value of column c in row r (values already checked against
 * the column types); `order` lists the row indices in file order (the caller sorts).
 */
export function encodePlainParquet(
  columns: readonly LoadColumn[],
  data: readonly (readonly CellValue[])[],
  order: ArrayLike<number>,
  rowGroupSize: number,
): PlainParquet {
  out.reset();
  out.u32(0x31524150); // PAR1
  const groups: RowGroupMeta[] = [];
  const summaries = columns.map<ColumnSummary>(() => ({ nulls: 0, min: undefined, max: undefined, nan: false }));
  for (let start = 0; start < order.length; start += rowGroupSize) {
    const end = Math.min(order.length, start + rowGroupSize);
    const group: RowGroupMeta = { rows: end - start, bytes: 0, chunks: [] };
    for (let c = 0; c < columns.length; c += 1) {
      const column = columns[c] as LoadColumn;
      // One object shape for every chunk: the footer reads them all.
      const chunk: ChunkMeta = { column, offset: out.length, size: 0, values: end - start, nulls: 0, min: undefined, max: undefined, nan: false };
      writeChunk(chunk, data[c] as readonly CellValue[], order, start, end);
      chunk.size = out.length - chunk.offset;
      group.bytes += chunk.size;
      group.chunks.push(chunk);
      summarise(summaries[c] as ColumnSummary, chunk);
    }
    groups.push(group);
  }
  const footerStart = out.length;
  writeFooter(columns, groups, order.length);
  out.u32(out.length - footerStart);
  out.u32(0x31524150);
  return { bytes: out.copy(), columns: summaries };
}

/** Fold a chunk into its column's summary (one comparison per row group, not per value). */
function summarise(summary: ColumnSummary, chunk: ChunkMeta): void {
  summary.nulls += chunk.nulls;
  summary.nan ||= chunk.nan;
  const { min, max } = chunk;
  if (min === undefined || max === undefined) return;
  if (summary.min === undefined || statLess(chunk.column.type, min, summary.min)) summary.min = min;
  if (summary.max === undefined || statLess(chunk.column.type, summary.max, max)) summary.max = max;
}

function statLess(type: ValueType, a: StatValue, b: StatValue): boolean {
  if (type === 'string') return compareBytewise(a as string, b as string) < 0;
  if (type === 'binary') return Buffer.compare(a as Uint8Array, b as Uint8Array) < 0;
  return (a as number | bigint | boolean) < (b as number | bigint | boolean);
}

/** One data page (header, then definition levels and PLAIN values) of rows order[start..end), into `out`. */
function writeChunk(chunk: ChunkMeta, values: readonly CellValue[], order: ArrayLike<number>, start: number, end: number): void {
  const rows = end - start;
  page.reset();
  // Definition levels (bit width 1) as RLE runs only: a sorted small file has long runs of set (or null) values.
  page.u32(0);
  let nulls = 0;
  let run = 0;
  let runSet = true;
  for (let i = start; i < end; i += 1) {
    const v = values[order[i] as number];
    const isSet = v !== null && v !== undefined;
    if (!isSet) nulls += 1;
    if (isSet === runSet) run += 1;
    else {
      if (run > 0) levelRun(run, runSet);
      runSet = isSet;
      run = 1;
    }
  }
  if (run > 0) levelRun(run, runSet);
  page.bytes.writeUInt32LE(page.length - 4, 0);
  writePlainValues(chunk, values, order, start, end, rows - nulls);
  chunk.nulls = nulls;

  thrift
    .i32(1, PageType.DATA_PAGE)
    .i32(2, page.length)
    .i32(3, page.length)
    .struct(5)
    .i32(1, rows)
    .i32(2, Encoding.PLAIN)
    .i32(3, Encoding.RLE)
    .i32(4, Encoding.RLE)
    .end()
    .stop();
  out.append(page.bytes, 0, page.length);
}

function levelRun(count: number, set: boolean): void {
  let header = count * 2; // low bit 0: an RLE run
  while (header > 0x7f) {
    page.u8((header & 0x7f) | 0x80);
    header = Math.floor(header / 128);
  }
  page.u8(header);
  page.u8(set ? 1 : 0);
}

/** PLAIN encoding of the non-null values of rows order[start..end) into `page`; their min and max. */
function writePlainValues(
  chunk: ChunkMeta,
  values: readonly CellValue[],
  order: ArrayLike<number>,
  start: number,
  end: number,
  present: number,
): void {
  const type = chunk.column.type;
  let min: StatValue | undefined;
  let max: StatValue | undefined;
  if (type === 'boolean') {
    // Bit-packed, least significant bit first.
    const first = page.length;
    const size = Math.ceil(present / 8);
    page.ensure(size);
    page.bytes.fill(0, first, first + size);
    page.length += size;
    let bit = 0;
    for (let i = start; i < end; i += 1) {
      const v = values[order[i] as number];
      if (v === null || v === undefined) continue;
      if (v === true) page.bytes[first + (bit >> 3)] = (page.bytes[first + (bit >> 3)] as number) | (1 << (bit & 7));
      bit += 1;
      if (min === undefined || (min === true && v === false)) min = v as boolean;
      if (max === undefined || (max === false && v === true)) max = v as boolean;
    }
    chunk.min = min;
    chunk.max = max;
    return;
  }
  // One loop per type: the hot loop never dispatches on the column type. Equal neighbours (sorted
  // files, repeated values) skip the comparison.
  switch (type) {
    case 'string':
      for (let i = start; i < end; i += 1) {
        const v = values[order[i] as number];
        if (v === null || v === undefined) continue;
        const s = v as string;
        // An ASCII string's UTF-16 order is its byte order against any string, so native < and > do.
        const ascii = page.byteArrayUtf8(s);
        if (s === min || s === max) continue;
        if (min === undefined || max === undefined) min = max = s;
        else if (ascii ? s < (min as string) : compareBytewise(s, min as string) < 0) min = s;
        else if (ascii ? s > (max as string) : compareBytewise(s, max as string) > 0) max = s;
      }
      break;
    case 'binary':
      for (let i = start; i < end; i += 1) {
        const b = values[order[i] as number] as Uint8Array | null | undefined;
        if (b === null || b === undefined) continue;
        page.u32(b.length);
        page.append(b);
        if (min === undefined || Buffer.compare(b, min as Uint8Array) < 0) min = b;
        if (max === undefined || Buffer.compare(b, max as Uint8Array) > 0) max = b;
      }
      break;
    case 'integer':
    case 'date':
      for (let i = start; i < end; i += 1) {
        const v = values[order[i] as number];
        if (v === null || v === undefined) continue;
        const x = type === 'date' ? Date.parse(`${v as string}T00:00:00Z`) / MS_PER_DAY : (v as number);
        page.i32(x);
        if (min === undefined || x < (min as number)) min = x;
        if (max === undefined || x > (max as number)) max = x;
      }
      break;
    case 'long':
    case 'timestamp':
      for (let i = start; i < end; i += 1) {
        const v = values[order[i] as number];
        if (v === null || v === undefined) continue;
        // Timestamps are epoch ms in JS and microseconds in the file, as DuckDB's TIMESTAMPTZ.
        const x = type === 'timestamp' ? microsOf(v as number) : (v as number | bigint);
        page.i64(x);
        if (min === undefined || x < (min as number | bigint)) min = x;
        if (max === undefined || x > (max as number | bigint)) max = x;
      }
      break;
    case 'double':
      for (let i = start; i < end; i += 1) {
        const v = values[order[i] as number];
        if (v === null || v === undefined) continue;
        const x = v as number;
        page.f64(x);
        if (Number.isNaN(x)) {
          chunk.nan = true; // NaN has no place in Parquet min/max
          continue;
        }
        if (min === undefined || x < (min as number)) min = x;
        if (max === undefined || x > (max as number)) max = x;
      }
      break;
  }
  chunk.min = min;
  chunk.max = max;
}

/** Epoch ms → µs, exact: through BigInt only past 2^53 µs (year 2255). */
function microsOf(ms: number): number | bigint {
  const micros = ms * 1000;
  return Number.isSafeInteger(micros) ? micros : BigInt(ms) * 1000n;
}

/** The PLAIN bytes of a statistic, into `stat`. */
function plainStat(type: ValueType, value: StatValue): void {
  stat.reset();
  if (type === 'string') stat.utf8(value as string);
  else if (type === 'binary') stat.append(value as Uint8Array);
  else if (type === 'integer' || type === 'date') stat.i32(value as number);
  else if (type === 'long' || type === 'timestamp') stat.i64(value as number | bigint);
  else if (type === 'double') stat.f64(value as number);
  else stat.u8(value === true ? 1 : 0);
}

function writeFooter(columns: readonly LoadColumn[], groups: readonly RowGroupMeta[], rows: number): void {
  const w = thrift;
  w.i32(1, 1);
  w.structList(2, [undefined, ...columns], (s, column) => {
    if (column === undefined) {
      s.i32(3, Repetition.REQUIRED).string(4, 'duckdb_schema').i32(5, columns.length);
      return;
    }
    const layout = layoutOf[column.type];
    s.i32(1, layout.physical).i32(3, Repetition.OPTIONAL).string(4, column.name);
    if (layout.converted !== undefined) s.i32(6, layout.converted);
    if (layout.utcMicros) {
      // LogicalType.TIMESTAMP(8) { isAdjustedToUTC: true, unit: TimeUnit.MICROS(2) {} }
      s.struct(10).struct(8).bool(1, true).struct(2).struct(2).end().end().end().end();
    }
  });
  w.i64(3, rows);
  w.structList(4, groups, (g, group) => {
    g.structList(1, group.chunks, (c, chunk) => {
      const type = chunk.column.type;
      c.i64(2, chunk.offset);
      c.struct(3);
      c.i32(1, layoutOf[type].physical)
        .i32List(2, ENCODINGS)
        .stringList(3, [chunk.column.name])
        .i32(4, CODEC_UNCOMPRESSED)
        .i64(5, chunk.values)
        .i64(6, chunk.size)
        .i64(7, chunk.size)
        .i64(9, chunk.offset);
      c.struct(12);
      // Both the legacy max/min (1, 2) and max_value/min_value (5, 6), as DuckDB writes them.
      const { min, max } = chunk;
      if (min !== undefined && max !== undefined) {
        plainStat(type, max);
        c.binary(1, stat.bytes, 0, stat.length);
        plainStat(type, min);
        c.binary(2, stat.bytes, 0, stat.length);
      }
      c.i64(3, chunk.nulls);
      if (min !== undefined && max !== undefined) {
        plainStat(type, max);
        c.binary(5, stat.bytes, 0, stat.length);
        plainStat(type, min);
        c.binary(6, stat.bytes, 0, stat.length).bool(7, true).bool(8, true);
      }
      c.end();
      c.end();
    });
    g.i64(2, group.bytes).i64(3, group.rows);
  });
  w.string(6, 'iplake small-file writer');
  // min_value/max_value follow each type's defined order (bytewise for strings).
  w.structList(7, columns, (o) => {
    o.struct(1).end();
  });
  w.stop();
}

const ENCODINGS = [Encoding.PLAIN, Encoding.RLE];
