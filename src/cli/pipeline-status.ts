import { readRecentSummaries } from '../etl/summary.js';
import type { PipelineRunInfo } from '../resolvers/index.js';
import type { ObjectStore } from '../storage/types.js';

/**
 * The gateway's `pipeline` query reads the ETL's latest completed run summary through this adapter,
 * so the server knows nothing of the ETL's files and the ETL nothing of GraphQL.
 */
export async function lastRunFromSummaries(store: ObjectStore): Promise<PipelineRunInfo | null> {
  const summaries = await readRecentSummaries(store, 20);
  const last = summaries.find((s) => s.status === 'completed') ?? summaries[0];
  if (!last) return null;
  const quality: PipelineRunInfo['quality'] = [];
  for (const [table, rules] of Object.entries(last.expectations)) {
    for (const [expectation, tally] of Object.entries(rules)) {
      quality.push({ table, expectation, action: tally.action, rows: tally.failed });
    }
  }
  for (const [reason, rows] of Object.entries(last.quarantined)) {
    if (!reason.startsWith('expectation:')) quality.push({ table: 'silver/quarantine', expectation: reason, action: 'quarantine', rows });
  }
  return {
    runId: last.runId,
    startedAt: last.startedAt,
    finishedAt: last.finishedAt,
    status: last.status,
    objects: last.objects,
    lines: last.lines.dhcp + last.lines.ise,
    durationSeconds: last.durationMs / 1000,
    quality,
    watermark: last.watermark,
  };
}
