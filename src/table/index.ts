/**
 * The table format: Delta Lake (reader 1 / writer 2) tables of Hive-partitioned Parquet over an ObjectStore.
 * Settled public API (the ETL and the gateway code against exactly this):
 *
 *   // open / create (commit 0 = protocol + metaData, put-if-absent: racing creators both succeed)
 *   DeltaTable.create(store: ObjectStore, spec: TableSpec, options?: CreateOptions): Promise<DeltaTable>   // OpenOptions + configuration
 *   DeltaTable.open(store: ObjectStore, spec: TableSpec, options?: OpenOptions): Promise<DeltaTable>  // TableFormatError if absent / schema differs
 *     OpenOptions = Partial<DeltaTableOptions>: { engine? (writes checkpoints), checkpointInterval? (10; 0 = never), logger?, tempDirectory? }
 *     Opening loads the newest checkpoint (read in JS, no DuckDB) and replays only the JSON commits after it (fallback: JSON replay).
 *   table.root: string                      // '<layer>/<name>'
 *   table.snapshot(): Snapshot               // latest loaded snapshot (no I/O)
 *   table.refresh(): Promise<Snapshot>       // one head of version+1; applies new commits incrementally
 *   table.snapshotAt(version: number): Promise<Snapshot>
 *   table.commit(req: CommitRequest, { readVersion }: CommitOptions): Promise<number>   // new version; CommitConflictError on a lost race
 *                                           // every checkpointInterval versions also writes a checkpoint (best-effort)
 *   table.checkpoint(snapshot?: Snapshot): Promise<void>  // write a checkpoint now
 *   table.commitWithRetry(req: CommitRequest, opts?: RetryOptions): Promise<CommitResult> // {version, attempts, alreadyCommitted};
 *                                           // re-reads and retries when no logical conflict; skips a txn already recorded
 *   table.dataKey(file: DataFile | string): string   // object key of a data file
 *
 *   // snapshots (immutable)
 *   snapshot.version: number; snapshot.metadata: TableMetadata; snapshot.files: readonly DataFile[]
 *   snapshot.txnVersion(appId: string): number | undefined
 *   snapshot.prune(req: PruneRequest): DataFile[]
 *   snapshot.filesInPartition(values: PartitionValues): DataFile[]     // compaction input
 *   snapshot.fileCount: number; snapshot.hasFile(path): boolean; snapshot.tombstones(): {path, deletionTimestamp}[]
 *
 *   // writing (data files first, commit after; the writer never commits)
 *   TableWriter.create(engine: Engine, table: DeltaTable, options?: Partial<TableWriterOptions>): Promise<TableWriter>
 *   writer.append(partitionValues: PartitionValues, row: readonly CellValue[]): Promise<void>   // row in spec.columns order
 *   writer.appendBatch(partitionValues: PartitionValues, rows: readonly (readonly CellValue[])[]): Promise<void>
 *   writer.finish(): Promise<DataFile[]>       // one Parquet file per partition, uploaded, NOT committed
 *   writer.writeFromQuery(partitionValues: PartitionValues, selectSql: string): Promise<DataFile>   // compaction
 *   writer.writeFromQueries(items: readonly QueryFile[]): Promise<DataFile[]>   // several, concurrently; known stats reused
 *   writer.abort(): Promise<void>
 *   // cells: timestamp = epoch-ms number, long = number|bigint, date = 'YYYY-MM-DD', binary = Uint8Array
 *
 *   // reading
 *   scanPaths(table: DeltaTable, files: readonly DataFile[], cache?: LocalFileSource): Promise<string[]>
 *     → SELECT … FROM read_parquet([paths], hive_partitioning=false)   (TableFormatError if a file is missing)
 *   localFile(store: ObjectStore, key: string, cache?: LocalFileSource): Promise<string>
 *
 *   // maintenance
 *   vacuum(table: DeltaTable, retentionMs: number, options?: VacuumOptions): Promise<VacuumResult>
 *     VacuumOptions: { dryRun?, now?, logRetentionMs? }; VacuumResult: { deleted, kept, deletedLog }
 *     (deleted includes temporary files older than the retention that killed writers left in a local store)
 *
 *   // helpers
 *   computeStatsByKey(engine, relation, keyColumn, columns, where?): Promise<Map<number, FileStats>>  // one scan, per group
 *   partitionPath(columns: readonly string[], values: PartitionValues): string   // 'dt=2026-11-28/hr=09'
 *   PruneRequest.partitionTuples holds partitionPath(...) strings of the table's partition columns.
 *   compareBytewise(a: string, b: string): number                                  // UTF-8 byte order, as Parquet
 *
 * In memory, FileStats for timestamp columns are epoch-ms numbers; in the log they are ISO-8601 strings.
 */
export {
  DeltaTable,
  type CommitOptions,
  type CommitRequest,
  type RetryOptions,
  type CreateOptions,
  type OpenOptions,
  type CommitResult,
} from './delta-table.js';
export { defaultDeltaTableOptions, type DeltaTableOptions } from './options.js';
export { Snapshot } from './snapshot.js';
export { TableWriter, defaultTableWriterOptions, type QueryFile, type TableWriterOptions } from './writer.js';
export { computeStatsByKey } from './stats.js';
export { scanPaths, localFile, type LocalFileSource } from './scan.js';
export { vacuum, type VacuumResult, type VacuumOptions } from './vacuum.js';
export { partitionPath, parsePartitionPath } from './partition-path.js';
export { pruneFiles } from './prune.js';
export { compareBytewise } from './compare.js';
export { CommitConflictError, TableFormatError } from './errors.js';
export type { TableMetadata } from './actions.js';
export * from './types.js';
