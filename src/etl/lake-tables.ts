import { bronzeTables, dhcpBronze, iseBronze } from '../lake/bronze.js';
import { ipAttributionGold, ipLookupGold } from '../lake/gold.js';
import { quarantine, silverTables } from '../lake/silver.js';
import type { Engine, PlainRow } from '../engine/index.js';
import { sqlStringList } from '../engine/index.js';
import type { SilverSource } from '../parsers/types.js';
import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, scanPaths, type LocalFileSource, type OpenOptions, type TableSpec } from '../table/index.js';
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

/**
 * Open every table, creating the missing ones. Pass the run's engine: it writes the tables' checkpoints,
 * which otherwise start a second, hidden DuckDB instance (see src/table/log-engine.ts).
 */
export async function openLakeTables(store: ObjectStore, options: OpenOptions = {}): Promise<LakeTables> {
  const create = (spec: TableSpec): Promise<DeltaTable> => DeltaTable.create(store, spec, options);
  // Create is idempotent and safe to race; layer by layer, bronze → gold, so a reader never sees gold without
  // silver. Within a layer the tables are independent and open concurrently.
  const [dhcp, ise] = await Promise.all(bronzeTables.map(create));
  const silverOpened = await Promise.all(silverTables.map(async (t) => [t.source, await create(t.spec)] as const));
  const quarantineTable = await create(quarantine);
  const [lookup, attribution] = await Promise.all([create(ipLookupGold), create(ipAttributionGold)]);
  return {
    bronze: { dhcp: dhcp as DeltaTable, ise: ise as DeltaTable },
    silver: new Map<SilverSource, DeltaTable>(silverOpened),
    quarantine: quarantineTable,
    lookup: lookup as DeltaTable,
    attribution: attribution as DeltaTable,
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
