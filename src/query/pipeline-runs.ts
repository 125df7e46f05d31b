import { readRecentSummaries } from '../etl/summary.js';
import type { RunSummary } from '../etl/summary.js';
import type { ObjectStore } from '../storage/types.js';
import type { PipelineRunInfo } from './types.js';

/** How many recent summaries to look through for the last run that did work (idle runs carry no quality counts). */
const RECENT_RUNS = 10;

/**
 * The ETL's last run as the `pipeline` query reports it, from the run summaries the ETL writes under `_runs/`.
 * Quality counts come from the newest run that processed data: an idle run after it must not hide them.
 */
export async function readLastRun(store: ObjectStore): Promise<PipelineRunInfo | null> {
  const recent = await readRecentSummaries(store, RECENT_RUNS);
  const latest = recent[0];
  if (!latest) return null;
  const worked = recent.find((r) => r.status !== 'idle') ?? latest;
  return {
    runId: latest.runId,
    startedAt: latest.startedAt ?? null,
    finishedAt: latest.finishedAt ?? null,
    status: latest.status,
    objects: latest.objects ?? null,
    lines: totalLines(latest),
    durationSeconds: typeof latest.durationMs === 'number' ? latest.durationMs / 1000 : null,
    quality: qualityOf(worked),
    watermark: latest.watermark ?? null,
  };
}

function totalLines(run: RunSummary): number | null {
  if (!run.lines) return null;
  return Object.values(run.lines).reduce((sum, n) => sum + n, 0);
}

function qualityOf(run: RunSummary): PipelineRunInfo['quality'] {
  const out: PipelineRunInfo['quality'] = [];
  for (const [table, rules] of Object.entries(run.expectations ?? {})) {
    for (const [expectation, tally] of Object.entries(rules)) {
      out.push({ table, expectation, action: tally.action, rows: tally.failed });
    }
  }
  for (const [reason, rows] of Object.entries(run.quarantined ?? {})) {
    out.push({ table: 'silver/quarantine', expectation: reason, action: 'quarantine', rows });
  }
  return out.sort((a, b) => (a.table + a.expectation < b.table + b.expectation ? -1 : 1));
}
