import type { CellValue } from '../engine/column-types.js';
import type { PartitionValues } from './types.js';

/**
 * One partition a writer has rows for: its identity (path, values), the id that tags its rows in the
 * writer's stage table, and how many of its rows wait in JS or are staged.
 */
export class StagedPartition {
  /** Rows waiting in the writer's RowBuffer. */
  pending = 0;
  /** Rows already loaded into the stage table. */
  staged = 0;

  constructor(
    /** partitionPath(...) of the values: the partition's identity and directory. */
    readonly path: string,
    readonly values: PartitionValues,
    /** Tags this partition's rows in the stage table (unique within one writer, never reused). */
    readonly id: number,
  ) {}

  /** True when `values` names this partition (a cheap check for a reused values object). */
  matches(partitionColumns: readonly string[], values: PartitionValues): boolean {
    for (const c of partitionColumns) if (values[c] !== this.values[c]) return false;
    return true;
  }
}

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
