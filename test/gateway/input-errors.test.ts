import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/query/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { createLogger } from '../../src/util/log.js';
import { data, errorOf, gql } from './client.js';
import { Engine, fixtureEvents, fixtureIntervals, writeGold } from './gold-fixture.js';

/**
 * Client mistakes get client errors (HTTP 400 or BAD_USER_INPUT naming the argument), never INTERNAL_SERVER_ERROR,
 * and never an error-level log line with a stack: otherwise any client can fill the error log on demand.
 * (Formerly test/reliability/pending/gateway-input-errors.pending.ts.)
 */

const WINDOW = 'from: "2026-11-20T00:00:00Z", to: "2026-11-20T23:00:00Z"';
let dir: string;
let engine: Engine;
let server: RunningServer;
const logLines: { level: string; msg: string; stack?: unknown }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-gw-input-'));
  engine = await Engine.create({ threads: 1 });
  const store = new LocalStore(path.join(dir, 'lake'));
  await writeGold(store, engine, fixtureIntervals(), fixtureEvents());
  const logger = createLogger({ level: 'debug', format: 'json', write: (line) => logLines.push(JSON.parse(line)) });
  server = await startServer({ store, port: 0, engine, cacheDir: path.join(dir, 'cache'), logger });
  logLines.length = 0; // the start-up warning about running without API keys is not a request's doing
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  // Every case here is a client mistake: at most info, and never a stack.
  const loud = logLines.filter((line) => line.level === 'error' || line.level === 'warn' || line.stack !== undefined);
  const requests = logLines.filter((line) => line.msg === 'http request').length;
  logLines.length = 0;
  expect(requests).toBeGreaterThan(0); // the log was captured at all
  expect(loud).toEqual([]);
});

async function badInput(query: string, variables?: Record<string, unknown>) {
  const error = await errorOf(server.url, query, { variables });
  expect(error.status).toBe(200);
  expect(error.code).toBe('BAD_USER_INPUT');
  return error;
}

describe('operations the schema cannot execute', () => {
  for (const operation of ['mutation { deleteEverything }', 'subscription { events }', 'query Q { pipeline { watermark } } mutation M { x }']) {
    it(`"${operation}" is refused with 400 GRAPHQL_VALIDATION_FAILED`, async () => {
      const result = await gql(server.url, operation, { headers: { accept: 'application/graphql-response+json' } });
      expect(result.status).toBe(400);
      const error = result.body.errors?.[0];
      expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error?.message).toMatch(/read-only and has no (mutation|subscription) operations/);
      expect(result.body.data).toBeUndefined();
    });
  }

  it('a mutation sent as GET is refused as well, not executed', async () => {
    const result = await gql(server.url, 'mutation { deleteEverything }', { method: 'GET' });
    expect([400, 405]).toContain(result.status);
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']).toContain(result.body.errors?.[0]?.extensions?.code);
  });
});

