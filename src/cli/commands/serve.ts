import { parseDuration } from '../../util/duration.js';
import { lakeOption, stringFlag, UsageError, type Command } from '../command.js';
import type { EmbeddedEtl } from '../embedded-etl-child.js';
import type { LakeContext } from '../lake.js';
import { waitForSignal } from '../signals.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the GraphQL gateway (Sandbox at /, GraphQL at /graphql, /health, /metrics).',
  usage: [
    'Usage: iplake serve --lake L [--port 4000] [--host 127.0.0.1] [--etl-every 5m]',
    '',
    '  --lake L         lake path or s3://bucket/prefix (env IPLAKE_LAKE, default ./lake)',
    '  --port N         TCP port (env IPLAKE_PORT, default 4000; 0 = any free port)',
    '  --host H         listen address (default 127.0.0.1); a non-loopback address needs IPLAKE_API_KEYS',
    '  --etl-every DUR  also run the ETL every DUR (e.g. 5m) in a child process; its commits show at once',
    '',
    'With --etl-every the gateway runs `iplake etl --every DUR` on the same lake as its child process (heap capped by',
    'IPLAKE_ETL_HEAP_MB as for `iplake etl`) and logs each run. A failed run is logged and retried by the child; a child',
    'that dies (e.g. out of heap) is logged, the gateway keeps serving and starts a new child one interval later.',
  ].join('\n'),
  options: { ...lakeOption, port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'etl-every': { type: 'string' } },
  async run(flags) {
    const everyText = stringFlag(flags, 'etl-every');
    const everyMs = everyText === undefined ? undefined : parseDuration(everyText);
    if (everyText !== undefined && (everyMs === undefined || everyMs < 1000)) {
      throw new UsageError(`--etl-every: "${everyText}" is not a duration of at least 1s (e.g. 30s, 5m)`);
    }
    // Heavy modules load only when the command runs (`iplake --help` stays instant).
    const [{ openLake, serverOptions }, { startServer }] = await Promise.all([import('../lake.js'), import('../../server/index.js')]);
    const lake = await openLake(flags);
    const server = await startServer(serverOptions(lake));
    process.stdout.write(`iplake gateway: GraphQL at ${server.url}/graphql, Apollo Sandbox at ${server.url}/\n`);
    const schedule = everyText === undefined ? undefined : await scheduleEtl(everyText, lake, server);
    await waitForSignal();
    lake.logger.info('shutting down');
    // The ETL first (after its run in progress), then the server it refreshes, then the lake the server reads.
    await schedule?.stop();
    await server.close();
    await lake.close();
    return 0;
  },
};

/**
 * The installed CLI runs the ETL as a child process, isolated from the gateway. Run from the TypeScript sources
 * (tsx, in development) there is no built CLI to spawn: the schedule runs on this thread, sharing the gateway's cache.
 */
async function scheduleEtl(every: string, lake: LakeContext, server: { refreshSnapshots(): Promise<void> }): Promise<EmbeddedEtl> {
  if (!import.meta.url.endsWith('.ts')) {
    const { scheduleEmbeddedEtlInChild } = await import('../embedded-etl-child.js');
    return scheduleEmbeddedEtlInChild(every, { config: lake.config, logger: lake.logger, server });
  }
  const { scheduleEmbeddedEtl } = await import('../embedded-etl.js');
  return scheduleEmbeddedEtl(every, { store: lake.store, cache: lake.cache, logger: lake.logger, server });
}
