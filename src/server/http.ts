import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { QueryLayer } from '../query/index.js';
import { ErrorCode, type GatewayContext, type PipelineRunInfo, type SnapshotStatus } from '../resolvers/index.js';
import { timeoutError } from '../resolvers/errors.js';
import type { ObjectStore } from '../storage/types.js';
import type { Logger } from '../util/log.js';
import type { Authenticator } from './auth.js';
import { applyCors } from './cors.js';
import type { GatewayMetrics } from './metrics.js';
import { requestLimits, type ResolvedServerOptions } from './options.js';

export interface HandlerDeps {
  options: ResolvedServerOptions;
  store: ObjectStore;
  apollo: ApolloServer<GatewayContext>;
  layer: QueryLayer;
  snapshots: SnapshotStatus;
  metrics: GatewayMetrics;
  logger: Logger;
  authenticate: Authenticator;
}

/** Health checks that take longer than this report the lake as unreachable. */
const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The HTTP surface: /graphql (GraphQL over HTTP, GET and POST), / (Sandbox when enabled), /health, /metrics.
 * Every response carries an x-request-id (the caller's, when it sent a sane one) that also tags the log line.
 */
export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const perServer: PerServer = {
    limits: requestLimits(deps.options),
    lastRun: lastRunReader(deps),
  };
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers['x-request-id']);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routeOf(url.pathname);
    const log = { operationName: undefined as string | undefined };
    res.setHeader('x-request-id', requestId);
    applyCors(req, res, deps.options.corsOrigins);
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.requests.inc({ route, method: req.method ?? '?', status: String(res.statusCode) });
      deps.metrics.latency.observe({ route }, seconds);
      const fields = {
        requestId,
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        operation: log.operationName,
      };
      if (route === '/health' || route === '/metrics') deps.logger.debug('http request', fields);
      else deps.logger.info('http request', fields);
    });
    handle(deps, perServer, req, res, url, route, requestId, log).catch((err: unknown) => {
      deps.logger.error('http: request failed', { requestId, error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) {
        sendJson(res, 500, graphqlError(`Internal server error (request id ${requestId})`, ErrorCode.INTERNAL_SERVER_ERROR));
      } else {
        res.destroy();
      }
    });
  };
}

/** What every request shares, made once per server rather than once per request. */
interface PerServer {
  limits: GatewayContext['limits'];
  lastRun: GatewayContext['lastRun'];
}

async function handle(
  deps: HandlerDeps,
  perServer: PerServer,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: string,
  requestId: string,
  log: { operationName: string | undefined },
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  switch (route) {
    case '/health':
      return health(deps, req, res);
    case '/metrics':
      if (!authorized(deps, req, res)) return;
      if (!allowMethods(req, res, ['GET'])) return;
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return;
    case '/graphql':
      // A browser asking for HTML gets the Sandbox page (when enabled); that page needs no key.
      if (!isLandingPageRequest(req) && !authorized(deps, req, res)) return;
      return graphql(deps, perServer, req, res, url, requestId, log);
    case '/':
      if (deps.options.sandbox && req.method === 'GET') return graphql(deps, perServer, req, res, url, requestId, log);
      break;
  }
  sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}: GraphQL is served at /graphql` });
}

async function graphql(
  deps: HandlerDeps,
  perServer: PerServer,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  log: { operationName: string | undefined },
): Promise<void> {
  if (!allowMethods(req, res, ['GET', 'POST'])) return;
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const text = await readBody(req, deps.options.maxBodyBytes);
    if (text === null) {
      sendJson(res, 413, graphqlError(`request body exceeds ${deps.options.maxBodyBytes} bytes`, 'BAD_REQUEST'));
      return;
    }
    if (/json/i.test(req.headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch (err) {
        sendJson(res, 400, graphqlError(`request body is not valid JSON: ${(err as Error).message}`, 'BAD_REQUEST'));
        return;
      }
    } else {
      body = text;
    }
    if (body && typeof body === 'object' && 'operationName' in body && typeof body.operationName === 'string') {
      log.operationName = body.operationName;
    }
  } else {
    log.operationName = url.searchParams.get('operationName') ?? undefined;
  }

  const timeoutMs = deps.options.requestTimeoutMs;
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const deadline = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(timeoutError(timeoutMs)), { once: true });
  });
  deadline.catch(() => undefined); // raced by resolvers; unobserved when the request finishes in time
  const context: GatewayContext = {
    requestId,
    query: deps.layer.session({ signal, timeoutMs }),
    limits: perServer.limits,
    signal,
    deadline,
    timeoutMs,
    lastRun: perServer.lastRun,
    now: deps.options.now,
    snapshots: deps.snapshots,
  };

  const request: HTTPGraphQLRequest = {
    method: req.method ?? 'GET',
    headers: headerMap(req),
    search: url.search,
    body,
  };
  try {
    const result = await deps.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: async () => context });
    for (const [name, value] of result.headers) res.setHeader(name, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } finally {
    clearTimeout(timer);
  }
}

async function health(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!allowMethods(req, res, ['GET', 'HEAD'])) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.layer.checkLake(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      }),
    ]);
    sendJson(res, 200, { status: 'ok', lake: { uri: deps.store.uri, reachable: true } });
  } catch (err) {
    sendJson(res, 503, {
      status: 'unavailable',
      lake: { uri: deps.store.uri, reachable: false, error: err instanceof Error ? err.message : String(err) },
    });
  } finally {
    clearTimeout(timer);
  }
}

function lastRunReader(deps: HandlerDeps): () => Promise<PipelineRunInfo | null> {
  const read = deps.options.lastRun;
  return read ? () => read(deps.store) : async () => null;
}

function authorized(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse): boolean {
  if (deps.authenticate(req.headers.authorization)) return true;
  res.setHeader('www-authenticate', 'Bearer realm="iplake"');
  const why = req.headers.authorization ? 'the API key is not valid' : 'an API key is required';
  sendJson(res, 401, graphqlError(`${why}: send "Authorization: Bearer <key>"`, ErrorCode.UNAUTHENTICATED));
  return false;
}

function allowMethods(req: IncomingMessage, res: ServerResponse, methods: string[]): boolean {
  if (methods.includes(req.method ?? '')) return true;
  res.setHeader('allow', methods.join(', '));
  sendJson(res, 405, graphqlError(`method ${req.method} is not allowed here; use ${methods.join(' or ')}`, 'BAD_REQUEST'));
  return false;
}

function isLandingPageRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '') && !(req.url ?? '').includes('?');
}

function routeOf(pathname: string): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ['/', '/graphql', '/health', '/metrics'].includes(trimmed) ? trimmed : 'other';
}

function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[\w.:-]{1,64}$/.test(value) ? value : randomUUID();
}

function headerMap(req: IncomingMessage): HeaderMap {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/** The body as text, or null when it is larger than the limit (the rest is drained unread, so a 413 can still be sent). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function graphqlError(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
