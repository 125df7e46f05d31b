import type { DeltaTable } from './delta-table.js';

export interface VacuumOptions {
  /** Only report what would be deleted. */
  dryRun?: boolean;
  /** Clock for tests; default Date.now(). */
  now?: number;
}

export interface VacuumResult {
  /** Keys deleted (or that would be, on a dry run). */
  deleted: string[];
  /** Data objects kept because the latest snapshot or a recent snapshot still references them, or they are young. */
  kept: number;
}

/**
 * Delete data objects under the table root that no snapshot within the retention window references:
 * files removed more than `retentionMs` ago, and orphans (files no commit ever added, e.g. from a crashed
 * writer) older than `retentionMs` — the age guard protects files a running writer has not committed yet.
 * The log itself (`_delta_log/`) is never touched.
 */
export async function vacuum(table: DeltaTable, retentionMs: number, options: VacuumOptions = {}): Promise<VacuumResult> {
  if (!(retentionMs >= 0)) throw new Error(`vacuum: retention must be >= 0 ms, got ${retentionMs}`);
  const now = options.now ?? Date.now();
  const cutoff = now - retentionMs;
  const snapshot = await table.refresh();
  const referenced = new Set<string>();
  for (const file of snapshot.files) referenced.add(table.dataKey(file));
  for (const t of snapshot.tombstones()) {
    if (t.deletionTimestamp >= cutoff) referenced.add(table.dataKey(t.path));
  }
  const deleted: string[] = [];
  let kept = 0;
  const logPrefix = `${table.root}/_delta_log/`;
  for await (const info of table.store.list(`${table.root}/`)) {
    if (info.key.startsWith(logPrefix)) continue;
    if (referenced.has(info.key) || info.lastModified.getTime() >= cutoff) {
      kept += 1;
      continue;
    }
    deleted.push(info.key);
  }
  if (!options.dryRun) {
    for (const key of deleted) await table.store.delete(key);
  }
  return { deleted, kept };
}
