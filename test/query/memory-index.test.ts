import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { normalizeUser } from '../../src/parsers/normalize/index.js';
import { QueryLayer, type EntityKind, type EventFilter, type QuerySession, type ScanEvent } from '../../src/query/index.js';
import { ByteLru } from '../../src/query/memory/byte-lru.js';
import { LocalStore } from '../../src/storage/local.js';
import { memoryAndOracle, type MemoryAndOracle } from './memory-oracle.js';
import { appendRows, DAY0, HOUR, partitionOf } from '../gateway/gold-fixture.js';
import { randomInt, seededRandom } from '../helpers/random.js';

/**
 * The memory index must answer exactly what DuckDB answers. A generated gold lake (two commits, so partitions
 * hold several files; IPv4 and IPv6; null users and MACs; non-ASCII names; timestamp ties) is asked the same
 * questions through a layer with the index and one without it (the oracle), and the answers are compared whole.
 */

const random = seededRandom(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const IPS = [
  ...Array.from({ length: 24 }, (_, i) => `10.2.${i % 3}.${i + 1}`),
  '2001:db8::7', '2001:db8::1a', 'fe80::1', '192.168.0.255',
];
const MACS = Array.from({ length: 16 }, (_, i) => `aa:bb:cc:02:00:${i.toString(16).padStart(2, '0')}`);
const USERS = ['CORP\\alice', 'alice@corp.example', 'Bob', 'carol', 'zoë', 'Émile', 'dave', 'erin@corp.example'];
const SOURCES = ['dhcp', 'ise_auth', 'ise_posture', 'ise_radius', 'ise_profiler'];
const TYPES = ['DHCPACK', 'DHCPREQUEST', 'AUTH_PASSED', 'POSTURE', 'RADIUS_START'];
const OBJECTS = ['landing/a.log', 'landing/b.log', 'landing/é.log'];
const HOURS = 30;
const WATERMARK = DAY0 + (HOURS - 1) * HOUR + 40 * 60_000;
const keyOf = (name: string | null): string | null => (name === null ? null : normalizeUser(name)?.key ?? null);
const iso = (t: number): string => new Date(t).toISOString();

type Row = (string | number | null)[];

function generatedEvents(count: number, lineBase: number): { partition: { dt: string; hr: string }; row: Row }[] {
  const rows: { partition: { dt: string; hr: string }; row: Row }[] = [];
  let line = lineBase;
  for (let i = 0; i < count; i += 1) {
    // Timestamps on a coarse grid, so many events share one (ties are broken by the rest of the key).
    const timestamp = DAY0 + randomInt(random, 0, HOURS * 60 - 1) * 60_000 + (random() < 0.2 ? 0 : randomInt(random, 0, 2) * 250);
    const userName = random() < 0.4 ? null : pick(USERS);
    line += random() < 0.15 ? 0 : 1; // some lines yield two events (different types)
    const types = random() < 0.15 ? TYPES.slice(0, 2) : [pick(TYPES)];
    for (const eventType of types) {
      rows.push({
        partition: partitionOf(timestamp),
        row: [timestamp, random() < 0.05 ? null : pick(IPS), random() < 0.3 ? null : pick(MACS), userName, keyOf(userName),
          eventType, pick(SOURCES), random() < 0.5 ? null : `host-${randomInt(random, 1, 9)}`, random() < 0.5 ? null : `s-${i}`,
          'dhcp_bronze', pick(OBJECTS), line],
      });
    }
  }
  return rows;
}

function generatedIntervals(count: number, prefix: string): { partition: { dt: string; hr: string }; row: Row }[] {
  const rows: { partition: { dt: string; hr: string }; row: Row }[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = DAY0 + randomInt(random, 0, HOURS * 60 - 1) * 60_000;
    const end = random() < 0.15 ? null : start + randomInt(random, 1, 300) * 60_000;
    const userName = random() < 0.4 ? null : pick(USERS);
    const last = end === null ? WATERMARK : end - 1;
    // Every hour the interval overlaps holds the same copy.
    const row: Row = [`${prefix}-${i}`, pick(IPS), random() < 0.3 ? null : pick(MACS), userName, keyOf(userName), null,
      random() < 0.7 ? 'dhcp' : 'ise_radius', start, end, end === null ? 'open' : 'expire', randomInt(random, 1, 5),
      null, userName ? 'ise_auth' : null, 'landing/x.log', 1];
    for (let h = Math.floor(start / HOUR) * HOUR; h <= Math.min(last, WATERMARK); h += HOUR) rows.push({ partition: partitionOf(h), row });
  }
  return rows;
}

describe('memory index answers as DuckDB does', () => {
  let dir: string;
  let engine: Engine;
  let memory: QueryLayer;
  let oracle: QueryLayer;
  let scans: ScanEvent[];
  let same: MemoryAndOracle['same'];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-memory-'));
    engine = await Engine.create({ threads: 1 });
    const store = new LocalStore(dir);
    // Two commits per table: partitions hold two files each, so answers merge rows across files.
    for (const batch of [0, 1]) {
      await appendRows(store, engine, ipLookupGold, generatedEvents(1500, batch * 100_000));
      await appendRows(store, engine, ipAttributionGold, generatedIntervals(120, `iv${batch}`));
    }
    ({ memory, oracle, scans, same } = memoryAndOracle(store, engine));
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const windows = [
    { from: DAY0 + 10 * HOUR + 17 * 60_000 + 456, to: DAY0 + 13 * HOUR + 2 * 60_000 + 1 }, // cuts inside hours
    { from: DAY0, to: DAY0 + 24 * HOUR - 1 },
    { from: DAY0 + 20 * HOUR, to: DAY0 + 40 * HOUR }, // reaches past the watermark
    { from: DAY0 + 5 * HOUR + 30 * 60_000, to: DAY0 + 5 * HOUR + 30 * 60_000 }, // one instant
  ];
  const entities: [EntityKind, string][] = [
    ['ip', '2001:db8::7'], ['ip', '10.2.0.1'], ['ip', '10.9.9.9'],
    ['mac', MACS[7] as string], ['mac', 'aa:bb:cc:ff:ff:ff'],
    ['user', 'ALICE'], ['user', 'zoë'], ['user', 'nobody'],
  ];

  it('whoHad and attributions, batched and alone, at instants and over windows', async () => {
    let found = 0;
    for (let i = 0; i < 40; i += 1) {
      const t = DAY0 + randomInt(random, 0, (HOURS + 12) * 60) * 60_000 + randomInt(random, 0, 59_999);
      const answer = await same((q) => Promise.all(IPS.map((ip) => q.whoHad(ip, t))));
      found += answer.flat().length;
    }
    for (const window of windows) {
      for (const kind of ['ip', 'mac', 'user'] as const) {
        const values = kind === 'ip' ? IPS : kind === 'mac' ? MACS : USERS;
        found += (await same((q) => Promise.all(values.map((v) => q.attributions(kind, v, window))))).flat().length;
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it('related neighbours and first pages of entity events (the digest)', async () => {
    let total = 0;
    for (const window of windows) {
      for (const [kind, value] of entities) {
        const [related, page] = await same((q) => Promise.all([q.related(kind, value, window), q.entityEvents(kind, value, window, { first: 4 })]));
        total += page.totalCount + related.ips.length;
      }
      // Many keys in one tick: one batch for all of them.
      await same((q) => Promise.all(IPS.map((ip) => q.related('ip', ip, window))));
    }
    expect(total).toBeGreaterThan(100);
  });

  it('pages through entity events with cursors', async () => {
    const window = windows[1] as (typeof windows)[number];
    for (const [kind, value] of [['ip', '10.2.0.1'], ['user', 'alice'], ['mac', MACS[3] as string]] as [EntityKind, string][]) {
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        // A session per page, as a client paging through requests would have.
        const page = await same((q) => q.entityEvents(kind, value, window, { first: 20, after }));
        pages += 1;
        if (!page.hasNextPage) break;
        after = page.endCursor ?? undefined;
      }
      expect(pages).toBeGreaterThan(2);
    }
  });

  it('filtered events, counts, hourly and daily buckets, with cursors and empty pages', async () => {
    const filters: EventFilter[] = windows.slice(0, 3).flatMap((w) => [
      { ...w },
      { ...w, ip: '2001:db8::7' },
      { ...w, mac: MACS[5] as string },
      { ...w, userName: 'Alice@Corp.Example' },
      { ...w, source: 'ise_radius' },
      { ...w, eventType: 'DHCPACK', source: 'dhcp' },
      { ...w, ip: '10.2.1.2', userName: 'bob' },
      { ...w, ip: '10.9.9.9' },
    ]);
    let seen = 0;
    for (const filter of filters) {
      const count = await same((q) => q.countEvents(filter));
      seen += count;
      await same((q) => q.eventCounts(filter, 'hour'));
      await same((q) => q.eventCounts(filter, 'day'));
      await same((q) => q.events(filter, { first: 0 }));
      let after: string | undefined;
      let rows = 0;
      for (let i = 0; i < 3; i += 1) {
        const page = await same((q) => q.events(filter, { first: 25, after }));
        rows += page.edges.length;
        if (!page.hasNextPage) break;
        after = page.endCursor ?? undefined;
        await same((q) => q.events(filter, { first: 0, after }));
      }
      expect(rows).toBe(Math.min(count, 75));
    }
    expect(seen).toBeGreaterThan(1000);
  });

  it('answered from memory, not DuckDB', () => {
    expect(scans.length).toBeGreaterThan(50);
    expect(scans.filter((s) => s.engine === 'duckdb')).toEqual([]);
    const stats = memory.memoryStats();
    expect(stats?.loads).toBeGreaterThan(0);
    expect(stats?.bytes).toBeGreaterThan(0);
    expect(stats?.bytes).toBeLessThanOrEqual(stats?.maxBytes ?? 0);
  });

  it('answers a cold keyed question from its keys\' rows, then from the chunks loaded behind it', async () => {
    const fresh = new QueryLayer({ store: new LocalStore(dir), engine });
    const engines: string[] = [];
    fresh.instrumentation.onScan((e) => engines.push(e.engine));
    const window = windows[0] as (typeof windows)[number];
    const stats = () => fresh.memoryStats() ?? expect.fail('the memory index is on');
    for (const [kind, value] of [['ip', '10.2.0.1'], ['mac', MACS[7] as string], ['user', 'ALICE']] as [EntityKind, string][]) {
      const ask = (q: QuerySession) =>
        Promise.all([q.attributions(kind, value, window), q.related(kind, value, window), q.entityEvents(kind, value, window, { first: 5 })]);
      const before = stats();
      const [cold, expected] = await Promise.all([ask(fresh.session()), ask(oracle.session())]);
      expect(cold).toEqual(expected);
      expect(expected[2].totalCount).toBeGreaterThan(0);
      expect(stats().probes).toBeGreaterThan(before.probes);
      // The chunks load behind the answer; poll rather than sleep a fixed time.
      while (stats().backgroundPending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const loaded = stats();
      expect(loaded.loads).toBeGreaterThan(before.loads);
      expect(await ask(fresh.session())).toEqual(expected);
      // Answered from the resident chunks: no new read of either kind.
      expect(stats().probes).toBe(loaded.probes);
      expect(stats().loads).toBe(loaded.loads);
    }
    expect(engines.length).toBeGreaterThan(0);
    expect(engines.filter((e) => e !== 'memory')).toEqual([]);
  });

  it('loads chunks behind keyed questions only into free room: once full, it answers from their keys\' rows and evicts nothing', async () => {
    // Room for a few windows' chunks, not for the lake's: each window below is a few hours.
    const small = new QueryLayer({ store: new LocalStore(dir), engine, memoryIndexBytes: 400_000 });
    const stats = () => small.memoryStats() ?? expect.fail('the memory index is on');
    const keys: [EntityKind, string][] = [['ip', '10.2.1.5'], ['mac', MACS[3] as string], ['user', 'carol'], ['ip', '2001:db8::7']];
    let asked = 0;
    for (let hour = 0; hour + 3 <= HOURS; hour += 3) {
      const window = { from: DAY0 + hour * HOUR, to: DAY0 + (hour + 3) * HOUR - 1 };
      for (const [kind, value] of keys) {
        const ask = (q: QuerySession) => Promise.all([q.attributions(kind, value, window), q.entityEvents(kind, value, window, { first: 10 })]);
        const [answer, expected] = await Promise.all([ask(small.session()), ask(oracle.session())]);
        expect(answer).toEqual(expected);
        asked += 1;
        while (stats().backgroundPending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const end = stats();
    expect(asked).toBe(40);
    expect(end.loads).toBeGreaterThan(0);
    // It filled up (the whole lake would not fit), and still nothing was evicted to make room.
    expect(end.bytes).toBeGreaterThan(end.maxBytes / 2);
    expect(end.bytes).toBeLessThanOrEqual(end.maxBytes);
    expect(end.evictions).toBe(0);
  });

  it('falls back to DuckDB when the files would not fit its budget', async () => {
    const tiny = new QueryLayer({ store: new LocalStore(dir), engine, memoryIndexBytes: 1024 });
    const engines: string[] = [];
    tiny.instrumentation.onScan((e) => engines.push(e.engine));
    const window = windows[1] as (typeof windows)[number];
    const [a, b] = await Promise.all([tiny.session().attributions('ip', '10.2.0.1', window), oracle.session().attributions('ip', '10.2.0.1', window)]);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
    expect(engines).toEqual(['duckdb']);
    expect(tiny.memoryStats()?.fallbacks).toBe(1);
    expect(iso(window.from)).toBe('2026-11-20T00:00:00.000Z');
  });
});

describe('memory index warm-up', () => {
  it('answers a wide first question with DuckDB while its files load, then from memory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-memory-warm-'));
    const engine = await Engine.create({ threads: 1 });
    try {
      const store = new LocalStore(dir);
      await appendRows(store, engine, ipLookupGold, generatedEvents(300, 0));
      const layer = new QueryLayer({ store, engine, memoryIndexSyncLoadFiles: 2 });
      const engines: string[] = [];
      let files = 0;
      layer.instrumentation.onScan((e) => {
        engines.push(e.engine);
        files = e.files;
      });
      const filter = { from: DAY0, to: DAY0 + HOURS * HOUR };
      const first = await layer.session().countEvents(filter);
      expect(first).toBeGreaterThan(300);
      expect(engines).toEqual(['duckdb']);
      expect(layer.memoryStats()?.deferred).toBe(1);
      // The background loads finish; poll rather than sleep a fixed time.
      expect(files).toBeGreaterThan(2);
      while ((layer.memoryStats()?.backgroundPending ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(layer.memoryStats()?.files).toBeGreaterThanOrEqual(files);
      expect(await layer.session().countEvents(filter)).toBe(first);
      expect(engines).toEqual(['duckdb', 'memory']);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ByteLru', () => {
  it('evicts the least recently used entries beyond its byte budget', () => {
    const lru = new ByteLru<{ bytes: number; name: string }>(100);
    lru.set('a', { bytes: 40, name: 'a' });
    lru.set('b', { bytes: 40, name: 'b' });
    expect(lru.get('a')?.name).toBe('a'); // a is now younger than b
    lru.set('c', { bytes: 40, name: 'c' });
    expect(lru.peek('b')).toBeUndefined();
    expect(lru.peek('a')?.name).toBe('a');
    expect(lru.bytes).toBe(80);
    expect(lru.evictions).toBe(1);
    // An entry larger than the budget is kept alone (it was just asked for).
    lru.set('huge', { bytes: 500, name: 'huge' });
    expect(lru.size).toBe(1);
    expect(lru.peek('huge')?.name).toBe('huge');
  });
});
