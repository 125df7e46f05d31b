import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaults } from '../../config/defaults.js';
import type { ObjectStore } from '../../storage/types.js';
import { lakeOption, type Command } from '../command.js';
import { progressRenderer } from '../progress.js';
import { formatRunSummary } from '../run-summary-text.js';
import { waitForSignal } from '../signals.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The quick start: generate demo logs if the lake is empty, run the ETL, serve GraphQL with Sandbox.',
  usage: [
    'Usage: iplake demo [--lake ./lake] [--port 4000]',
    '',
    `  On an empty lake, generates ${defaults.demo.days} days of logs for ${defaults.demo.devices} devices, ingests them,`,
    '  runs the ETL and serves http://localhost:4000/ (Apollo Sandbox) and /graphql.',
  ].join('\n'),
  options: { ...lakeOption, port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  async run(flags) {
    // Heavy modules load only when the command runs (`iplake --help` stays instant).
    const [{ openLake, serverOptions }, { startServer }, { runEtl }, { ingestFiles }, { generate }] = await Promise.all([
      import('../lake.js'),
      import('../../server/index.js'),
      import('../../etl/run.js'),
      import('../../etl/landing.js'),
      import('../../generator/index.js'),
    ]);
    const lake = await openLake(flags);
    const { store, logger } = lake;
    if (await isEmptyLake(store)) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-demo-'));
      try {
        process.stdout.write(`demo: empty lake at ${store.uri}: generating ${defaults.demo.days} days of demo logs…\n`);
        const summary = await generate({ out: dir, ...defaults.demo });
        process.stdout.write(`demo: generated ${summary.lines.total.toLocaleString('en-US')} log lines; ingesting…\n`);
        for (const source of ['dhcp', 'ise'] as const) {
          const files = (await readdir(path.join(dir, source))).map((f) => path.join(dir, source, f));
          await ingestFiles(store, source, files);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const summary = await runEtl({ store, cache: lake.cache, onBusy: 'wait', onProgress: progressRenderer(logger) });
    process.stdout.write(formatRunSummary(summary) + '\n');

    const server = await startServer(serverOptions(lake));
    const browserUrl = server.url.replace('127.0.0.1', 'localhost');
    process.stdout.write(
      [
        '',
        `iplake is ready.  Apollo Sandbox: ${browserUrl}/   GraphQL: ${browserUrl}/graphql`,
        'Try:  { pipeline { lastRun { status lines } tables { name version } } }',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await waitForSignal();
    await server.close();
    await lake.close();
    return 0;
  },
};

/** Nothing landed and nothing built yet. */
async function isEmptyLake(store: ObjectStore): Promise<boolean> {
  for (const prefix of ['landing/', 'gold/', 'bronze/']) {
    for await (const _ of store.list(prefix)) return false;
  }
  return true;
}
