import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { StorageError, type ObjectStore } from '../../src/storage/types.js';
import { data, errorOf, gql } from './client.js';
import { Engine, fixtureEvents, fixtureIntervals, writeGold } from './gold-fixture.js';

/**
 * HTTP behaviour, limits, error codes and security defaults, over real HTTP against started servers.
 * (Answers against the oracle are in suite.ts, run per storage backend.)
 */

const WINDOW = 'from: "2026-11-20T00:00:00Z", to: "2026-11-20T23:00:00Z"';
const KEY = 'k-0123456789abcdef';

let engine: Engine;
let lakeDir: string;
let store: LocalStore;
const servers: RunningServer[] = [];
const temps: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function serve(options: Partial<ServerOptions> = {}): Promise<string> {
  const server = await startServer({ store, port: 0, engine, cacheDir: await tempDir('iplake-gw-cache-'), ...options });
  servers.push(server);
  return server.url;
}

/** The real store with one method replaced: a lake that is slow or down, without mocking the rest. */
function withMethod(base: ObjectStore, name: 'head' | 'list', impl: (...args: never[]) => unknown): ObjectStore {
  return new Proxy(base, {
    get(target, prop) {
      if (prop === name) return impl;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  engine = await Engine.create({ threads: 1 });
  lakeDir = await tempDir('iplake-gw-http-');
  store = new LocalStore(lakeDir);
  await writeGold(store, engine, fixtureIntervals(), fixtureEvents());
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await engine?.close();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('input errors name the argument (BAD_USER_INPUT)', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ maxFirst: 50 });
  });

  const cases: [string, string, string, RegExp][] = [
    ['invalid IP literal', '{ whoHad(ip: "10.0.0.256", at: "2026-11-20T10:00:00Z") { ip } }', 'ip', /"10\.0\.0\.256" is not an IPv4 or IPv6 address/],
    ['invalid date-time', '{ whoHad(ip: "10.0.0.5", at: "2026-13-01") { ip } }', 'at', /^Argument "at": "2026-13-01" is not an ISO 8601 date-time/],
    ['invalid MAC', `{ mac(address: "zz:bb:cc:dd:ee:ff", ${WINDOW}) { mac } }`, 'address', /is not a MAC address/],
    ['from after to', '{ ip(address: "10.0.0.5", from: "2026-11-21T00:00:00Z", to: "2026-11-20T00:00:00Z") { ip } }', 'from', /is after "to"/],
    ['window over the limit', '{ ip(address: "10.0.0.5", from: "2026-10-01T00:00:00Z", to: "2026-11-20T00:00:00Z") { ip } }', 'to', /the limit is 31 days/],
    ['first over the cap', `{ events(filter: { ${WINDOW} }, first: 51) { totalCount } }`, 'first', /at most 50/],
    ['negative first', `{ events(filter: { ${WINDOW} }, first: -1) { totalCount } }`, 'first', /0 or more/],
    ['cursor not issued here', `{ events(filter: { ${WINDOW} }, after: "bm90LWEtY3Vyc29y") { totalCount } }`, 'after', /not a cursor issued by this server/],
    ['bad address in a list', `{ ips(addresses: ["10.0.0.1", "nope"], ${WINDOW}) { ip } }`, 'addresses[1]', /"nope" is not an IPv4/],
    ['bad filter field', '{ events(filter: { from: "yesterday", to: "2026-11-20T00:00:00Z" }) { totalCount } }', 'filter.from', /not an ISO 8601/],
    ['empty user name', `{ user(name: " ", ${WINDOW}) { name } }`, 'name', /1 to 256 characters/],
  ];
  for (const [label, query, argument, message] of cases) {
    it(label, async () => {
      const error = await errorOf(url, query);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.argument).toBe(argument);
      expect(error.message).toMatch(new RegExp(`^Argument "${argument.replace(/[[\]]/g, '\\$&')}": `));
      expect(error.message).toMatch(message);
    });
  }

  it('variables get the same errors as literals', async () => {
    const error = await errorOf(url, 'query($ip: IPAddress!, $at: DateTime!) { whoHad(ip: $ip, at: $at) { ip } }', {
      variables: { ip: '10.0.0.5', at: '2026-11-20T25:00:00Z' },
    });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^Argument "at": "2026-11-20T25:00:00Z" is not an ISO 8601 date-time/);
  });
});

