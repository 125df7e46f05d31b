/**
 * The full API-abuse run: the gateway in its own process with API keys; every catalogued bad request once, then a
 * burst of 10,000 at 64 in flight; then /health, a good query and the server's memory; then a second burst.
 *   node --import tsx scripts/reliability/api-abuse.ts [--burst 10000] [--concurrency 64]
 * Figures go to bench/results/reliability.json ("apiAbuse").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../src/storage/local.js';
import { Engine, fixtureEvents, fixtureIntervals, writeGold } from '../../test/gateway/gold-fixture.js';
import { abuseCatalogue, API_KEY, burst, GOOD_ANSWER, GOOD_QUERY, mismatch, send, startServerChild } from '../../test/reliability/api-abuse.js';
import { numberFlag, saveSection } from './results.js';

const count = numberFlag('burst', 10_000);
const concurrency = numberFlag('concurrency', 64);
const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-abuse-script-'));
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
try {
  const engine = await Engine.create({ threads: 1 });
  await writeGold(new LocalStore(path.join(dir, 'lake')), engine, fixtureIntervals(), fixtureEvents());
  await engine.close();
  const server = await startServerChild({ lake: path.join(dir, 'lake'), apiKeys: [API_KEY], cacheDir: path.join(dir, 'cache') });
  try {
    const good = () => send(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: GOOD_QUERY }) });
    const cases = abuseCatalogue();
    const single = [];
    for (const c of cases) single.push(mismatch(c, await send(server.url, c.request)));
    for (let i = 0; i < 20; i += 1) await good();
    const before = await server.memory();
    const figures = await burst(server.url, cases, count, concurrency);
    const health = await fetch(`${server.url}/health`);
    const answer = await good();
    const after = await server.memory();
    // A second burst tells retention (RSS the allocator keeps after the first) from a leak (growth every burst).
    const again = await burst(server.url, cases, count, concurrency);
    const afterSecond = await server.memory();
    const result = {
      cases: cases.length,
      caseNames: cases.map((c) => `${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''}`),
      singleMismatches: single.filter((m) => m !== undefined),
      burst: figures,
      requestsPerSecond: Math.round((figures.requests * 1000) / figures.wallMs),
      afterwards: {
        health: health.status,
        goodQueryCorrect: answer.status === 200 && JSON.stringify(JSON.parse(answer.body)) === JSON.stringify({ data: GOOD_ANSWER }),
      },
      memoryMB: {
        before: { rss: mb(before.rss), heapUsed: mb(before.heapUsed) },
        after: { rss: mb(after.rss), heapUsed: mb(after.heapUsed) },
        afterSecondBurst: { rss: mb(afterSecond.rss), heapUsed: mb(afterSecond.heapUsed), wrong: again.wrong },
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await saveSection('apiAbuse', `node --import tsx scripts/reliability/api-abuse.ts --burst ${count} --concurrency ${concurrency}`, result);
    if (result.singleMismatches.length > 0 || figures.wrong > 0 || again.wrong > 0 || health.status !== 200 || !result.afterwards.goodQueryCorrect) process.exitCode = 1;
  } finally {
    await server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
