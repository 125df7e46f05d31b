import type { RunSummary } from '../../etl/summary.js';
import { parseDuration } from '../../util/duration.js';
import { waitForSignal } from '../signals.js';
import { lakeOption, stringFlag, UsageError, type Command, type Flags } from '../command.js';
import type { LakeContext } from '../lake.js';
import { progressRenderer } from '../progress.js';
import { formatRunSummary } from '../run-summary-text.js';

export const etlCommand: Command = {
  name: 'etl',
  summary: 'Turn new landing files into bronze, silver and gold tables (once, or every interval).',
  usage: [
    'Usage: iplake etl --lake L [--every 5m] [--json] [--wait]',
    '',
    '  --lake L     lake path or s3://bucket/prefix (env IPLAKE_LAKE, default ./lake)',
    '  --every DUR  keep running, one run per interval (30s, 5m, 1h); runs never overlap',
    '  --json       print the run summary as JSON (stdout)',
    '  --wait       if another ETL holds the lake, wait for it instead of exiting',
  ].join('\n'),
  options: { ...lakeOption, every: { type: 'string' }, json: { type: 'boolean' }, wait: { type: 'boolean' } },
  async run(flags) {
    const everyText = stringFlag(flags, 'every');
    const everyMs = everyText === undefined ? undefined : parseDuration(everyText);
    if (everyText !== undefined && (everyMs === undefined || everyMs < 1000)) {
      throw new UsageError(`--every: "${everyText}" is not a duration of at least 1s (e.g. 30s, 5m, 1h)`);
    }
    // Heavy modules (DuckDB, the S3 client) load only when a command runs: `iplake --help` stays instant.
    const { openLake } = await import('../lake.js');
    const lake = await openLake(flags);
    try {
      if (everyMs === undefined) {
        await runOnce(lake, flags);
        return 0;
      }
      await runEvery(lake, flags, everyText as string);
      return 0;
    } finally {
      await lake.close();
    }
  },
};

async function runOnce(lake: LakeContext, flags: Flags): Promise<RunSummary> {
  const { runEtl } = await import('../../etl/run.js');
  const summary = await runEtl({
    store: lake.store,
    cache: lake.cache,
    onBusy: flags.wait === true ? 'wait' : 'exit',
    onProgress: flags.json === true ? undefined : progressRenderer(lake.logger),
  });
  printSummary(summary, flags);
  return summary;
}

function printSummary(summary: RunSummary, flags: Flags): void {
  if (flags.json === true) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stdout.write(formatRunSummary(summary) + '\n');
}

/** Run on a fixed interval until SIGINT/SIGTERM; a failed run is logged and the schedule goes on. */
async function runEvery(lake: LakeContext, flags: Flags, every: string): Promise<void> {
  lake.logger.info('etl scheduled', { lake: lake.store.uri, every });
  const { scheduleEtl } = await import('../../etl/schedule.js');
  const schedule = scheduleEtl({ store: lake.store, cache: lake.cache }, every, {
    onSummary: (summary) => printSummary(summary, flags),
    onError: (err) => lake.logger.error('etl run failed; the next run will retry', { error: err.message }),
  });
  await waitForSignal();
  lake.logger.info('stopping the schedule (waiting for a run in progress)');
  await schedule.stop();
}