describe('query limits', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ maxDepth: 5, maxAliases: 3 });
  });

  it('rejects queries deeper than the limit', async () => {
    const error = await errorOf(url, `{ user(name: "alice", ${WINDOW}) { macs { ips { users { macs { ips { ip } } } } } } }`);
    expect(error.status).toBe(400);
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.extensions.limit).toBe('maxDepth');
    expect(error.message).toMatch(/depth limit of 5/);
  });

  it('rejects too many aliases', async () => {
    const query = `{ ${[1, 2, 3, 4].map((i) => `a${i}: pipeline { watermark }`).join(' ')} }`;
    const error = await errorOf(url, query);
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.extensions.limit).toBe('maxAliases');
  });

  it('rejects queries that cost too much', async () => {
    const costly = await serve({ maxCost: 20 });
    const error = await errorOf(costly, `{ ips(addresses: ["10.0.0.5"], ${WINDOW}) { ip attributions { ip mac userName hostname start end } users { name aliases } macs { mac } } }`);
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.extensions.limit).toBe('maxCost');
  });

  it('gives up after the request timeout with TIMEOUT', async () => {
    const slow = withMethod(store, 'head', async (...args: never[]) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return store.head(...(args as unknown as [string]));
    });
    const timeoutUrl = await serve({ store: slow, requestTimeoutMs: 100 });
    const error = await errorOf(timeoutUrl, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:00:00Z") { ip } }');
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/within 100 ms/);
  });
});

describe('failures below the resolvers', () => {
  it('an unreadable lake is LAKE_UNAVAILABLE, and /health says so with 503', async () => {
    const down = (): never => {
      throw new StorageError('UNAVAILABLE', 'storage: endpoint 127.0.0.1:9 refused the connection');
    };
    let url = await serve({ store: withMethod(new LocalStore(await tempDir('iplake-gw-down-')), 'head', async () => down()) });
    const error = await errorOf(url, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:00:00Z") { ip } }');
    expect(error.code).toBe('LAKE_UNAVAILABLE');
    url = await serve({
      store: withMethod(new LocalStore(await tempDir('iplake-gw-down-')), 'list', () => ({
        [Symbol.asyncIterator]: () => ({ next: async () => down() }),
      })),
    });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { lake: { reachable: boolean } }).lake.reachable).toBe(false);
  });

  it('internal errors are masked and carry the request id', async () => {
    // A corrupt data file: the Parquet reader fails, the client sees no internals.
    const dir = await tempDir('iplake-gw-corrupt-');
    const corrupt = new LocalStore(dir);
    await writeGold(corrupt, engine, fixtureIntervals().slice(0, 1), fixtureEvents().slice(0, 5));
    for await (const object of corrupt.list('gold/ip_attribution_gold/dt=')) {
      await corrupt.put(object.key, new TextEncoder().encode('this is not parquet'.padEnd(object.size, '!')));
    }
    const url = await serve({ store: corrupt });
    const error = await errorOf(url, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:00:00Z") { ip } }', {
      headers: { 'x-request-id': 'req-masked-1' },
    });
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error (request id req-masked-1)');
    expect(error.extensions.requestId).toBe('req-masked-1');
    expect(JSON.stringify(error.result.body)).not.toMatch(/parquet|duckdb|SELECT/i);
  });
});

