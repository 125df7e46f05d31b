import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { runConcurrentWriters } from './concurrent-writers.js';
import { seededRandom } from '../helpers/random.js';
import { buildSeedLake, type SeedLake } from './seed-lake.js';

/**
 * CI-sized concurrent-writers test (≥ 20 repetitions: scripts/reliability/concurrent.ts): two ETL processes on
 * one lake at once; the logs stay linear, every run is committed once, the tables equal a single process's.
 */
const REPETITIONS = Number(process.env.RELIABILITY_CONCURRENT ?? 3);

let dir: string;
let engine: Engine;
let seed: SeedLake;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-concurrent-'));
  engine = await Engine.create({ threads: 1 });
  seed = await buildSeedLake({ dir, devices: 16 });
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two ETL processes on one lake', () => {
  it(`× ${REPETITIONS}: linear logs, each run once, tables equal a single run's`, async () => {
    const figures = await runConcurrentWriters({ workDir: dir, seed, engine, repetitions: REPETITIONS, random: seededRandom(42) });
    expect(figures.problems).toEqual([]);
    expect(figures.equal).toBe(REPETITIONS);
    expect(figures.rowsCompared).toBeGreaterThan(0);
  }, 600_000);
});
