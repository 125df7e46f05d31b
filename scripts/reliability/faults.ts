/**
 * The full storage-fault run: ETL and gateway against s3rver behind the fault-injecting proxy, at two fault levels.
 *   node --import tsx scripts/reliability/faults.ts [--trials 6] [--rounds 4] [--queries 20] [--devices 24]
 * Exits non-zero when any run broke an invariant; figures go to bench/results/reliability.json (section "faults").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/index.js';
import { startS3 } from '../../test/helpers/s3.js';
import { runFaultCampaign } from '../../test/reliability/fault-campaign.js';
import { buildSeedLake } from '../../test/reliability/seed-lake.js';
import { numberFlag, saveSection } from './results.js';

const trials = numberFlag('trials', 6);
const rounds = numberFlag('rounds', 4);
const queries = numberFlag('queries', 20);
const devices = numberFlag('devices', 24);

/** Two levels: a flaky network the retries should absorb, and a storm in which some runs must give up cleanly. */
const levels = {
  moderate: { failRate: 0.08, resetRate: 0.03, dropResponseRate: 0.02, truncateRate: 0.03, delayMs: 2 },
  heavy: { failRate: 0.2, resetRate: 0.08, dropResponseRate: 0.05, truncateRate: 0.05 },
};

const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-faults-script-'));
const engine = await Engine.create({ threads: 1 });
const s3 = await startS3();
const started = Date.now();
let failed = false;
try {
  const seed = await buildSeedLake({ dir, devices });
  const results: Record<string, unknown> = {};
  for (const [name, faults] of Object.entries(levels)) {
    const { expected, ...figures } = await runFaultCampaign({
      s3, seed, engine, faults, etlTrials: trials, gatewayRounds: rounds, queries,
      log: (line) => process.stdout.write(`[${name}] ${line}\n`),
    });
    results[name] = { ...figures, rowsPerLake: Object.values(expected).reduce((n, t) => n + t.rows, 0) };
    failed ||= figures.problems.length > 0 || figures.etl.equal !== figures.etl.trials;
  }
  const result = { ...results, inputLines: seed.generated.lines.total, wallSeconds: Math.round((Date.now() - started) / 1000) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await saveSection(
    'faults',
    `node --import tsx scripts/reliability/faults.ts --trials ${trials} --rounds ${rounds} --queries ${queries} --devices ${devices}`,
    result,
  );
  if (failed) process.exitCode = 1;
} finally {
  await s3.stop();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
