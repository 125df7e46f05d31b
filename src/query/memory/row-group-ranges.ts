import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { compareBytewise } from '../../table/index.js';
import { CHUNK_ROWS } from './key-sketch.js';

/** Footer bytes read first: gold footers are a few KB, so one read almost always holds the whole footer. */
const FOOTER_FETCH_BYTES = 64 * 1024;

/** One row group: its rows in the file and the column's [min, max] (undefined when the footer has no exact bound). */
interface RowGroupRange {
  firstRow: number;
  rows: number;
  min: string | undefined;
  max: string | undefined;
}

/**
 * Per-row-group [min, max] of one string column of a Parquet file, from its footer (no data page is read). Gold is
 * sorted by IP, so these ranges tell which chunks can hold an address as surely as a key sketch does, at the cost
 * of one footer read instead of a DuckDB scan of hashed columns: a cold IP question skips the sketch.
 * No false negatives: a row group whose bounds are missing or inexact is always a candidate.
 */
export class RowGroupRanges {
  readonly bytes: number;

  private constructor(
    readonly rows: number,
    private readonly groups: readonly RowGroupRange[],
  ) {
    this.bytes = 64 + groups.reduce((n, g) => n + 32 + 2 * ((g.min?.length ?? 0) + (g.max?.length ?? 0)), 0);
  }

  /** Read the footer of a local Parquet file and keep the row-group bounds of `column`. */
  static async read(path: string, column: string): Promise<RowGroupRanges> {
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      metadata = await parquetMetadataAsync(await asyncBufferFromFile(path), { initialFetchSize: FOOTER_FETCH_BYTES });
    } catch (err) {
      throw new Error(`query: cannot read the Parquet footer of ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const groups: RowGroupRange[] = [];
    let firstRow = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column);
      const stats = chunk?.meta_data?.statistics;
      // Only the exact, byte-ordered min_value/max_value count (the deprecated min/max may be signed-ordered).
      const min = typeof stats?.min_value === 'string' && stats.is_min_value_exact !== false ? stats.min_value : undefined;
      const max = typeof stats?.max_value === 'string' && stats.is_max_value_exact !== false ? stats.max_value : undefined;
      groups.push({ firstRow, rows, min, max });
      firstRow += rows;
    }
    return new RowGroupRanges(firstRow, groups);
  }

  /** Chunks (CHUNK_ROWS rows each) overlapping a row group whose bounds may hold one of the values (ascending). */
  candidates(values: readonly string[]): number[] {
    const out = new Set<number>();
    for (const g of this.groups) {
      if (g.rows === 0) continue;
      const hit = values.some((v) => (g.min === undefined || compareBytewise(v, g.min) >= 0) && (g.max === undefined || compareBytewise(v, g.max) <= 0));
      if (!hit) continue;
      const last = Math.floor((g.firstRow + g.rows - 1) / CHUNK_ROWS);
      for (let c = Math.floor(g.firstRow / CHUNK_ROWS); c <= last; c += 1) out.add(c);
    }
    return [...out].sort((a, b) => a - b);
  }
}
