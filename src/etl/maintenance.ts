import { Engine, sqlString } from '../engine/index.js';
import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, partitionPath, scanPaths, TableWriter, vacuum, type LocalFileSource, type VacuumResult } from '../table/index.js';
import type { DataFile, TableSpec } from '../table/types.js';

export interface CompactOptions {
  engine?: Engine;
  cache?: LocalFileSource;
  /** Compact only partitions with at least this many files. Default 2. */
  minFiles?: number;
  /** Only this partition (e.g. { dt: '2026-11-28', hr: '09' }); default every partition. */
  partition?: Record<string, string>;
}

export interface CompactResult {
  partitions: number;
  filesRemoved: number;
  filesAdded: number;
  version: number | null;
}

/**
 * Merge the small files of each partition into one sorted file: one commit with remove + add actions
 * (dataChange false, so readers and the ETL's txn bookkeeping see no new data). A concurrent ETL commit
 * that touches the same files makes this commit fail cleanly (the table is unchanged); just re-run it.
 */
export async function compactTable(store: ObjectStore, spec: TableSpec, options: CompactOptions = {}): Promise<CompactResult> {
  const minFiles = options.minFiles ?? 2;
  const engine = options.engine ?? (await Engine.create());
  try {
    // The table writes its checkpoints with the same engine (no hidden second instance).
    const table = await DeltaTable.open(store, spec, { engine });
    return await compactWith(table, engine, minFiles, options);
  } finally {
    if (!options.engine) await engine.close();
  }
}

async function compactWith(table: DeltaTable, engine: Engine, minFiles: number, options: CompactOptions): Promise<CompactResult> {
  const { store, spec } = table;
  const snapshot = await table.refresh();
  const byPartition = new Map<string, DataFile[]>();
  for (const file of snapshot.files) {
    const key = partitionPath(spec.partitionColumns, file.partitionValues);
    if (options.partition && key !== partitionPath(spec.partitionColumns, options.partition)) continue;
    byPartition.set(key, [...(byPartition.get(key) ?? []), file]);
  }
  const groups = [...byPartition.values()].filter((files) => files.length >= minFiles);
  if (groups.length === 0) return { partitions: 0, filesRemoved: 0, filesAdded: 0, version: null };

  const writer = await TableWriter.create(engine, table);
  const added: DataFile[] = [];
  const removed: DataFile[] = [];
  try {
    for (const files of groups) {
      const paths = await scanPaths(table, files, options.cache);
      const list = paths.map((p) => sqlString(p)).join(', ');
      const values = (files[0] as DataFile).partitionValues;
      added.push(await writer.writeFromQuery(values, `SELECT * FROM read_parquet([${list}], hive_partitioning = false)`));
      removed.push(...files);
    }
    await writer.abort();
    const result = await table.commitWithRetry(
      { operation: 'OPTIMIZE', add: added, remove: removed, dataChange: false },
      { maxAttempts: 5 },
    );
    return { partitions: groups.length, filesRemoved: removed.length, filesAdded: added.length, version: result.version };
  } catch (err) {
    // The new files were never committed: delete them now rather than waiting for vacuum.
    for (const file of added) await store.delete(table.dataKey(file)).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`etl: compaction of ${table.root} failed, the table is unchanged: ${message}`, { cause: err });
  }
}

/**
 * Delete data files of a table that no snapshot within `retainMs` needs: files removed longer ago
 * (by compaction or attribution rewrites) and orphans of crashed runs older than `retainMs`.
 * Keep `retainMs` above the longest run, so a running ETL's uncommitted files are never deleted.
 */
export async function vacuumTable(
  store: ObjectStore,
  spec: TableSpec,
  retainMs: number,
  options: { dryRun?: boolean; now?: number } = {},
): Promise<VacuumResult> {
  const table = await DeltaTable.open(store, spec);
  return vacuum(table, retainMs, options);
}
