import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../engine/index.js';
import { QueryLayer, readLastRun } from '../query/index.js';
import { LocalFileCache, openStore } from '../storage/index.js';
import type { ObjectStore } from '../storage/types.js';
import { silentLogger } from '../util/log.js';
import { createApollo } from './apollo.js';
import { createAuthenticator } from './auth.js';
import { createHandler } from './http.js';
import { GatewayMetrics } from './metrics.js';
import { isLoopback, resolveServerOptions, type ServerOptions } from './options.js';

export { serverDefaults, resolveServerOptions, isLoopback, type ServerOptions, type ResolvedServerOptions } from './options.js';
export type { GatewayMetrics } from './metrics.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000 (GraphQL at `${url}/graphql`). */
  url: string;
  host: string;
  port: number;
  /** The query layer (its instrumentation counts scans) and metrics, for tests and embedding. */
  queryLayer: QueryLayer;
  metrics: GatewayMetrics;
  /** Graceful shutdown: stop accepting, let in-flight requests finish (bounded), release what the server opened. */
  close(): Promise<void>;
}

/** In-flight requests get this long to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Start the GraphQL gateway. Works on an empty or brand-new lake: tables the ETL creates later are picked up
 * by the next request, as is every new commit.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const resolved = resolveServerOptions(options);
  const logger = resolved.logger ?? silentLogger;
  const ownStore = resolved.store === undefined;
  const store: ObjectStore = resolved.store ?? (await openStore(resolved.lake as string));
  const ownEngine = resolved.engine === undefined;
  const engine = resolved.engine ?? (await Engine.create(resolved.engineOptions ?? {}));
  const cache = resolved.cache ?? new LocalFileCache({ dir: resolved.cacheDir, maxBytes: resolved.cacheMaxBytes });
  const layer = new QueryLayer({ store, engine, files: cache, memoryIndexBytes: resolved.memoryIndexBytes });
  const metrics = new GatewayMetrics(() => cache.stats());
  const stopObserving = metrics.observeScans(layer.instrumentation);
  resolved.lastRun ??= readLastRun;
  const apollo = createApollo(resolved, logger, metrics);

  const release = async (): Promise<void> => {
    stopObserving();
    if (ownEngine) await engine.close();
    if (ownStore) await store.close();
  };
  let server: Server;
  try {
    await apollo.start();
    server = createServer(
      createHandler({ options: resolved, store, apollo, layer, metrics, logger, authenticate: createAuthenticator(resolved.apiKeys) }),
    );
    await listen(server, resolved.port, resolved.host);
  } catch (err) {
    await apollo.stop().catch(() => undefined);
    await release();
    throw err;
  }

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  logger.info('gateway listening', {
    url,
    graphql: `${url}/graphql`,
    lake: store.uri,
    auth: resolved.apiKeys.length > 0 ? `${resolved.apiKeys.length} API key(s)` : 'none',
    sandbox: resolved.sandbox,
    introspection: resolved.introspection,
  });
  if (resolved.apiKeys.length === 0) {
    logger.warn(`no API keys configured: listening on ${resolved.host} (loopback) only; set IPLAKE_API_KEYS to serve other hosts`);
  } else if (isLoopback(resolved.host)) {
    logger.info('API keys are required on every GraphQL and metrics request');
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await apollo.stop();
      await release();
      logger.info('gateway stopped', { url });
    })();
    return closing;
  };
  return { url, host: address.address, port: address.port, queryLayer: layer, metrics, close };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(new Error(`server: cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
