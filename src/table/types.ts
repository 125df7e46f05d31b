/**
 * The table format's public types: a Delta Lake (reader 1 / writer 2) table of Hive-partitioned
 * Parquet files under `<lake>/<layer>/<table>/`, with its commit log in `_delta_log/`.
 * This layer knows storage and Parquet; it knows nothing of logs, ETL or GraphQL.
 */

/** Column types we use, named as Delta's schema string names them. */
export type ColumnType = 'string' | 'long' | 'integer' | 'double' | 'boolean' | 'timestamp' | 'date' | 'binary';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** One line for newcomers; stored in the Delta schema's field metadata as `comment`. */
  description: string;
}

/** Partition columns are always strings: `dt` = YYYY-MM-DD and `hr` = HH (UTC). */
export type PartitionValues = Record<string, string>;

export interface TableSpec {
  /** `bronze`, `silver` or `gold`: the first path segment. */
  layer: 'bronze' | 'silver' | 'gold';
  /** Table name: the second path segment, e.g. `ip_lookup_gold`. */
  name: string;
  description: string;
  /** Data columns in file order (partition columns excluded). */
  columns: ColumnSpec[];
  /** Hive partition columns, in path order. */
  partitionColumns: string[];
  /** Sort order inside each data file; drives row-group min/max pruning. */
  sortBy: string[];
  /** Rows per Parquet row group. */
  rowGroupSize: number;
}

/** Per-file statistics as written into the `add` action's `stats` JSON. */
export interface FileStats {
  numRecords: number;
  minValues: Record<string, string | number | boolean | null>;
  maxValues: Record<string, string | number | boolean | null>;
  nullCount: Record<string, number>;
}

/** A data file that belongs to a snapshot. */
export interface DataFile {
  /** Path relative to the table root, e.g. `dt=2026-11-28/hr=09/part-<uuid>.parquet`. */
  path: string;
  partitionValues: PartitionValues;
  size: number;
  modificationTime: number;
  stats: FileStats | null;
}

/** A closed range for pruning: files whose [min, max] for `column` cannot meet [min, max] are skipped. */
export interface RangePredicate {
  column: string;
  /** Inclusive bounds; omit one side for an open range. Timestamps are epoch ms. */
  min?: string | number;
  max?: string | number;
}

/** What a reader wants; pruning keeps every file that may hold a matching row and drops the rest. */
export interface PruneRequest {
  /** Allowed values per partition column (e.g. dt in [...], hr in [...]); combined as AND. */
  partitions?: { column: string; values: ReadonlySet<string> }[];
  /** Arbitrary list of (dt, hr) pairs the window covers; a file is kept when its partition is listed. */
  partitionTuples?: ReadonlySet<string>;
  ranges?: RangePredicate[];
}
