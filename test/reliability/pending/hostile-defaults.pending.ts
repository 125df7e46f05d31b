/**
 * SLOW (passes, ~4 min on 2 cores, so kept out of the default suite): the 10,000-line hostile corpus with default ETL
 * options. Mutated dates spread intervals over years, each copied into up to 744 hour partitions of
 * ip_attribution_gold; the gold writer used to run out of DuckDB memory on them and now writes out staged partitions
 * past maxStagedPartitions, but every one-row hour file still costs a few ms. The default suite runs the same corpus
 * with maxIntervalHours 24 (test/reliability/hostile.test.ts).
 *
 * Run: npx vitest run --config test/reliability/pending/vitest.pending.config.ts hostile-defaults
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.js';
import { runHostile } from '../hostile-run.js';
import { seededRandom } from '../../helpers/random.js';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-pending-hostile-'));
  engine = await Engine.create({ threads: 1 });
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('hostile input with default ETL options', () => {
  it('10,000 hostile lines: no crash, bronze = silver + quarantine', async () => {
    const figures = await runHostile({ dir, engine, linesPerSource: 5_000, megabyteLines: 2, random: seededRandom(1337) });
    expect(figures.problems).toEqual([]);
    expect(figures.bronzeMismatches).toBe(0);
  }, 600_000);
});
