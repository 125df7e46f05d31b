import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';

/** GraphQL answers are never cacheable (they follow the lake), whatever the outcome. */
describe('GraphQL response headers', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-headers-'));
    server = await startServer({ lake: path.join(dir, 'lake'), port: 0, cacheDir: path.join(dir, 'cache') });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const post = (query: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

  it('say no-store on answers, input errors and validation errors', async () => {
    const ok = await post('{ whoHad(ip: "10.0.0.1", at: "2026-11-28T09:00:00Z") { userName } }');
    expect(await ok.json()).toEqual({ data: { whoHad: [] } });
    const bad = await post('{ whoHad(ip: "nope", at: "2026-11-28T09:00:00Z") { userName } }');
    const body = (await bad.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const invalid = await post('{ nothing }');
    expect(invalid.status).toBe(400);
    for (const res of [ok, bad, invalid]) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
