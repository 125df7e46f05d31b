/**
 * Structural invariants of a lake that a crash, a fault or a race must never break, checked from the objects
 * themselves (not from what the ETL believes):
 * - every table's log is linear: versions 0..n without gaps, each commit valid UTF-8 JSON lines, and the product's
 *   reader opens it;
 * - exactly-once: each ETL run (Delta txn version of appId iplake-etl) is committed to a table at most once, in order;
 * - readers never see a missing file: every file of the latest snapshot exists;
 * - orphans (data objects no snapshot references: uploads of a killed writer) are listed, so vacuum can be checked;
 * - the ETL's own bookkeeping is linear: checkpoints 1..m, and at most one unfinished run intent (m + 1).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ETL_APP_ID } from '../../src/etl/index.js';
import { allTables, tablePath } from '../../src/lake/index.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { DeltaTable, type TableSpec } from '../../src/table/index.js';

export interface TableAudit {
  table: string;
  /** Number of commits (latest version + 1). */
  commits: number;
  /** Live files in the latest snapshot. */
  files: number;
  /** ETL run numbers committed to this table, in log order. */
  runs: number[];
  /** Snapshot files that do not exist in the store (must be empty). */
  missingFiles: string[];
  /** Data objects no snapshot references (live or tombstoned). */
  orphans: string[];
}

export interface LakeAudit {
  tables: TableAudit[];
  /** Checkpoint numbers found under _etl/checkpoints/. */
  checkpoints: number[];
  /** Run intents found under _etl/runs/. */
  intents: number[];
  /** Everything that breaks an invariant, one sentence each; empty for a sound lake. */
  problems: string[];
  /** Local lakes only: temporary files a killed process left behind (invisible to readers and listings). */
  tempFiles: string[];
}

const COMMIT = /\/_delta_log\/(\d{20})\.json$/;
const CHECKPOINT = /^_etl\/checkpoints\/(\d{10})\.json$/;
const INTENT = /^_etl\/runs\/(\d{10})\.json$/;

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

function numbersOf(keys: readonly string[], pattern: RegExp): number[] {
  return keys
    .map((k) => pattern.exec(k)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Audit one table; undefined when it does not exist yet. Problems are appended to `problems`. */
export async function auditTable(store: ObjectStore, spec: TableSpec, problems: string[]): Promise<TableAudit | undefined> {
  const root = tablePath(spec);
  const logKeys = await listKeys(store, `${root}/_delta_log/`);
  const versions = numbersOf(logKeys, COMMIT);
  if (versions.length === 0) return undefined;
  versions.forEach((v, i) => {
    if (v !== i) problems.push(`${root}: log is not linear: version ${i} missing before ${v}`);
  });

  // Our own reading of each commit, independent of the product's parser.
  const runs: number[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const version of versions) {
    const key = `${root}/_delta_log/${String(version).padStart(20, '0')}.json`;
    let text: string;
    try {
      text = decoder.decode(await store.get(key));
    } catch (err) {
      problems.push(`${root}: commit ${version} unreadable: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim().length === 0) continue;
      let action: Record<string, { appId?: string; version?: number }>;
      try {
        action = JSON.parse(line) as typeof action;
      } catch {
        problems.push(`${root}: commit ${version} line ${i + 1} is not JSON`);
        continue;
      }
      const txn = action.txn;
      if (txn?.appId === ETL_APP_ID && typeof txn.version === 'number') runs.push(txn.version);
    }
  }
  for (let i = 1; i < runs.length; i += 1) {
    if ((runs[i] as number) <= (runs[i - 1] as number)) {
      problems.push(`${root}: ETL run ${runs[i]} committed after run ${runs[i - 1]} (duplicate or out of order: not exactly-once)`);
    }
  }

  let table: DeltaTable;
  try {
    table = await DeltaTable.open(store, spec);
  } catch (err) {
    problems.push(`${root}: the reader cannot open the table: ${err instanceof Error ? err.message : String(err)}`);
    return { table: root, commits: versions.length, files: 0, runs, missingFiles: [], orphans: [] };
  }
  const snapshot = table.snapshot();
  const referenced = new Set<string>();
  const missingFiles: string[] = [];
  for (const file of snapshot.files) {
    const key = table.dataKey(file);
    referenced.add(key);
    if (!(await store.head(key))) missingFiles.push(key);
  }
  for (const t of snapshot.tombstones()) referenced.add(table.dataKey(t.path));
  if (missingFiles.length > 0) {
    problems.push(`${root}: ${missingFiles.length} file(s) of snapshot ${snapshot.version} are missing, e.g. ${missingFiles[0]}`);
  }
  const orphans = (await listKeys(store, `${root}/`)).filter((k) => !k.startsWith(`${root}/_delta_log/`) && !referenced.has(k));
  return { table: root, commits: versions.length, files: snapshot.fileCount, runs, missingFiles, orphans };
}

/** Audit every table and the ETL bookkeeping. `localRoot` (local lakes) also looks for leftover temp files. */
export async function auditLake(store: ObjectStore, localRoot?: string): Promise<LakeAudit> {
  const problems: string[] = [];
  const tables: TableAudit[] = [];
  for (const spec of allTables) {
    const audit = await auditTable(store, spec, problems);
    if (audit) tables.push(audit);
  }
  const etlKeys = await listKeys(store, '_etl/');
  const checkpoints = numbersOf(etlKeys, CHECKPOINT);
  const intents = numbersOf(etlKeys, INTENT);
  checkpoints.forEach((c, i) => {
    if (c !== i + 1) problems.push(`_etl: checkpoints are not linear: ${i + 1} missing before ${c}`);
  });
  const last = checkpoints.length;
  for (const n of intents) {
    if (n > last + 1) problems.push(`_etl: run intent ${n} exists but checkpoint ${n - 1} does not`);
  }
  for (const c of checkpoints) {
    if (!intents.includes(c)) problems.push(`_etl: checkpoint ${c} has no run intent`);
  }
  // A table may be ahead of the checkpoints by the one unfinished run, never more.
  for (const t of tables) {
    const latest = t.runs[t.runs.length - 1];
    if (latest !== undefined && latest > last + 1) problems.push(`${t.table}: holds run ${latest} but the last checkpoint is ${last}`);
  }
  return { tables, checkpoints, intents, problems, tempFiles: localRoot ? await tempFilesUnder(localRoot) : [] };
}

/** Every `.iplake-tmp-*` file under a local lake directory. */
async function tempFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tempFilesUnder(full)));
    else if (entry.name.startsWith('.iplake-tmp-')) out.push(full);
  }
  return out;
}

/** Total orphans across tables. */
export const orphanCount = (audit: LakeAudit): number => audit.tables.reduce((n, t) => n + t.orphans.length, 0);
