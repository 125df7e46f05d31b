/**
 * The full concurrent-writers run: two ETL processes on one lake at once, ≥ 20 repetitions over four set-ups
 * (CLI or crash-test child, busy policy wait or exit).
 *   node --import tsx scripts/reliability/concurrent.ts [--repetitions 20] [--seed 42] [--devices 16]
 * Exits non-zero when any repetition broke an invariant; figures go to bench/results/reliability.json ("concurrent").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/index.js';
import { runConcurrentWriters } from '../../test/reliability/concurrent-writers.js';
import { seededRandom } from '../../test/helpers/random.js';
import { buildSeedLake } from '../../test/reliability/seed-lake.js';
import { numberFlag, saveSection } from './results.js';

const repetitions = numberFlag('repetitions', 20);
const seed = numberFlag('seed', 42);
const devices = numberFlag('devices', 16);
const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-concurrent-script-'));
const engine = await Engine.create({ threads: 1 });
const started = Date.now();
try {
  const seedLake = await buildSeedLake({ dir, devices });
  const { expected, ...figures } = await runConcurrentWriters({
    workDir: dir, seed: seedLake, engine, repetitions, random: seededRandom(seed),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const result = {
    ...figures,
    landingObjects: seedLake.keys.length,
    inputLines: seedLake.generated.lines.total,
    rowsPerLake: Object.values(expected).reduce((n, t) => n + t.rows, 0),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await saveSection('concurrent', `node --import tsx scripts/reliability/concurrent.ts --repetitions ${repetitions} --seed ${seed} --devices ${devices}`, result);
  if (figures.problems.length > 0 || figures.equal !== figures.repetitions) process.exitCode = 1;
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
