import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, sqlString } from '../../src/engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { QueryLayer, type QuerySession, type ScanEvent } from '../../src/query/index.js';
import { CHUNK_ROWS } from '../../src/query/memory/key-sketch.js';
import { RowGroupRanges } from '../../src/query/memory/row-group-ranges.js';
import { LocalStore } from '../../src/storage/local.js';
import { memoryAndOracle, type MemoryAndOracle } from './memory-oracle.js';
import { appendRows, DAY0, HOUR, partitionOf } from '../gateway/gold-fixture.js';
import { randomInt, seededRandom } from '../helpers/random.js';

/**
 * An IP question picks its chunks from the row-group bounds in the Parquet footer (gold is sorted by IP) instead
 * of a key sketch. The bounds must never rule out a chunk holding the address, whatever the row-group size.
 */

const random = seededRandom(4242);
const IPS = [
  ...Array.from({ length: 300 }, (_, i) => `10.${i % 7}.${(i * 13) % 256}.${(i * 29) % 256}`),
  '2001:db8::7', '2001:db8::1a', 'fe80::1',
];

describe('row-group ranges from the Parquet footer', () => {
  let dir: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-ranges-'));
    engine = await Engine.create({ threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Row groups of the writer's size, and of sizes that do not line up with chunks.
  for (const rowGroupSize of [CHUNK_ROWS, 1000, 3000]) {
    it(`never rules out a chunk holding an address (row groups of ${rowGroupSize} rows)`, async () => {
      const file = path.join(dir, `sorted-${rowGroupSize}.parquet`);
      const values = Array.from({ length: 5 * CHUNK_ROWS + 123 }, () => IPS[randomInt(random, 0, IPS.length - 1)] as string);
      const list = `[${values.map(sqlString).join(', ')}]::VARCHAR[]`;
      await engine.query(
        `COPY (SELECT v AS IpAddress FROM (SELECT unnest(${list}) AS v) ORDER BY v)
         TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize})`,
      );
      const ranges = await RowGroupRanges.read(file, 'IpAddress');
      expect(ranges.rows).toBe(values.length);
      const rows = await engine.query<{ ip: string; n: bigint | number }>(
        `SELECT IpAddress AS ip, file_row_number AS n FROM read_parquet(${sqlString(file)}, file_row_number = true)`,
      );
      const chunksOf = new Map<string, Set<number>>();
      for (const r of rows) {
        const set = chunksOf.get(r.ip) ?? chunksOf.set(r.ip, new Set()).get(r.ip) as Set<number>;
        set.add(Math.floor(Number(r.n) / CHUNK_ROWS));
      }
      let pruned = 0;
      for (const [ip, chunks] of chunksOf) {
        const candidates = ranges.candidates([ip]);
        for (const c of chunks) expect(candidates).toContain(c);
        pruned += 6 - candidates.length;
      }
      // Sorted by IP, most addresses sit in one row group: most chunks are ruled out.
      expect(pruned / chunksOf.size).toBeGreaterThan(3);
      // Outside every bound: no chunk at all; several values: the union of their chunks.
      expect(ranges.candidates(['0.0.0.0', 'zzz'])).toEqual([]);
      const [a, b] = [...chunksOf.keys()].sort();
      expect(ranges.candidates([a as string, b as string])).toEqual(
        [...new Set([...ranges.candidates([a as string]), ...ranges.candidates([b as string])])].sort((x, y) => x - y),
      );
    });
  }

  it('reports a file that is not Parquet with its path', async () => {
    const file = path.join(dir, 'not-parquet.parquet');
    await engine.query(`COPY (SELECT 1 AS x) TO ${sqlString(file)} (FORMAT csv)`);
    await expect(RowGroupRanges.read(file, 'IpAddress')).rejects.toThrow(/not-parquet\.parquet/);
  });
});

describe('memory index answers IP questions from row-group bounds', () => {
  let dir: string;
  let engine: Engine;
  let memory: QueryLayer;
  let oracle: QueryLayer;
  let scans: ScanEvent[];
  let same: MemoryAndOracle['same'];
  const window = { from: DAY0, to: DAY0 + 2 * HOUR - 1 };
  const EVENTS = 2 * 4 * CHUNK_ROWS - 300;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-ranges-layer-'));
    engine = await Engine.create({ threads: 1 });
    const store = new LocalStore(dir);
    const events = Array.from({ length: EVENTS }, (_, i) => {
      const timestamp = DAY0 + randomInt(random, 0, 2 * 60 - 1) * 60_000;
      return {
        partition: partitionOf(timestamp),
        row: [timestamp, IPS[randomInt(random, 0, IPS.length - 1)] as string, null, null, null, 'DHCPACK', 'dhcp', null, null,
          'dhcp_bronze', 'landing/a.log', i + 1] as (string | number | null)[],
      };
    });
    await appendRows(store, engine, ipLookupGold, events);
    const intervals = Array.from({ length: 3 * CHUNK_ROWS }, (_, i) => {
      const start = DAY0 + randomInt(random, 0, 100) * 60_000;
      return {
        partition: partitionOf(start),
        row: [`iv-${i}`, IPS[randomInt(random, 0, IPS.length - 1)] as string, null, null, null, null, 'dhcp', start, start + 600_000,
          'expire', 1, null, null, 'landing/x.log', 1] as (string | number | null)[],
      };
    });
    await appendRows(store, engine, ipAttributionGold, intervals);
    ({ memory, oracle, scans, same } = memoryAndOracle(store, engine));
  });

  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers as DuckDB does from the chunks the bounds allow, without building a key sketch', async () => {
    const report = (q: QuerySession, ip: string) => Promise.all([
      q.attributions('ip', ip, window), q.related('ip', ip, window), q.entityEvents('ip', ip, window, { first: 5 }),
    ]);
    await same((q) => report(q, IPS[0] as string));
    // One address needs one chunk (rarely two) of each 2-4-chunk file: most stayed on disk.
    expect(memory.memoryStats()?.rows).toBeLessThan(0.5 * (EVENTS + 3 * CHUNK_ROWS));
    let found = 0;
    for (const ip of [...IPS.slice(1, 10), 'fe80::1', '203.0.113.1']) {
      const [attributions, , page] = await same((q) => report(q, ip));
      found += attributions.length + page.totalCount;
    }
    await same((q) => Promise.all(IPS.slice(20, 40).map((ip) => q.related('ip', ip, window))));
    await same((q) => q.whoHad(IPS[3] as string, DAY0 + 30 * 60_000));
    expect(found).toBeGreaterThan(50);
    expect(scans.filter((s) => s.engine === 'duckdb')).toEqual([]);
    expect(memory.memoryStats()?.sketches).toBe(0);
  });
});
