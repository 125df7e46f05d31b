import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { LocalStore } from '../../src/storage/local.js';
import type { ObjectInfo } from '../../src/storage/types.js';
import { DeltaTable } from '../../src/table/index.js';
import type { LogFields, Logger } from '../../src/util/log.js';
import { fixtureEvents, fixtureIntervals, partitionOf, writeGold } from '../gateway/gold-fixture.js';

/** A real local store that remembers which keys were read and listed, so a test can tell when a table was opened. */
class RecordingStore extends LocalStore {
  readonly touched: string[] = [];
  failing = false;

  override async get(key: string): Promise<Uint8Array> {
    if (this.failing) throw new Error(`store unavailable (reading ${key})`);
    this.touched.push(key);
    return super.get(key);
  }

  override async head(key: string): Promise<ObjectInfo | undefined> {
    if (this.failing) throw new Error(`store unavailable (head ${key})`);
    this.touched.push(key);
    return super.head(key);
  }

  override async *list(prefix: string): AsyncIterable<ObjectInfo> {
    if (this.failing) throw new Error(`store unavailable (listing ${prefix})`);
    this.touched.push(`${prefix}*`);
    yield* super.list(prefix);
  }
}

function recordingLogger(): Logger & { warnings: { msg: string; fields?: LogFields }[] } {
  const warnings: { msg: string; fields?: LogFields }[] = [];
  const logger = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (msg: string, fields?: LogFields) => void warnings.push({ msg, fields }),
    error: (msg: string, fields?: LogFields) => void warnings.push({ msg, fields }),
    child: () => logger,
  };
  return logger;
}

describe('gateway warm-up at start', () => {
  let dir: string | undefined;
  let server: RunningServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens both gold tables before listening, so the first request reads no log from scratch', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-warm-'));
    const store = new RecordingStore(path.join(dir, 'lake'));
    await DeltaTable.create(store, ipLookupGold);
    await DeltaTable.create(store, ipAttributionGold);
    store.touched.length = 0;
    const logger = recordingLogger();

    server = await startServer({ store, port: 0, cacheDir: path.join(dir, 'cache'), logger });
    const firstCommit = (root: string) => `${root}/_delta_log/00000000000000000000.json`;
    for (const root of ['gold/ip_lookup_gold', 'gold/ip_attribution_gold']) {
      expect(store.touched).toContain(firstCommit(root));
    }
    expect(logger.warnings.filter((w) => w.msg.includes('warm') || w.msg.includes('gold tables'))).toEqual([]);

    store.touched.length = 0;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ whoHad(ip: "10.0.0.1", at: "2026-11-28T09:00:00Z") { userName } }' }),
    });
    expect(await res.json()).toEqual({ data: { whoHad: [] } });
    // The open tables only look for a newer commit; nobody re-reads commit 0 or lists the log.
    expect(store.touched.filter((k) => k.endsWith('00000000000000000000.json') || k.endsWith('*'))).toEqual([]);
  });

  it('loads the newest hour of both gold tables into the memory index, and nothing older', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-warm-'));
    const store = new LocalStore(path.join(dir, 'lake'));
    const engine = await Engine.create({ threads: 1 });
    try {
      const events = fixtureEvents();
      await writeGold(store, engine, fixtureIntervals(), events);
      const newest = events.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
      const hour = partitionOf(newest.timestamp);
      const lookup = await DeltaTable.open(store, ipLookupGold);
      const attribution = await DeltaTable.open(store, ipAttributionGold);
      const expected = lookup.snapshot().filesInPartition(hour).length + attribution.snapshot().filesInPartition(hour).length;
      expect(lookup.snapshot().files.length).toBeGreaterThan(lookup.snapshot().filesInPartition(hour).length);
      expect(attribution.snapshot().filesInPartition(hour).length).toBeGreaterThan(0);

      const logger = recordingLogger();
      server = await startServer({ store, port: 0, cacheDir: path.join(dir, 'cache'), logger });
      expect(logger.warnings.filter((w) => w.msg.includes('warm') || w.msg.includes('gold tables'))).toEqual([]);
      const before = server.queryLayer.memoryStats();
      expect(before?.files).toBe(expected);

      // A question about that hour is answered from the resident files: nothing more is loaded.
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ whoHad(ip: "${newest.ip}", at: "${new Date(newest.timestamp).toISOString()}") { ip } }` }),
      });
      const body = (await res.json()) as { data: { whoHad: { ip: string }[] } };
      expect(body.data.whoHad.map((w) => w.ip)).toContain(newest.ip);
      expect(server.queryLayer.memoryStats()?.loads).toBe(before?.loads);
    } finally {
      await engine.close();
    }
  });

  it('starts on a lake it cannot read yet, logs why, and answers once the lake is back', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-warm-'));
    const store = new RecordingStore(path.join(dir, 'lake'));
    await DeltaTable.create(store, ipLookupGold);
    await DeltaTable.create(store, ipAttributionGold);
    store.failing = true;
    const logger = recordingLogger();

    server = await startServer({ store, port: 0, cacheDir: path.join(dir, 'cache'), logger });
    expect(logger.warnings.map((w) => w.msg)).toContain('could not open the gold tables at start-up; requests will retry');
    expect(JSON.stringify(logger.warnings)).toContain('store unavailable');

    store.failing = false;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ whoHad(ip: "10.0.0.1", at: "2026-11-28T09:00:00Z") { userName } }' }),
    });
    expect(await res.json()).toEqual({ data: { whoHad: [] } });
  });
});
