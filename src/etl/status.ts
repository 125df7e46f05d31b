import { allTables, tablePath } from '../lake/index.js';
import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, TableFormatError } from '../table/index.js';
import { readIntent, readLatestCheckpoint, readLease } from './checkpoint.js';
import type { ExpectationTally } from './expectations.js';
import { ETL_APP_ID } from './run.js';
import { readRecentSummaries, type RunSummary } from './summary.js';

export interface TableStatus {
  /** `<layer>/<name>`. */
  table: string;
  /** Delta version, or null when the table does not exist yet. */
  version: number | null;
  files: number;
  /** Last ETL run committed into this table. */
  etlRun: number | null;
}

export interface PipelineStatus {
  tables: TableStatus[];
  /** Last completed run (checkpoint) and when it committed. */
  lastRun: { version: number; runId: string; committedAt: number; objects: number } | null;
  /** Latest event time the ETL has seen, and how far behind `now` it is. */
  watermark: number | null;
  freshnessMs: number | null;
  /** A run planned but not finished: executing now (live lease) or interrupted (will be resumed). */
  pending: { version: number; objects: number; state: 'running' | 'interrupted' } | null;
  /** Summary of the latest run that did work. */
  lastSummary: RunSummary | null;
  /** Failed rows per table and expectation, summed over the recent summaries read. */
  quality: ExpectationTally;
  /** Quarantined rows per `<kind>:<rule>`, summed likewise. */
  quarantined: Record<string, number>;
}

/** What the gateway's `pipeline` query shows. Reads only logs, the checkpoint and a few summaries. */
export async function readPipelineStatus(store: ObjectStore, options: { recentRuns?: number; now?: number } = {}): Promise<PipelineStatus> {
  const now = options.now ?? Date.now();
  const tables: TableStatus[] = [];
  for (const spec of allTables) {
    try {
      const snapshot = (await DeltaTable.open(store, spec)).snapshot();
      tables.push({ table: tablePath(spec), version: snapshot.version, files: snapshot.fileCount, etlRun: snapshot.txnVersion(ETL_APP_ID) ?? null });
    } catch (err) {
      if (!(err instanceof TableFormatError) || !/does not exist/.test(err.message)) throw err;
      tables.push({ table: tablePath(spec), version: null, files: 0, etlRun: null });
    }
  }
  const checkpoint = await readLatestCheckpoint(store);
  const next = (checkpoint?.version ?? 0) + 1;
  const intent = await readIntent(store, next);
  let pending: PipelineStatus['pending'] = null;
  if (intent) {
    const lease = await readLease(store, next);
    pending = { version: next, objects: intent.objects.length, state: lease && lease.expiresAt > now ? 'running' : 'interrupted' };
  }
  const summaries = await readRecentSummaries(store, options.recentRuns ?? 20);
  const quality: ExpectationTally = {};
  const quarantined: Record<string, number> = {};
  for (const summary of summaries) {
    for (const [table, rules] of Object.entries(summary.expectations)) {
      const target = (quality[table] ??= {});
      for (const [rule, entry] of Object.entries(rules)) {
        (target[rule] ??= { action: entry.action, failed: 0 }).failed += entry.failed;
      }
    }
    for (const [rule, count] of Object.entries(summary.quarantined)) quarantined[rule] = (quarantined[rule] ?? 0) + count;
  }
  const watermark = checkpoint?.watermark ?? null;
  return {
    tables,
    lastRun: checkpoint
      ? { version: checkpoint.version, runId: checkpoint.runId, committedAt: checkpoint.committedAt, objects: checkpoint.objects }
      : null,
    watermark,
    freshnessMs: watermark === null ? null : Math.max(0, now - watermark),
    pending,
    lastSummary: summaries[0] ?? null,
    quality,
    quarantined,
  };
}
