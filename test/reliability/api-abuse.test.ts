import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/storage/local.js';
import { Engine, fixtureEvents, fixtureIntervals, writeGold } from '../gateway/gold-fixture.js';
import { abuseCatalogue, API_KEY, burst, GOOD_ANSWER, GOOD_QUERY, mismatch, send, startServerChild, type ServerChild } from './api-abuse.js';

/**
 * API abuse against the gateway in its own process, with API keys set (10,000-request burst:
 * scripts/reliability/api-abuse.ts). Every bad request gets its status and code; afterwards the server still
 * answers /health and a good query correctly, and its heap is back near where it started.
 */
const BURST = Number(process.env.RELIABILITY_BURST ?? 2_000);
/** Heap growth allowed after the burst and a full GC: caches (parsed documents, metrics labels) may keep a little. */
const HEAP_SLACK_BYTES = 32 * 1024 * 1024;

let dir: string;
let server: ServerChild;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-abuse-'));
  const engine = await Engine.create({ threads: 1 });
  try {
    await writeGold(new LocalStore(path.join(dir, 'lake')), engine, fixtureIntervals(), fixtureEvents());
  } finally {
    await engine.close();
  }
  server = await startServerChild({ lake: path.join(dir, 'lake'), apiKeys: [API_KEY], cacheDir: path.join(dir, 'cache') });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const good = (): Promise<{ status: number; body: string }> =>
  send(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: GOOD_QUERY }) });

describe('API abuse', () => {
  it('each bad request gets the right status and code, and refused ones carry no data', async () => {
    const cases = abuseCatalogue();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const problems: string[] = [];
    for (const c of cases) {
      const problem = mismatch(c, await send(server.url, c.request));
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });

  it(`survives a burst of ${BURST} bad requests: right answers throughout, healthy after, heap back near its start`, async () => {
    for (let i = 0; i < 20; i += 1) expect((await good()).status).toBe(200);
    const before = await server.memory();
    const figures = await burst(server.url, abuseCatalogue(), BURST, 32);
    expect(figures.firstProblems).toEqual([]);
    expect(figures.requests).toBe(BURST);
    expect(figures.wrong).toBe(0);

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const answer = await good();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: GOOD_ANSWER });
    const after = await server.memory();
    expect(after.heapUsed).toBeLessThan(before.heapUsed + HEAP_SLACK_BYTES);
  }, 300_000);
});
