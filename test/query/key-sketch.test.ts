import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, sqlString } from '../../src/engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { normalizeUser } from '../../src/parsers/normalize/index.js';
import { QueryLayer, type EntityKind, type QuerySession, type ScanEvent } from '../../src/query/index.js';
import { CHUNK_ROWS, hashExpression, KeySketch } from '../../src/query/memory/key-sketch.js';
import { LocalStore } from '../../src/storage/local.js';
import { memoryAndOracle, type MemoryAndOracle } from './memory-oracle.js';
import { appendRows, DAY0, HOUR, partitionOf } from '../gateway/gold-fixture.js';
import { randomInt, seededRandom } from '../helpers/random.js';

/**
 * Key sketches let the memory index hold only the chunks (row groups) of a file that can hold a key. They must
 * never rule out a chunk that holds it: files here are several chunks long (sorted by IP, as gold is), and
 * answers from a layer that keeps only candidate chunks are compared whole with DuckDB's (the oracle).
 */

const random = seededRandom(77);
const IPS = Array.from({ length: 400 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.${(i * 7) % 250}`);
const MACS = Array.from({ length: 300 }, (_, i) => `aa:bb:cc:03:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`);
const USERS = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? `CORP\\user${i}` : `user${i}`));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const keyOf = (name: string | null): string | null => (name === null ? null : normalizeUser(name)?.key ?? null);
/** Two hours, about 4 chunks each. */
const EVENTS = 2 * 4 * CHUNK_ROWS - 300;

describe('key sketch', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.create({ threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('never rules out a chunk holding a key, and rules out most chunks for an absent key', async () => {
    const values = Array.from({ length: 5 * CHUNK_ROWS + 17 }, (_, i) => `key-${Math.floor(i / 3)}`);
    const list = `[${values.map(sqlString).join(', ')}]::VARCHAR[]`;
    const [row] = await engine.query<{ h: number[] }>(
      `SELECT list(${hashExpression('v')} ORDER BY i) AS h FROM (SELECT unnest(${list}) AS v, generate_subscripts(${list}, 1) AS i)`,
    );
    const hashes = (row?.h ?? []).map(Number);
    expect(hashes).toHaveLength(values.length);
    const sketch = KeySketch.build([hashes, hashes, hashes]);
    expect(sketch.chunks).toBe(6);
    values.forEach((_, i) => {
      expect(sketch.candidates('mac', [hashes[i] as number])).toContain(Math.floor(i / CHUNK_ROWS));
    });
    const [absent] = await engine.query<{ h: number }>(`SELECT ${hashExpression("'not-a-key'")} AS h`);
    expect(sketch.candidates('user', [Number(absent?.h)]).length).toBeLessThanOrEqual(1);
  });
});

describe('memory index keeps only the chunks a key needs', () => {
  let dir: string;
  let engine: Engine;
  let memory: QueryLayer;
  let oracle: QueryLayer;
  let scans: ScanEvent[];
  let same: MemoryAndOracle['same'];
  const window = { from: DAY0, to: DAY0 + 2 * HOUR - 1 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-sketch-'));
    engine = await Engine.create({ threads: 1 });
    const store = new LocalStore(dir);
    const events = Array.from({ length: EVENTS }, (_, i) => {
      const timestamp = DAY0 + randomInt(random, 0, 2 * 60 - 1) * 60_000 + randomInt(random, 0, 3) * 250;
      const userName = random() < 0.3 ? null : pick(USERS);
      return {
        partition: partitionOf(timestamp),
        row: [timestamp, pick(IPS), random() < 0.2 ? null : pick(MACS), userName, keyOf(userName), 'RADIUS_START',
          'ise_radius', null, `s-${i}`, 'ise_bronze', 'landing/a.log', i + 1] as (string | number | null)[],
      };
    });
    await appendRows(store, engine, ipLookupGold, events);
    const intervals = Array.from({ length: 3 * CHUNK_ROWS }, (_, i) => {
      const start = DAY0 + randomInt(random, 0, 100) * 60_000;
      const userName = random() < 0.4 ? null : pick(USERS);
      return {
        partition: partitionOf(start),
        row: [`iv-${i}`, pick(IPS), pick(MACS), userName, keyOf(userName), null, 'dhcp', start, start + 600_000, 'expire', 1,
          null, null, 'landing/x.log', 1] as (string | number | null)[],
      };
    });
    await appendRows(store, engine, ipAttributionGold, intervals);
    ({ memory, oracle, scans, same } = memoryAndOracle(store, engine));
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function report(q: QuerySession, kind: EntityKind, value: string) {
    return Promise.all([q.attributions(kind, value, window), q.related(kind, value, window), q.entityEvents(kind, value, window, { first: 5 })]);
  }

  it('answers IP, MAC and user questions as DuckDB does, from a few chunks', async () => {
    await same((q) => report(q, 'ip', IPS[0] as string));
    // Gold is sorted by IP: one IP needs one chunk (rarely two) of each 2–4-chunk file; the rest stayed on disk.
    expect(memory.memoryStats()?.rows).toBeLessThan(0.75 * (EVENTS + 3 * CHUNK_ROWS));
    let found = 0;
    for (const [kind, values] of [['ip', IPS.slice(0, 12)], ['mac', MACS.slice(0, 8)], ['user', USERS.slice(0, 8)]] as [EntityKind, string[]][]) {
      for (const value of values) {
        const [attributions, , page] = await same((q) => report(q, kind, value));
        found += attributions.length + page.totalCount;
      }
      // A batch of keys in one tick: the union of their chunks.
      await same((q) => Promise.all(values.map((v) => q.related(kind, v, window))));
    }
    await same((q) => q.countEvents({ ...window, mac: MACS[3] as string }));
    await same((q) => q.events({ ...window, userName: USERS[4] as string }, { first: 10 }));
    // A key no row holds: no chunk is a candidate.
    await same((q) => report(q, 'mac', 'ff:ff:ff:ff:ff:ff'));
    expect(found).toBeGreaterThan(100);
    expect(scans.filter((s) => s.engine === 'duckdb')).toEqual([]);
    const stats = memory.memoryStats();
    expect(stats?.sketches).toBeGreaterThan(0);
  });

  it('answers a whole-window question from all chunks', async () => {
    const count = await same((q) => q.countEvents(window));
    expect(count).toBe(EVENTS);
    await same((q) => q.events(window, { first: 30 }));
  });
});