describe('authentication', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ apiKeys: [KEY] });
  });

  it('answers 401 UNAUTHENTICATED without a key or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-key-0000000000' }, { authorization: KEY }] as Record<string, string>[]) {
      const result = await gql(url, '{ pipeline { watermark } }', { headers });
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
  });

  it('accepts the key, and keeps /health open', async () => {
    const result = await data(url, '{ pipeline { tables { name } } }', { headers: { authorization: `Bearer ${KEY}` } });
    expect(result.pipeline.tables).toHaveLength(2);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', lake: { reachable: true } });
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
  });

  it('refuses to listen beyond loopback without keys', async () => {
    await expect(startServer({ store, host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without API keys/);
  });
});

describe('GraphQL over HTTP', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ corsOrigins: ['https://dash.example'] });
  });

  it('serves queries by GET and POST with JSON content types', async () => {
    const get = await gql(url, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:30:00Z") { userName } }', { method: 'GET' });
    expect(get.status).toBe(200);
    expect(get.contentType).toMatch(/^application\/json/);
    expect(get.body.data).toEqual({ whoHad: [{ userName: 'CORP\\alice' }, { userName: 'carol@corp.example' }] });
    const post = await gql(url, '{ __typename }', { headers: { accept: 'application/graphql-response+json' } });
    expect(post.status).toBe(200);
    expect(post.contentType).toMatch(/^application\/graphql-response\+json/);
  });

  it('uses 400 for unparseable or invalid documents and bad bodies, 405 and 404 elsewhere', async () => {
    const parse = await gql(url, '{ whoHad(');
    expect(parse.status).toBe(400);
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await gql(url, '{ nosuchfield }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badJson = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const put = await fetch(`${url}/graphql`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });

  it('echoes a request id, answers CORS for configured origins only', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123', origin: 'https://dash.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    const other = await fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${url}/health`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Apollo Sandbox at / pointed at /graphql, and introspection, in development', async () => {
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/EmbeddedSandbox/);
    expect(html).toMatch(/'\/graphql'/);
    const types = await data(url, '{ __schema { queryType { fields { name } } } }');
    expect(types.__schema.queryType.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['whoHad', 'ip', 'ips', 'user', 'mac', 'events', 'eventCounts', 'pipeline']),
    );
  });

  it('turns Sandbox and introspection off when configured', async () => {
    const closed = await serve({ sandbox: false, introspection: false });
    expect((await fetch(`${closed}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
    const error = await errorOf(closed, '{ __schema { queryType { name } } }');
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('an empty lake', () => {
  it('starts, answers with empty results, then sees tables the ETL creates later', async () => {
    const dir = await tempDir('iplake-gw-empty-');
    const empty = new LocalStore(dir);
    // Max age 0: every request checks the log, so the ETL's first commit is visible to the very next request.
    const url = await serve({ store: empty, snapshotMaxAgeMs: 0 });
    const result = await data(url, `{
      whoHad(ip: "10.0.0.5", at: "2026-11-20T10:30:00Z") { ip }
      ip(address: "10.0.0.5", ${WINDOW}) { attributions { ip } users { name } events(first: 5) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }
      events(filter: { ${WINDOW} }) { totalCount edges { cursor } }
      pipeline { watermark freshnessSeconds tables { name version files } }
    }`);
    expect(result.whoHad).toEqual([]);
    expect(result.ip).toEqual({ attributions: [], users: [], events: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect(result.events).toEqual({ totalCount: 0, edges: [] });
    expect(result.pipeline.watermark).toBeNull();
    expect(result.pipeline.tables.map((t: { version: number | null }) => t.version)).toEqual([null, null]);
    expect((await fetch(`${url}/health`)).status).toBe(200);

    await writeGold(empty, engine, fixtureIntervals(), fixtureEvents());
    const after = await data(url, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:30:00Z") { userName } }');
    expect(after.whoHad).toHaveLength(2);
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const slow = withMethod(store, 'head', async (...args: never[]) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return store.head(...(args as unknown as [string]));
    });
    const server = await startServer({ store: slow, port: 0, engine, cacheDir: await tempDir('iplake-gw-cache-') });
    const inFlight = data(server.url, '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:30:00Z") { userName } }');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = server.close();
    expect((await inFlight).whoHad).toHaveLength(2);
    await closed;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
