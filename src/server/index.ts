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
import { isLoopback, requestLimits, resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from './options.js';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext, SnapshotStatus } from '../resolvers/index.js';
import type { Logger } from '../util/log.js';

export { serverDefaults, resolveServerOptions, isLoopback, type ServerOptions, type ResolvedServerOptions } from './options.js';
export type { GatewayMetrics } from './metrics.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000 (GraphQL at `${url}/graphql`). */
  url: string;
  host: string;
  port: number;
  /**
   * Check the gold tables' logs now, whatever the snapshot max age: call after committing from this process
   * (the embedded ETL) so the next request sees the commit.
   */
  refreshSnapshots(): Promise<void>;
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
  const ownCache = resolved.cache === undefined;
  // The default directory is this process's own: removed on close. A configured one is kept for the next process.
  const cache =
    resolved.cache ??
    new LocalFileCache({ dir: resolved.cacheDir, maxBytes: resolved.cacheMaxBytes, removeOnClose: options.cacheDir === undefined });
  const layer = new QueryLayer({
    store,
    engine,
    files: cache,
    memoryIndexBytes: resolved.memoryIndexBytes,
    snapshotMaxAgeMs: resolved.snapshotMaxAgeMs,
    now: resolved.now,
  });
  const snapshots: SnapshotStatus = { maxAgeMs: resolved.snapshotMaxAgeMs, tables: () => layer.snapshotFreshness() };
  const metrics = new GatewayMetrics(() => cache.stats(), () => layer.memoryStats());
  const stopObserving = metrics.observeScans(layer.instrumentation);
  resolved.lastRun ??= readLastRun;
  const apollo = createApollo(resolved, logger, metrics);

  const release = async (): Promise<void> => {
    stopObserving();
    if (ownEngine) await engine.close();
    if (ownCache) await cache.close();
    if (ownStore) await store.close();
  };
  let server: Server;
  try {
    await apollo.start();
    await warmUp(layer, snapshots, apollo, resolved, logger);
    server = createServer(
      createHandler({ options: resolved, store, apollo, layer, snapshots, metrics, logger, authenticate: createAuthenticator(resolved.apiKeys) }),
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
  const refreshSnapshots = (): Promise<void> => layer.refreshSnapshots();
  return { url, host: address.address, port: address.port, refreshSnapshots, queryLayer: layer, metrics, close };
}

/**
 * Open the gold tables and exercise GraphQL before listening, so the first real request does not pay for
 * them (on S3 a table open is several round trips). A lake that cannot be read yet is logged, not fatal:
 * the server must start on an empty or unreachable lake and answer once it is there.
 */
async function warmUp(
  layer: QueryLayer,
  snapshots: SnapshotStatus,
  apollo: ApolloServer<GatewayContext>,
  options: ResolvedServerOptions,
  logger: Logger,
): Promise<void> {
  let opened = false;
  try {
    const tables = await layer.warm();
    logger.debug('gateway warmed up', tables);
    opened = true;
  } catch (err) {
    logger.warn('could not open the gold tables at start-up; requests will retry', { error: err instanceof Error ? err.message : String(err) });
  }
  // Real questions that match nothing (TEST-NET-1 in 1970), one per root field, through the same HTTP pipeline
  // requests take (body, parsing, validation, scalars, resolvers, the query layer, serialisation), a few rounds so
  // V8 has compiled that code past its first tier before the first real request waits on it.
  for (let round = 0; round < WARM_UP_ROUNDS; round += 1) {
    let failed = false;
    for (const query of warmUpQueries(round)) {
      const controller = new AbortController();
      // A fresh session per question: a shared one would answer repeats from its DataLoader caches.
      const context: GatewayContext = {
        requestId: 'warm-up',
        query: layer.session({ signal: controller.signal, timeoutMs: options.requestTimeoutMs }),
        limits: requestLimits(options),
        signal: controller.signal,
        deadline: new Promise<never>(() => undefined),
        timeoutMs: options.requestTimeoutMs,
        lastRun: async () => null,
        now: options.now,
        snapshots,
      };
      try {
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query } },
          context: async () => context,
        });
        const text = response.body.kind === 'complete' ? response.body.string : '';
        const errors = (JSON.parse(text || '{}') as { errors?: { message?: string }[] }).errors;
        if (errors?.length) {
          failed = true;
          logger.warn('gateway warm-up query failed', { query, error: errors[0]?.message });
        }
      } catch (err) {
        failed = true;
        logger.warn('gateway warm-up query failed', { query, error: err instanceof Error ? err.message : String(err) });
      }
    }
    // One round of warnings is enough: an unreadable lake fails every round the same way.
    if (failed) break;
  }
  if (!opened) return;
  // Start-up (preload, warm-up) can outlast the snapshot max age: check the logs once more now, so the first
  // requests find fresh snapshots instead of waiting for that check (a round trip per table on S3).
  try {
    await layer.refreshSnapshots();
  } catch (err) {
    logger.warn('could not re-check the gold tables at start-up; requests will retry', { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Rounds of warm-up questions: the first runs cold code, later ones let V8 optimise it (a few ms each). */
const WARM_UP_ROUNDS = 3;
const WARM_WINDOW = 'from: "1970-01-01T00:00:00Z", to: "1970-01-01T01:00:00Z"';
const WARM_INTERVAL = 'ip mac userName hostname source start end endReason evidence sessionId userSource intervalId';
const WARM_EVENTS = 'events(first: 5) { totalCount edges { cursor node { timestamp ip mac userName hostname eventType source sessionId lineage { bronzeTable landingObject lineNumber } } } pageInfo { hasNextPage endCursor } }';
/**
 * The shapes dashboards send, on an address and a window that hold nothing. Each round asks about another
 * TEST-NET-1 address: Apollo caches a parsed and validated document by its text, and a repeat would skip both.
 */
function warmUpQueries(round: number): string[] {
  const ip = `192.0.2.${round + 1}`;
  return [
    `{ whoHad(ip: "${ip}", at: "1970-01-01T00:00:00Z") { ${WARM_INTERVAL} } }`,
    `{ ip(address: "${ip}", ${WARM_WINDOW}) { attributions { ${WARM_INTERVAL} } users { name } macs { mac } ${WARM_EVENTS} } }`,
    `{ user(name: "warm-up-${round}", ${WARM_WINDOW}) { aliases attributions { ${WARM_INTERVAL} } macs { mac } ips { ip } ${WARM_EVENTS} } }`,
    `{ mac(address: "00:00:5e:00:53:0${round + 1}", ${WARM_WINDOW}) { attributions { ${WARM_INTERVAL} } ips { ip } users { name } ${WARM_EVENTS} } }`,
    `{ ips(addresses: ["${ip}"], ${WARM_WINDOW}) { ip attributions { ${WARM_INTERVAL} } users { name } macs { mac } } }`,
    `{ eventCounts(filter: { ${WARM_WINDOW} }, bucket: ${round % 2 === 0 ? 'HOUR' : 'DAY'}) { start end count } }`,
  ];
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
