import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { runKillCampaign, stageOf } from './kill-campaign.js';
import { seededRandom } from '../helpers/random.js';
import { buildSeedLake, type SeedLake } from './seed-lake.js';

/**
 * CI-sized kill test (the ≥ 50-kill version is scripts/reliability/kill.ts): ETL child processes SIGKILLed
 * after random steps or at random times, re-run until done; the lake stays sound after every kill and ends
 * equal to a clean run; vacuum removes the orphans.
 */
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 5);

let dir: string;
let engine: Engine;
let seed: SeedLake;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-kill-'));
  engine = await Engine.create({ threads: 1 });
  seed = await buildSeedLake({ dir });
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('SIGKILL at random moments', () => {
  it(`${KILLS} kills: sound after every kill, equal to a clean run at the end, orphans vacuumed`, async () => {
    const figures = await runKillCampaign({ workDir: dir, seed, engine, kills: KILLS, random: seededRandom(20261128) });
    expect(figures.problems).toEqual([]);
    expect(figures.kills).toBe(KILLS);
    expect(figures.roundsEqual).toBe(figures.rounds);
    expect(figures.orphansAfterVacuum).toBe(0);
    // The comparison is between non-trivial lakes: every layer has rows.
    for (const table of ['bronze/dhcp_bronze', 'silver/dhcp_silver', 'silver/quarantine', 'gold/ip_lookup_gold', 'gold/ip_attribution_gold']) {
      expect(figures.expected[table]?.rows, table).toBeGreaterThan(0);
    }
  }, 600_000);

  it('classifies a kill by the last step the child reported', () => {
    expect(stageOf(undefined)).toBe('startup');
    expect(stageOf('plan 1')).toBe('plan');
    expect(stageOf('commit 2 silver/dhcp_silver')).toBe('commit silver');
    expect(stageOf('after commit:gold/ip_attribution_gold')).toBe('commit gold');
    expect(stageOf('gold 1')).toBe('gold (compute)');
    expect(stageOf('after checkpoint')).toBe('checkpoint');
  });
});
