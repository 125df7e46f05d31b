import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { runFaultCampaign } from './fault-campaign.js';
import { buildSeedLake, type SeedLake } from './seed-lake.js';

/**
 * CI-sized storage-fault run (higher rates and more trials: scripts/reliability/faults.ts): 5xx, resets,
 * lost responses and truncated bodies between iplake and s3rver. The ETL commits correctly or fails cleanly;
 * the gateway answers correctly or with an error, never a partial answer presented as complete.
 */
let dir: string;
let engine: Engine;
let s3: S3Harness;
let seed: SeedLake;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-faults-test-'));
  engine = await Engine.create({ threads: 1 });
  s3 = await startS3();
  seed = await buildSeedLake({ dir, devices: 16 });
});

afterAll(async () => {
  await s3?.stop();
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('storage faults between iplake and S3', () => {
  it('ETL: commits equal tables or fails cleanly; gateway: correct answer or an error', async () => {
    const figures = await runFaultCampaign({
      s3,
      seed,
      engine,
      faults: { failRate: 0.03, resetRate: 0.01, dropResponseRate: 0.01, truncateRate: 0.01 },
      etlTrials: 2,
      gatewayRounds: 2,
      queries: 12,
    });
    expect(figures.problems).toEqual([]);
    expect(figures.etl.equal).toBe(figures.etl.trials);
    expect(figures.etl.completed + figures.etl.failedCleanly).toBe(figures.etl.trials);
    // Faults really were injected, into both the ETL's and the gateway's requests.
    expect(figures.etl.injected).toBeGreaterThan(0);
    expect(figures.gateway.injected).toBeGreaterThan(0);
    expect(figures.gateway.correct + figures.gateway.errors).toBe(figures.gateway.answers);
    expect(figures.gateway.correct).toBeGreaterThan(0);
    expect(figures.expected['gold/ip_attribution_gold']?.rows).toBeGreaterThan(0);
  }, 600_000);
});
