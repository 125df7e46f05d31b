import type { CellValue } from '../engine/column-types.js';
import type { PartitionValues } from './types.js';

/**
 * Rows of one partition, held column by column (one JS array per column) until they are bulk-loaded
 * into the partition's DuckDB stage table. Columnar so the loader runs one typed loop per column and
 * no per-row objects are kept.
 */
export class PartitionBuffer {
  readonly columns: CellValue[][];
  /** Rows waiting in `columns`. */
  rows = 0;
  /** Rows already loaded into the stage table. */
  staged = 0;
  /** The DuckDB table holding this partition's loaded rows, once created. */
  stage: string | undefined;

  constructor(
    /** partitionPath(...) of the values: the partition's identity and directory. */
    readonly path: string,
    readonly values: PartitionValues,
    width: number,
  ) {
    this.columns = Array.from({ length: width }, () => []);
  }

  push(row: readonly CellValue[]): void {
    const columns = this.columns;
    for (let c = 0; c < columns.length; c += 1) (columns[c] as CellValue[]).push(row[c] ?? null);
    this.rows += 1;
  }

  /** Hand the buffered columns over and start empty ones. */
  take(): { columns: CellValue[][]; rows: number } {
    const taken = { columns: this.columns.splice(0, this.columns.length, ...this.columns.map(() => [])), rows: this.rows };
    this.staged += this.rows;
    this.rows = 0;
    return taken;
  }

  /** True when `values` names this partition (a cheap check for a reused values object). */
  matches(partitionColumns: readonly string[], values: PartitionValues): boolean {
    for (const c of partitionColumns) if (values[c] !== this.values[c]) return false;
    return true;
  }
}
