import { parseDuration } from '../../util/duration.js';
import { lakeOption, stringFlag, UsageError, type Command } from '../command.js';
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
    '  --etl-every DUR  also run the ETL in this process every DUR (e.g. 5m); its commits show at once',
  ].join('\n'),
  options: { ...lakeOption, port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'etl-every': { type: 'string' } },
  async run(flags) {
    const everyText = stringFlag(flags, 'etl-every');
    const everyMs = everyText === undefined ? undefined : parseDuration(everyText);
    if (everyText !== undefined && (everyMs === undefined || everyMs < 1000)) {
      throw new UsageError(`--etl-every: "${everyText}" is not a duration of at least 1s (e.g. 30s, 5m)`);
    }
    // Heavy modules load only when the command runs (`iplake --help` stays instant).
    const [{ openLake, serverOptions }, { startServer }, { scheduleEmbeddedEtl }] = await Promise.all([
      import('../lake.js'),
      import('../../server/index.js'),
      import('../embedded-etl.js'),
    ]);
    const lake = await openLake(flags);
    const server = await startServer(serverOptions(lake));
    process.stdout.write(`iplake gateway: GraphQL at ${server.url}/graphql, Apollo Sandbox at ${server.url}/\n`);
    const schedule =
      everyText === undefined
        ? undefined
        : scheduleEmbeddedEtl(everyText, { store: lake.store, cache: lake.cache, logger: lake.logger, server });
    await waitForSignal();
    lake.logger.info('shutting down');
    await schedule?.stop();
    await server.close();
    await lake.close();
    return 0;
  },
};
