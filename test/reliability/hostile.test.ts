import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { runHostile } from './hostile-run.js';
import { seededRandom } from '../helpers/random.js';

/**
 * 10,000 hostile lines (5,000 per source, megabyte lines, NUL bytes, invalid UTF-8, a truncated gzip) through the
 * full ETL: no crash, bronze exact, bronze = silver + quarantine for every source.
 */
let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-hostile-'));
  engine = await Engine.create({ threads: 1 });
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('hostile input through the full ETL', () => {
  it('10,000 mutated and random lines: no crash, nothing lost, nothing counted twice', async () => {
    // maxIntervalHours 24 keeps this test ~15 s: with the default (a year) the mutated dates put ~16x more hour copies
    // into ip_attribution_gold (one small file each) and the run takes ~4 min (pending/hostile-defaults.pending.ts).
    const figures = await runHostile({
      dir, engine, linesPerSource: 5_000, megabyteLines: 2, random: seededRandom(1337), etl: { maxIntervalHours: 24 },
    });
    expect(figures.problems).toEqual([]);
    expect(figures.lines).toBe(10_000);
    // The corpus really is hostile, and both outcomes (silver and quarantine) occur for both sources.
    expect(figures.megabyteLines).toBeGreaterThanOrEqual(4);
    expect(figures.nulLines).toBeGreaterThan(100);
    expect(figures.invalidUtf8Lines).toBeGreaterThan(100);
    expect(figures.bronzeMismatches).toBe(0);
    for (const a of figures.accounts) {
      expect(a.silverLines, a.source).toBeGreaterThan(0);
      expect(a.quarantinedLines, a.source).toBeGreaterThan(0);
      expect(a.bronzeLines, a.source).toBe(a.silverLines + a.quarantinedLines);
    }
    expect(figures.summary.unreadableObjects).toBe(2);
  }, 300_000);
});
