import type { RunProgress } from '../etl/progress.js';
import type { RunSummary } from '../etl/summary.js';
import type { LakeContext } from './lake.js';

/** What `iplake etl` was asked to do, as plain data (it crosses into the ETL's worker thread). */
export interface EtlPlan {
  /** Interval text (`5m`) to keep running on; undefined runs once. */
  every: string | undefined;
  /** Wait for another ETL holding the lake instead of exiting. */
  wait: boolean;
  /** Summaries as JSON (and no progress display). */
  json: boolean;
}

/** Where a session's results go: straight to the terminal, or to the CLI's main thread. */
export interface EtlSessionOutput {
  summary(summary: RunSummary): void;
  /** Undefined when no progress is shown (--json). */
  progress: ((progress: RunProgress) => void) | undefined;
  /** Resolves when `--every` should stop (SIGINT/SIGTERM). */
  stopRequested(): Promise<unknown>;
}

/** The ETL part of `iplake etl` on an open lake: one run, or a schedule until asked to stop. */
export async function runEtlSession(lake: LakeContext, plan: EtlPlan, output: EtlSessionOutput): Promise<void> {
  if (plan.every === undefined) {
    const { runEtl } = await import('../etl/run.js');
    const summary = await runEtl({
      store: lake.store,
      cache: lake.cache,
      onBusy: plan.wait ? 'wait' : 'exit',
      onProgress: output.progress,
    });
    output.summary(summary);
    return;
  }
  // A failed run is logged and the schedule goes on.
  lake.logger.info('etl scheduled', { lake: lake.store.uri, every: plan.every });
  const { scheduleEtl } = await import('../etl/schedule.js');
  const schedule = scheduleEtl({ store: lake.store, cache: lake.cache }, plan.every, {
    onSummary: (summary) => output.summary(summary),
    onError: (err) => lake.logger.error('etl run failed; the next run will retry', { error: err.message }),
  });
  await output.stopRequested();
  lake.logger.info('stopping the schedule (waiting for a run in progress)');
  await schedule.stop();
}
