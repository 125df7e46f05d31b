import type { CellValue } from '../engine/column-types.js';
import { InputOrder } from './input-order.js';
import type { PartitionValues } from './types.js';

/** Per-row bytes beyond its values: the row's array and its slots, roughly. */
const ROW_OVERHEAD_BYTES = 64;
/** V8 concatenates shorter strings into flat ones; only longer ones can be ropes. */
const ROPE_MIN_LENGTH = 12;

/**
 * Rough bytes a row holds in JS (and in the stage table): text by length, binary by size, 8 per other value.
 * Bounds memory by size, not rows: an ISE silver row is ~20x a DHCP one.
 *
 * Text is also flattened here: a string built by `+=` (ISE attribute JSON) is a rope of one heap object per
 * piece, ~6x its text, until something reads it whole; the row may wait a while in the writer, so read one
 * character now (V8 flattens the rope in place; the load into DuckDB would do the same copy later).
 */
export function estimateRowBytes(row: readonly CellValue[]): number {
  let bytes = ROW_OVERHEAD_BYTES;
  for (let c = 0; c < row.length; c += 1) {
    const v = row[c];
    if (typeof v === 'string') {
      bytes += v.length;
      if (v.length > ROPE_MIN_LENGTH) v.charCodeAt(v.length >> 1);
    } else if (v instanceof Uint8Array) bytes += v.byteLength;
    else bytes += 8;
  }
  return bytes;
}

/**
 * One partition a writer has rows for: its identity (path, values), the id that tags its rows in the
 * writer's stage table, and how many of its rows wait in JS, are held for the small-file path or are staged.
 */
export class StagedPartition {
  /** Rows waiting in the writer's RowBuffer. */
  pending = 0;
  /** Rows already loaded into the stage table. */
  staged = 0;
  /** estimateRowBytes of the pending, staged and held rows. */
  pendingBytes = 0;
  stagedBytes = 0;
  heldBytes = 0;
  /** Whether the rows arrive in sortBy order (then the COPY needs no sort). */
  readonly order = new InputOrder();
  /**
   * Rows kept in JS, column by column, for the small-file path: a partition's rows are held while it has
   * none in DuckDB and no more than the writer's smallFileRows. Undefined when none are held.
   */
  held: CellValue[][] | undefined;
  heldRows = 0;
  /** The writer's count of appended rows when this partition got its last row: how recently it was used. */
  lastTouch = 0;
  /** The same, counted in estimated bytes. */
  lastTouchBytes = 0;

  constructor(
    /** partitionPath(...) of the values: the partition's identity and directory. */
    readonly path: string,
    readonly values: PartitionValues,
    /** Tags this partition's rows in the stage table (unique within one writer, never reused). */
    readonly id: number,
  ) {}

  /** Keep a row for the small-file path. */
  hold(row: readonly CellValue[], width: number, bytes: number): void {
    const held = (this.held ??= Array.from({ length: width }, () => []));
    for (let c = 0; c < width; c += 1) (held[c] as CellValue[]).push(row[c] ?? null);
    this.heldRows += 1;
    this.heldBytes += bytes;
  }

  /** Hand the held rows over (column by column) and hold none. */
  takeHeld(): { columns: CellValue[][]; rows: number; bytes: number } {
    const taken = { columns: this.held ?? [], rows: this.heldRows, bytes: this.heldBytes };
    this.held = undefined;
    this.heldRows = 0;
    this.heldBytes = 0;
    return taken;
  }

  /** True when `values` names this partition (a cheap check for a reused values object). */
  matches(partitionColumns: readonly string[], values: PartitionValues): boolean {
    for (const c of partitionColumns) if (values[c] !== this.values[c]) return false;
    return true;
  }
}

/** Most values passed as spread arguments at once (engines cap argument counts near 65k). */
const MAX_SPREAD = 16_384;

/**
 * Rows of all partitions of one writer, held column by column (one JS array per column, plus the
 * partition id of each row) until they are bulk-loaded into the stage table in one go. Columnar so the
 * loader runs one typed loop per column and no per-row objects are kept.
 */
export class RowBuffer {
  private columns: CellValue[][];
  private partitionIds: number[] = [];
  /** Rows waiting, and their estimateRowBytes. */
  rows = 0;
  bytes = 0;

  constructor(private readonly width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }

  /** Append `rows` rows given column by column (a small partition's held rows moving on to DuckDB). */
  pushColumns(columns: readonly (readonly CellValue[])[], rows: number, bytes: number, partitionId: number): void {
    for (let c = 0; c < this.columns.length; c += 1) {
      const target = this.columns[c] as CellValue[];
      const source = columns[c] as readonly CellValue[];
      // Held columns are exactly `rows` long (at most smallFileRows): one native spread, not a push per value.
      if (source.length === rows && rows <= MAX_SPREAD) target.push(...source);
      else for (let r = 0; r < rows; r += 1) target.push(source[r] ?? null);
    }
    for (let r = 0; r < rows; r += 1) this.partitionIds.push(partitionId);
    this.rows += rows;
    this.bytes += bytes;
  }

  push(row: readonly CellValue[], partitionId: number, bytes: number): void {
    const columns = this.columns;
    for (let c = 0; c < columns.length; c += 1) (columns[c] as CellValue[]).push(row[c] ?? null);
    this.partitionIds.push(partitionId);
    this.rows += 1;
    this.bytes += bytes;
  }

  /** Hand the buffered columns over, the partition ids last, and start empty ones. */
  take(): { columns: CellValue[][]; rows: number; bytes: number } {
    const taken = { columns: [...this.columns, this.partitionIds], rows: this.rows, bytes: this.bytes };
    this.columns = Array.from({ length: this.width }, () => []);
    this.partitionIds = [];
    this.rows = 0;
    this.bytes = 0;
    return taken;
  }
}
