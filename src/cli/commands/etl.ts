import { defaults } from '../../config/defaults.js';
import type { RunSummary } from '../../etl/summary.js';
import { parseDuration } from '../../util/duration.js';
import { createLogger } from '../../util/log.js';
import { lakeOption, stringFlag, UsageError, type Command, type Flags } from '../command.js';
import { runEtlSession, type EtlPlan } from '../etl-session.js';
import { progressRenderer } from '../progress.js';
import { formatRunSummary } from '../run-summary-text.js';
import { waitForSignal, watchStdinEnd } from '../signals.js';

export const etlCommand: Command = {
  name: 'etl',
  summary: 'Turn new landing files into bronze, silver and gold tables (once, or every interval).',
  usage: [
    'Usage: iplake etl --lake L [--every 5m] [--json] [--wait] [--until-stdin-ends]',
    '',
    '  --lake L     lake path or s3://bucket/prefix (env IPLAKE_LAKE, default ./lake)',
    '  --every DUR  keep running, one run per interval (30s, 5m, 1h); runs never overlap',
    '  --json       print the run summary as JSON (stdout)',
    '  --wait       if another ETL holds the lake, wait for it instead of exiting',
    '  --until-stdin-ends  with --every, also stop (after the run in progress) when stdin ends: `serve --etl-every`',
    '               runs this command as its child with stdin a pipe, which ends when the gateway is gone',
    '',
    `The ETL runs in a worker thread with a capped JavaScript heap: IPLAKE_ETL_HEAP_MB (MB, default ${defaults.etlHeapMb}; 0 = no cap).`,
  ].join('\n'),
  options: {
    ...lakeOption,
    every: { type: 'string' },
    json: { type: 'boolean' },
    wait: { type: 'boolean' },
    'until-stdin-ends': { type: 'boolean' },
  },
  async run(flags) {
    const everyText = stringFlag(flags, 'every');
    const everyMs = everyText === undefined ? undefined : parseDuration(everyText);
    if (everyText !== undefined && (everyMs === undefined || everyMs < 1000)) {
      throw new UsageError(`--every: "${everyText}" is not a duration of at least 1s (e.g. 30s, 5m, 1h)`);
    }
    const plan: EtlPlan = { every: everyText, wait: flags.wait === true, json: flags.json === true };
    const printSummary = (summary: RunSummary): void => {
      if (plan.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else process.stdout.write(formatRunSummary(summary) + '\n');
    };
    const stdin = plan.every !== undefined && flags['until-stdin-ends'] === true ? watchStdinEnd() : undefined;
    // The first SIGINT/SIGTERM (or the end of stdin, when asked) stops a schedule after the run in progress.
    const stopRequested = (): Promise<unknown> => (stdin ? Promise.race([waitForSignal(), stdin.ended]) : waitForSignal());
    try {
      return await runEtlCommand(flags, plan, printSummary, stopRequested);
    } finally {
      // Stdin no longer keeps the process alive.
      stdin?.close();
    }
  },
};

/** The ETL of `iplake etl`: in the heap-capped worker, or on this thread with IPLAKE_ETL_HEAP_MB=0. */
async function runEtlCommand(
  flags: Flags,
  plan: EtlPlan,
  printSummary: (summary: RunSummary) => void,
  stopRequested: () => Promise<unknown>,
): Promise<number> {
  // Heavy modules (DuckDB, the S3 client) load only when a command runs: `iplake --help` stays instant.
  const { configFromFlags, openLake } = await import('../lake.js');
  // Validated here, before any thread starts: a bad setting is one clear line.
  const config = configFromFlags(flags);
  if (config.etl.heapMb > 0) {
    const { runEtlInWorker } = await import('../etl-in-worker.js');
    const logger = createLogger({ level: config.logLevel, format: config.logFormat });
    await runEtlInWorker({ flags, plan, config, logger, printSummary, stopRequested });
    return 0;
  }
  const lake = await openLake(flags);
  try {
    await runEtlSession(lake, plan, {
      summary: printSummary,
      progress: plan.json ? undefined : progressRenderer(lake.logger),
      stopRequested,
    });
    return 0;
  } finally {
    await lake.close();
  }
}
