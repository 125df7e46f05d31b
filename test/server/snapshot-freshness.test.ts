import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleEmbeddedEtl } from '../../src/cli/embedded-etl.js';
import { ingestFiles } from '../../src/etl/landing.js';
import type { RunSummary } from '../../src/etl/summary.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { LocalFileCache } from '../../src/storage/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { DeltaTable } from '../../src/table/index.js';
import { silentLogger } from '../../src/util/log.js';
import { iseFixtures } from '../etl/helpers.js';

/** The gateway's bounded snapshot freshness, seen through HTTP and the `pipeline` report, on an injected clock. */
describe('gateway snapshot max age', () => {
  let dir: string;
  let server: RunningServer | undefined;
  let clock = Date.parse('2026-11-28T09:00:00Z');
  const now = (): number => clock;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function lakeWithGold(): Promise<{ store: LocalStore; events: DeltaTable }> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-freshness-'));
    const store = new LocalStore(path.join(dir, 'lake'));
    const events = await DeltaTable.create(store, ipLookupGold);
    await DeltaTable.create(store, ipAttributionGold);
    return { store, events };
  }

  const start = (store: LocalStore, options: Partial<ServerOptions>): Promise<RunningServer> =>
    startServer({ store, port: 0, cacheDir: path.join(dir, 'cache'), now, ...options });

  async function pipeline(url: string): Promise<{
    snapshotMaxAgeSeconds: number;
    tables: { name: string; version: number | null; snapshotCheckedAt: string | null }[];
  }> {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ pipeline { snapshotMaxAgeSeconds tables { name version snapshotCheckedAt } } }' }),
    });
    const body = (await res.json()) as { data: { pipeline: Awaited<ReturnType<typeof pipeline>> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data.pipeline;
  }
  const eventsTable = (p: Awaited<ReturnType<typeof pipeline>>) => p.tables.find((t) => t.name === 'ip_lookup_gold');

  it('shows a commit only once the max age has passed, and says when each table was checked', async () => {
    const { store, events } = await lakeWithGold();
    const startedAt = clock;
    server = await start(store, { snapshotMaxAgeMs: 1000 });
    expect(await pipeline(server.url)).toEqual({
      snapshotMaxAgeSeconds: 1,
      tables: [
        { name: 'ip_lookup_gold', version: 0, snapshotCheckedAt: new Date(startedAt).toISOString() },
        { name: 'ip_attribution_gold', version: 0, snapshotCheckedAt: new Date(startedAt).toISOString() },
      ],
    });

    await events.commit({ operation: 'WRITE' }, { readVersion: 0 });
    clock += 999;
    expect(eventsTable(await pipeline(server.url))).toEqual({ name: 'ip_lookup_gold', version: 0, snapshotCheckedAt: new Date(startedAt).toISOString() });
    clock += 1;
    expect(eventsTable(await pipeline(server.url))).toEqual({ name: 'ip_lookup_gold', version: 1, snapshotCheckedAt: new Date(clock).toISOString() });
  });

  it('with max age 0 shows a commit to the next request, without the clock moving', async () => {
    const { store, events } = await lakeWithGold();
    server = await start(store, { snapshotMaxAgeMs: 0 });
    expect(eventsTable(await pipeline(server.url))?.version).toBe(0);
    await events.commit({ operation: 'WRITE' }, { readVersion: 0 });
    expect(eventsTable(await pipeline(server.url))?.version).toBe(1);
    expect((await pipeline(server.url)).snapshotMaxAgeSeconds).toBe(0);
  });

  it('shows the embedded ETL’s commits at once, however long the max age', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-freshness-'));
    const store = new LocalStore(path.join(dir, 'lake'));
    const cache = new LocalFileCache({ dir: path.join(dir, 'etl-cache'), maxBytes: 64 * 1024 ** 2 });
    // An empty lake and a clock that never moves: without the refresh after the run, "no table" stays pinned.
    server = await start(store, { snapshotMaxAgeMs: 3_600_000 });
    const query = '{ whoHad(ip: "10.33.250.89", at: "2014-08-07T07:00:20.554Z") { userName mac } }';
    const ask = async (): Promise<unknown> => {
      const res = await fetch(`${(server as RunningServer).url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return res.json();
    };
    expect(await ask()).toEqual({ data: { whoHad: [] } });

    await ingestFiles(store, 'ise', iseFixtures.slice(0, 1));
    let ran: (outcome: { summary: RunSummary } | { error: Error }) => void = () => undefined;
    const firstRun = new Promise<{ summary: RunSummary } | { error: Error }>((resolve) => (ran = resolve));
    const schedule = scheduleEmbeddedEtl('1h', { store, cache, logger: silentLogger, server, afterRun: ran });
    try {
      const outcome = await firstRun;
      if ('error' in outcome) throw outcome.error;
      expect(outcome.summary.status).toBe('completed');
      expect(await ask()).toEqual({ data: { whoHad: [{ userName: 'frsung', mac: '10:68:3f:75:35:0c' }] } });
    } finally {
      await schedule.stop();
      await cache.close();
    }
  });
});
