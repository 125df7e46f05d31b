/**
 * Canonical content hashes of lake tables, for "the tables equal a clean run's" checks.
 *
 * A table's digest is md5 over the sorted md5s of its rows, each row rendered as JSON of every data column
 * plus its partition path, read from exactly the files of the latest snapshot (what readers see). It is
 * independent of file layout and row order, and sensitive to a changed cell, a lost row and a duplicated row.
 *
 * Columns that legitimately differ between runs: none, as long as both lakes hold the same landing objects
 * (same keys). Every table column is a function of the landing key and bytes — IngestTime comes from the key,
 * run ids and commit times live only in `_etl/`, `_runs/` and the Delta log, never in rows. Lakes fed by separate
 * `ingestFiles` calls differ in LandingObject/IngestTime; pass those in `exclude` to compare them.
 */
import { sqlIdent, sqlString, sqlStringList, type Engine } from '../../src/engine/index.js';
import { allTables, tablePath } from '../../src/lake/index.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { DeltaTable, partitionPath, scanPaths, type LocalFileSource, type TableSpec } from '../../src/table/index.js';

export interface TableDigest {
  /** `<layer>/<name>` */
  table: string;
  /** Snapshot version the digest was taken at. */
  version: number;
  files: number;
  rows: number;
  digest: string;
}

/** Digests of every table of the lake that exists, keyed by `<layer>/<name>`. */
export type LakeDigest = Record<string, TableDigest>;

export interface HashOptions {
  /** Needed for S3 lakes: DuckDB reads local copies. */
  cache?: LocalFileSource;
  /** Columns left out of every row (see the file comment for when). */
  exclude?: readonly string[];
}

const EMPTY_DIGEST = 'd41d8cd98f00b204e9800998ecf8427e'; // md5('')

/** SQL that renders one row of `spec` (read with filename = true, joined to its partition path) as canonical JSON. */
function rowJson(spec: TableSpec, exclude: readonly string[]): string {
  const fields = spec.columns
    .filter((c) => !exclude.includes(c.name))
    // BLOBs have no canonical JSON form; hex does.
    .map((c) => `${sqlIdent(c.name)} := ${c.type === 'binary' ? `hex(r.${sqlIdent(c.name)})` : `r.${sqlIdent(c.name)}`}`);
  fields.push('"__partition" := p.part');
  return `to_json(struct_pack(${fields.join(', ')}))::VARCHAR`;
}

/** The canonical digest of one open table's latest snapshot. */
export async function hashTable(engine: Engine, table: DeltaTable, options: HashOptions = {}): Promise<TableDigest> {
  const snapshot = await table.refresh();
  const files = snapshot.files;
  const base = { table: table.root, version: snapshot.version, files: files.length };
  if (files.length === 0) return { ...base, rows: 0, digest: EMPTY_DIGEST };
  const paths = await scanPaths(table, files, options.cache);
  const parts = paths
    .map((p, i) => `(${sqlString(p)}, ${sqlString(partitionPath(table.spec.partitionColumns, files[i]?.partitionValues ?? {}))})`)
    .join(', ');
  const [result] = await engine.query<{ n: number | bigint; digest: string }>(`
    WITH p(fname, part) AS (VALUES ${parts}),
    h AS (
      SELECT md5(${rowJson(table.spec, options.exclude ?? [])}) AS h
      FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false, filename = true) r
      JOIN p ON r.filename = p.fname
    )
    SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS digest FROM h`);
  if (!result) throw new Error(`table-hash: no result hashing ${table.root}`);
  return { ...base, rows: Number(result.n), digest: result.digest };
}

/** Digests of every table in the catalogue that exists in `store`. */
export async function hashLake(engine: Engine, store: ObjectStore, options: HashOptions = {}): Promise<LakeDigest> {
  const out: LakeDigest = {};
  for (const spec of allTables) {
    const table = await openIfExists(store, spec);
    if (table) out[tablePath(spec)] = await hashTable(engine, table, options);
  }
  return out;
}

/** Open a table, or undefined when its log does not exist yet (a run killed before creating it). */
export async function openIfExists(store: ObjectStore, spec: TableSpec): Promise<DeltaTable | undefined> {
  if (!(await store.head(`${tablePath(spec)}/_delta_log/00000000000000000000.json`))) return undefined;
  return DeltaTable.open(store, spec);
}

/** Human-readable differences between two lake digests (rows and digest per table); empty when equal. */
export function digestDifferences(expected: LakeDigest, actual: LakeDigest): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[name];
    const a = actual[name];
    if (!e || !a) out.push(`${name}: ${e ? 'missing' : 'unexpected'} (${JSON.stringify(e ?? a)})`);
    else if (e.rows !== a.rows || e.digest !== a.digest) out.push(`${name}: expected ${e.rows} rows ${e.digest}, got ${a.rows} rows ${a.digest}`);
  }
  return out;
}

/** Just the content part of a digest (version and file count legitimately differ, e.g. after compaction). */
export function contentOf(digest: LakeDigest): Record<string, { rows: number; digest: string }> {
  return Object.fromEntries(Object.entries(digest).map(([k, v]) => [k, { rows: v.rows, digest: v.digest }]));
}
