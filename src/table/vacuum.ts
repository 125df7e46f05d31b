import type { DeltaTable } from './delta-table.js';
import { listLog } from './log.js';

/** Delta's default `delta.logRetentionDuration`: time travel reaches back at least this far. */
export const DEFAULT_LOG_RETENTION_MS = 30 * 24 * 3_600_000;

export interface VacuumOptions {
  /** Only report what would be deleted. */
  dryRun?: boolean;
  /** Clock for tests; default Date.now(). */
  now?: number;
  /** Log entries (JSON commits, checkpoints) younger than this are kept; default 30 days. */
  logRetentionMs?: number;
}

export interface VacuumResult {
  /** Data keys deleted (or that would be, on a dry run), and temporary files crashed writers left. */
  deleted: string[];
  /** Data objects kept because the latest snapshot or a recent snapshot still references them, or they are young. */
  kept: number;
  /** Log keys deleted by log retention (or that would be). */
  deletedLog: string[];
}

/**
 * Delete data objects under the table root that no snapshot within the retention window references:
 * files removed more than `retentionMs` ago, and orphans (files no commit ever added, e.g. from a crashed
 * writer) older than `retentionMs` — the age guard protects files a running writer has not committed yet —, and
 * temporary files older than `retentionMs` (local stores: a write killed before its rename leaves one).
 * Then log retention: see `expiredLogKeys`.
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
  // Temporaries of writes that never finished (log included): no reader can see them; the age guard spares a live write's.
  for await (const info of table.store.listTemporaries?.(`${table.root}/`) ?? []) {
    if (info.lastModified.getTime() < cutoff) deleted.push(info.key);
  }
  const deletedLog = await expiredLogKeys(table, now - (options.logRetentionMs ?? DEFAULT_LOG_RETENTION_MS));
  if (!options.dryRun) {
    for (const key of deleted) await table.store.delete(key);
    // Oldest first, so an interrupted cleanup never leaves a hole below a surviving commit.
    for (const key of deletedLog) await table.store.delete(key);
  }
  return { deleted, kept, deletedLog };
}

/**
 * Log retention (Delta's metadata cleanup): the newest checkpoint older than the cutoff becomes the
 * start of the log; JSON commits and checkpoints before it that are also older than the cutoff go.
 * Every version from that checkpoint on stays readable; time travel before it ends. Nothing goes
 * without a usable checkpoint to start from.
 */
async function expiredLogKeys(table: DeltaTable, cutoff: number): Promise<string[]> {
  const listing = await listLog(table.store, table.root);
  const anchors = listing.objects
    .filter((o) => o.kind === 'checkpoint' && o.lastModified < cutoff)
    .sort((a, b) => b.version - a.version);
  for (const anchor of anchors) {
    if (!(await table.checkpointIsUsable(anchor.version))) continue;
    return listing.objects
      .filter((o) => o.version < anchor.version && o.lastModified < cutoff)
      .sort((a, b) => a.version - b.version)
      .map((o) => o.key);
  }
  return [];
}
