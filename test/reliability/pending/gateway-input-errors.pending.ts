/**
 * PENDING (fails today): inputs a client controls that the gateway answers with INTERNAL_SERVER_ERROR (HTTP 200,
 * logged at error level with a stack) instead of a client error. Each one is a way to fill the error log on demand
 * and hides from the client what was wrong with its request.
 *
 * - `mutation { … }` / `subscription { … }`: the schema has neither root type; graphql-js fails at execution with
 *   "Schema is not configured to execute mutation operation", which has no code and is masked. Expected: HTTP 400
 *   with a client code (GRAPHQL_VALIDATION_FAILED or BAD_REQUEST).
 * - A NUL character in a filter string (`eventType`, `userName`): sqlString refuses NUL ("sql: a string literal cannot
 *   contain a NUL byte") deep in the query layer. Expected: BAD_USER_INPUT naming the argument.
 * - An ISO 8601 extended year (`+275760-09-13T00:00:00Z`, which the DateTime scalar accepts): the instant is out of
 *   JavaScript Date's range further down. Expected: BAD_USER_INPUT for `at` (as "275760-09-13T00:00:00Z" already gets).
 *
 * Run: npx vitest run --config test/reliability/pending/vitest.pending.config.ts gateway-input-errors
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/server/index.js';
import { LocalStore } from '../../../src/storage/local.js';
import { gql } from '../../gateway/client.js';
import { Engine, fixtureEvents, fixtureIntervals, writeGold } from '../../gateway/gold-fixture.js';

const WINDOW = 'from: "2026-11-20T00:00:00Z", to: "2026-11-20T23:00:00Z"';
let dir: string;
let engine: Engine;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-pending-gw-'));
  engine = await Engine.create({ threads: 1 });
  const store = new LocalStore(path.join(dir, 'lake'));
  await writeGold(store, engine, fixtureIntervals(), fixtureEvents());
  server = await startServer({ store, port: 0, engine, cacheDir: path.join(dir, 'cache') });
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('client mistakes get client errors, not INTERNAL_SERVER_ERROR', () => {
  for (const operation of ['mutation { deleteEverything }', 'subscription { events }']) {
    it(`${operation.split(' ')[0]} operations are refused with 400`, async () => {
      const result = await gql(server.url, operation);
      expect(result.status).toBe(400);
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']).toContain(result.body.errors?.[0]?.extensions?.code);
    });
  }

  for (const field of ['eventType', 'userName']) {
    it(`a NUL in filter.${field} is BAD_USER_INPUT`, async () => {
      const result = await gql(server.url, `{ events(filter: { ${WINDOW}, ${field}: "a\\u0000b" }) { totalCount } }`);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  }

  it('an ISO 8601 extended year is BAD_USER_INPUT (or an empty answer), not an internal error', async () => {
    const result = await gql(server.url, '{ whoHad(ip: "10.0.0.5", at: "+275760-09-13T00:00:00Z") { ip } }');
    expect(result.body.errors?.[0]?.extensions?.code ?? 'none').not.toBe('INTERNAL_SERVER_ERROR');
  });
});
