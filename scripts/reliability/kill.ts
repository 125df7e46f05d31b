/**
 * The full kill test: ≥ 50 SIGKILLs of ETL child processes at random steps and times, re-run after each.
 *   node --import tsx scripts/reliability/kill.ts [--kills 50] [--seed 1] [--devices 24]
 * Exits non-zero when any invariant broke; figures go to bench/results/reliability.json (section "kill").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/index.js';
import { runKillCampaign } from '../../test/reliability/kill-campaign.js';
import { seededRandom } from '../../test/helpers/random.js';
import { buildSeedLake } from '../../test/reliability/seed-lake.js';
import { numberFlag, saveSection } from './results.js';

const kills = numberFlag('kills', 50);
const seed = numberFlag('seed', 1);
const devices = numberFlag('devices', 24);
const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-kill-script-'));
const engine = await Engine.create({ threads: 1 });
const started = Date.now();
try {
  const seedLake = await buildSeedLake({ dir, devices });
  const { expected, ...figures } = await runKillCampaign({
    workDir: dir,
    seed: seedLake,
    engine,
    kills,
    random: seededRandom(seed),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const result = {
    ...figures,
    seed,
    landingObjects: seedLake.keys.length,
    inputLines: seedLake.generated.lines.total,
    tables: Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.rows])),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await saveSection('kill', `node --import tsx scripts/reliability/kill.ts --kills ${kills} --seed ${seed} --devices ${devices}`, result);
  if (figures.problems.length > 0 || figures.roundsEqual !== figures.rounds || figures.orphansAfterVacuum > 0) process.exitCode = 1;
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