describe('string arguments with control characters or of absurd length', () => {
  const cases: [string, string, string][] = [
    ['filter.eventType', `{ events(filter: { ${WINDOW}, eventType: "a\\u0000b" }) { totalCount } }`, 'U+0000'],
    ['filter.userName', `{ events(filter: { ${WINDOW}, userName: "a\\u0000b" }) { totalCount } }`, 'U+0000'],
    ['filter.eventType', `{ eventCounts(filter: { ${WINDOW}, eventType: "DHCP\\u0007ACK" }, bucket: HOUR) { count } }`, 'U+0007'],
    ['name', `{ user(name: "alice\\u0000", ${WINDOW}) { aliases } }`, 'U+0000'],
    ['name', `{ user(name: "al\\u009bice", ${WINDOW}) { attributions { ip } } }`, 'U+009B'],
  ];
  for (const [argument, query, found] of cases) {
    it(`${argument} with ${found} is BAD_USER_INPUT naming the argument (${query.slice(2, 12)}…)`, async () => {
      const error = await badInput(query);
      expect(error.extensions.argument).toBe(argument);
      expect(error.message).toContain(`Argument "${argument}"`);
      expect(error.message).toContain(found);
    });
  }

  it('the same checks apply to variables, including a lone surrogate', async () => {
    const query = 'query($f: EventFilter!) { events(filter: $f) { totalCount } }';
    const window = { from: '2026-11-20T00:00:00Z', to: '2026-11-20T23:00:00Z' };
    const nul = await badInput(query, { f: { ...window, userName: 'CORP\\\u0000alice' } });
    expect(nul.extensions.argument).toBe('filter.userName');
    const surrogate = await badInput(query, { f: { ...window, eventType: 'DHCP\ud800' } });
    expect(surrogate.extensions.argument).toBe('filter.eventType');
    expect(surrogate.message).toContain('U+D800');
  });

  it('over-long and empty text is refused with the limit in the message', async () => {
    const long = await badInput(`{ events(filter: { ${WINDOW}, eventType: "${'x'.repeat(257)}" }) { totalCount } }`);
    expect(long.extensions.argument).toBe('filter.eventType');
    expect(long.message).toMatch(/1 to 256 characters, got 257/);
    const blank = await badInput(`{ user(name: "   ", ${WINDOW}) { aliases } }`);
    expect(blank.extensions.argument).toBe('name');
  });

  it('ordinary text still answers (non-ASCII included)', async () => {
    const result = await data<{ events: { totalCount: number }; user: { aliases: string[] } }>(
      server.url,
      `{ events(filter: { ${WINDOW}, eventType: "DHCPINFORM" }) { totalCount } user(name: "Älice", ${WINDOW}) { aliases } }`,
    );
    expect(result.events.totalCount).toBe(1);
    expect(result.user.aliases).toEqual([]);
  });

  it('a forged cursor that decodes to control characters or an impossible instant is BAD_USER_INPUT for "after"', async () => {
    const key = { timestamp: Date.parse('2026-11-20T10:00:00Z'), source: 'dhcp', landingObject: 'landing/x.log', lineNumber: 1, eventType: 'DHCPACK' };
    for (const forged of [{ ...key, eventType: 'a\u0000b' }, { ...key, landingObject: 'x\u0000' }, { ...key, timestamp: 8.64e15 + 1 }, { ...key, timestamp: 1e300 }]) {
      const error = await badInput(`{ events(filter: { ${WINDOW} }, after: "${encodeCursor(forged)}") { totalCount } }`);
      expect(error.extensions.argument).toBe('after');
      expect(error.message).toMatch(/is not a cursor issued by this server/);
    }
  });
});

describe('DateTime accepts RFC 3339 years 0001–9999 only', () => {
  for (const text of ['+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:00:00-05:00']) {
    it(`"${text}" is BAD_USER_INPUT naming the argument`, async () => {
      const error = await badInput(`{ whoHad(ip: "10.0.0.5", at: "${text}") { ip } }`);
      expect(error.extensions.argument).toBe('at');
      expect(error.message).toContain(`Argument "at": "${text}" is not an ISO 8601 date-time with a year from 0001 to 9999`);
    });
  }

  it('an extended year in a window variable names filter.to', async () => {
    const query = 'query($f: EventFilter!) { events(filter: $f) { totalCount } }';
    const error = await badInput(query, { f: { from: '2026-11-20T00:00:00Z', to: '+275760-09-13T00:00:00Z' } });
    expect(error.extensions.argument).toBe('filter.to');
  });

  it('the first and last instants of the range are answered (empty, since the lake holds 2026)', async () => {
    const result = await data<{ first: unknown[]; last: unknown[]; early: { attributions: unknown[] } }>(
      server.url,
      `{ first: whoHad(ip: "10.0.0.5", at: "0001-01-01T00:00:00Z") { ip }
         last: whoHad(ip: "10.0.0.5", at: "9999-12-31T23:59:59.999Z") { ip }
         early: ip(address: "10.0.0.5", from: "0001-01-01T00:00:00Z", to: "0001-01-02T00:00:00Z") { attributions { ip } } }`,
    );
    expect(result.first).toEqual([]);
    expect(result.early.attributions).toEqual([]);
    // 10.0.0.5 has no open interval in the fixture, so nothing is held at the end of time either.
    expect(result.last).toEqual([]);
  });
});
