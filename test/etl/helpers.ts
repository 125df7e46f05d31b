import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, sqlStringList, type PlainRow } from '../../src/engine/index.js';
import { findTable } from '../../src/lake/index.js';
import { IseReassembler, parseDhcpLine } from '../../src/parsers/index.js';
import type { DhcpRecord, IseRecord, LineRef } from '../../src/parsers/types.js';
import { LocalStore } from '../../src/storage/local.js';
import { DeltaTable, scanPaths } from '../../src/table/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'external');
export const fixture = (...parts: string[]): string => path.join(fixturesDir, ...parts);

export const iseFixtures = [
  fixture('apache-metron-ise', 'IseParserTest.txt'),
  fixture('elastic-integrations-cisco-ise', 'test-pipeline-radius-accounting.log'),
  fixture('elastic-integrations-cisco-ise', 'test-pipeline-passed-authentications.log'),
  fixture('elastic-integrations-cisco-ise', 'test-pipeline-posture-client-provisioning-audit.log'),
  fixture('elastic-integrations-cisco-ise', 'test-pipeline-device-sensor-fragments.log'),
];
export const dhcpFixtures = [
  fixture('apache-metron-infoblox', 'InfobloxExampleOutput.log'),
  fixture('elastic-integrations-infoblox-nios', 'test-dhcp.log'),
];

/** A fresh lake in a temp directory, with a scratch directory beside it for input files. */
/** Every record the parsers make of every fixture line (failures left out), with its bronze lines. */
export function parseFixtureRecords(ingestTime: number): { record: DhcpRecord | IseRecord; lines: LineRef[] }[] {
  const out: { record: DhcpRecord | IseRecord; lines: LineRef[] }[] = [];
  const keep = (r: ReturnType<typeof parseDhcpLine> | ReturnType<IseReassembler['flush']>[number]): void => {
    if (r.ok) out.push({ record: r.record, lines: [...r.lines] });
  };
  for (const file of dhcpFixtures) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => keep(parseDhcpLine(text, { object: file, line: i + 1, offset: i }, { ingestTime })));
  }
  for (const file of iseFixtures) {
    const reassembler = new IseReassembler();
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => reassembler.push(text, { object: file, line: i + 1, offset: i * 10 }).forEach(keep));
    reassembler.flush().forEach(keep);
  }
  return out;
}

export interface TempLake {
  dir: string;
  scratch: string;
  store: LocalStore;
  cleanup(): Promise<void>;
}

export async function tempLake(): Promise<TempLake> {
  const dir = await mkdtemp(path.join(tmpdir(), 'iplake-etl-'));
  const store = new LocalStore(path.join(dir, 'lake'));
  return { dir, scratch: dir, store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every live row of a table (`<layer>/<name>`), as plain objects, ordered by the given SQL. */
export async function readTable(engine: Engine, store: LocalStore, name: string, orderBy = 'ALL'): Promise<PlainRow[]> {
  const spec = findTable(name);
  if (!spec) throw new Error(`test: no table ${name}`);
  let table: DeltaTable;
  try {
    table = await DeltaTable.open(store, spec);
  } catch {
    return [];
  }
  const files = table.snapshot().files;
  if (files.length === 0) return [];
  const paths = await scanPaths(table, files);
  return engine.query(`SELECT * FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false) ORDER BY ${orderBy}`);
}

/** Hash of a table's rows (sorted, without the listed columns): equal content ⇔ equal hash. */
export async function tableHash(engine: Engine, store: LocalStore, name: string, without: readonly string[] = []): Promise<string> {
  const rows = await readTable(engine, store, name);
  const canonical = rows
    .map((row) => JSON.stringify(Object.entries(row).filter(([k]) => !without.includes(k)), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .sort();
  return createHash('sha256').update(canonical.join('\n')).digest('hex');
}

/** Columns that name where a row came from (landing keys differ when the same lines are ingested differently). */
export const lineageColumns = ['LandingObject', 'LineNumber', 'FirstLandingObject', 'FirstLineNumber', 'BronzeTable'];

/** Canonical gold: both gold tables, lineage excluded. */
export async function goldHash(engine: Engine, store: LocalStore, withLineage = false): Promise<string> {
  const without = withLineage ? [] : lineageColumns;
  const lookup = await tableHash(engine, store, 'gold/ip_lookup_gold', without);
  const attribution = await tableHash(engine, store, 'gold/ip_attribution_gold', without);
  return `${lookup}:${attribution}`;
}

/** Number of commits in a table's log. */
export async function logVersions(store: LocalStore, root: string): Promise<number> {
  let n = 0;
  for await (const info of store.list(`${root}/_delta_log/`)) if (info.key.endsWith('.json')) n += 1;
  return n;
}
