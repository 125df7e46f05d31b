import { bronzeTables, dhcpBronze, iseBronze } from '../lake/bronze.js';
import { ipAttributionGold, ipLookupGold } from '../lake/gold.js';
import { quarantine, silverTables } from '../lake/silver.js';
import type { Engine, PlainRow } from '../engine/index.js';
import { sqlStringList } from '../engine/index.js';
import type { SilverSource } from '../parsers/types.js';
import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, scanPaths, type LocalFileSource } from '../table/index.js';
import type { DataFile } from '../table/types.js';
import type { LandingSource } from './options.js';

/** Every table the ETL writes, opened (and created on first use). */
export interface LakeTables {
  bronze: Record<LandingSource, DeltaTable>;
  silver: Map<SilverSource, DeltaTable>;
  quarantine: DeltaTable;
  lookup: DeltaTable;
  attribution: DeltaTable;
}

export async function openLakeTables(store: ObjectStore): Promise<LakeTables> {
  // Create is idempotent and safe to race; in bronze → gold order so a reader never sees gold without silver.
  const [dhcp, ise] = await Promise.all(bronzeTables.map((spec) => DeltaTable.create(store, spec)));
  const silver = new Map<SilverSource, DeltaTable>();
  for (const table of silverTables) silver.set(table.source, await DeltaTable.create(store, table.spec));
  return {
    bronze: { dhcp: dhcp as DeltaTable, ise: ise as DeltaTable },
    silver,
    quarantine: await DeltaTable.create(store, quarantine),
    lookup: await DeltaTable.create(store, ipLookupGold),
    attribution: await DeltaTable.create(store, ipAttributionGold),
  };
}

/** Every table in commit order: a run commits bronze first and gold last. */
export function tablesInCommitOrder(tables: LakeTables): DeltaTable[] {
  return [tables.bronze.dhcp, tables.bronze.ise, ...tables.silver.values(), tables.quarantine, tables.lookup, tables.attribution];
}

export const bronzeSpecOf: Record<LandingSource, typeof dhcpBronze> = { dhcp: dhcpBronze, ise: iseBronze };

/**
 * Run `select` over some data files of a table; `{files}` in the SQL is replaced by the read_parquet call.
 * No files → no rows, without asking DuckDB (read_parquet of an empty list is an error).
 */
export async function queryFiles<T extends object = PlainRow>(
  engine: Engine,
  table: DeltaTable,
  files: readonly DataFile[],
  select: string,
  cache?: LocalFileSource,
): Promise<T[]> {
  if (files.length === 0) return [];
  const paths = await scanPaths(table, files, cache);
  return engine.query<T>(select.replaceAll('{files}', `read_parquet(${sqlStringList(paths)}, hive_partitioning = false)`));
}
