import type { CellValue } from '../engine/column-types.js';
import type { PartitionValues } from './types.js';

/**
 * One partition a writer has rows for: its identity (path, values), the id that tags its rows in the
 * writer's stage table, and how many of its rows wait in JS, are held for the small-file path or are staged.
 */
export class StagedPartition {
  /** Rows waiting in the writer's RowBuffer. */
  pending = 0;
  /** Rows already loaded into the stage table. */
  staged = 0;
  /**
   * Rows kept in JS, column by column, for the small-file path: a partition's rows are held while it has
   * none in DuckDB and no more than the writer's smallFileRows. Undefined when none are held.
   */
  held: CellValue[][] | undefined;
  heldRows = 0;
  /** The writer's count of appended rows when this partition got its last row: how recently it was used. */
  lastTouch = 0;

  constructor(
    /** partitionPath(...) of the values: the partition's identity and directory. */
    readonly path: string,
    readonly values: PartitionValues,
    /** Tags this partition's rows in the stage table (unique within one writer, never reused). */
    readonly id: number,
  ) {}

  /** Keep a row for the small-file path. */
  hold(row: readonly CellValue[], width: number): void {
    const held = (this.held ??= Array.from({ length: width }, () => []));
    for (let c = 0; c < width; c += 1) (held[c] as CellValue[]).push(row[c] ?? null);
    this.heldRows += 1;
  }

  /** Hand the held rows over (column by column) and hold none. */
  takeHeld(): { columns: CellValue[][]; rows: number } {
    const taken = { columns: this.held ?? [], rows: this.heldRows };
    this.held = undefined;
    this.heldRows = 0;
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
  /** Rows waiting. */
  rows = 0;

  constructor(private readonly width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }

  /** Append `rows` rows given column by column (a small partition's held rows moving on to DuckDB). */
  pushColumns(columns: readonly (readonly CellValue[])[], rows: number, partitionId: number): void {
    for (let c = 0; c < this.columns.length; c += 1) {
      const target = this.columns[c] as CellValue[];
      const source = columns[c] as readonly CellValue[];
      // Held columns are exactly `rows` long (at most smallFileRows): one native spread, not a push per value.
      if (source.length === rows && rows <= MAX_SPREAD) target.push(...source);
      else for (let r = 0; r < rows; r += 1) target.push(source[r] ?? null);
    }
    for (let r = 0; r < rows; r += 1) this.partitionIds.push(partitionId);
    this.rows += rows;
  }

  push(row: readonly CellValue[], partitionId: number): void {
    const columns = this.columns;
    for (let c = 0; c < columns.length; c += 1) (columns[c] as CellValue[]).push(row[c] ?? null);
    this.partitionIds.push(partitionId);
    this.rows += 1;
  }

  /** Hand the buffered columns over, the partition ids last, and start empty ones. */
  take(): { columns: CellValue[][]; rows: number } {
    const taken = { columns: [...this.columns, this.partitionIds], rows: this.rows };
    this.columns = Array.from({ length: this.width }, () => []);
    this.partitionIds = [];
    this.rows = 0;
    return taken;
  }
}
