import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { describeMiss, measureAccuracy } from '../attribution/accuracy-check.js';
import { tempLake, type TempLake } from './helpers.js';

/**
 * The accuracy check: on clean generator output, the gold intervals found by reading only an instant's
 * hour partition name the true MAC and user for every sampled (ip, instant) pair. Larger run: bench/accuracy.ts.
 */
let engine: Engine;
let lake: TempLake;
beforeAll(async () => {
  engine = await Engine.create();
  lake = await tempLake();
});
afterAll(async () => {
  await engine.close();
  await lake.cleanup();
});

describe('attribution accuracy against truth.jsonl', () => {
  it('names the true MAC and user for every sampled (ip, instant) of 2 generated days', async () => {
    // No `start`: the generator ends at today's UTC midnight, so the year-less DHCP clocks resolve against today's ingest.
    const report = await measureAccuracy(engine, new LocalStore(path.join(lake.dir, 'lake')), lake.dir, {
      generate: { out: '', days: 2, devices: 150, seed: 5, noiseRate: 0 },
      samples: 2400,
      seed: 3,
    });
    const misses = report.misses.map(describeMiss);
    console.log(
      `attribution accuracy: ${(report.accuracy * 100).toFixed(2)}% of ${report.samples} (ip, instant) pairs ` +
        `from ${report.truthIntervals} truth intervals, ${report.partitionsRead} hour partitions read` +
        (misses.length > 0 ? `\n  ${misses.slice(0, 20).join('\n  ')}` : ''),
    );
    expect(report.samples).toBeGreaterThanOrEqual(2000);
    expect(misses).toEqual([]);
    expect(report.hits).toBe(report.samples);
  }, 180_000);
});
