/**
 * The hostile-input run: seeded corpora of mutated and random lines through the full ETL, several seeds.
 *   node --import tsx scripts/reliability/hostile.ts [--lines 5000] [--seeds 3] [--max-interval-hours 8784]
 * (--lines is per source; --max-interval-hours defaults to the ETL's own default.)
 * Figures go to bench/results/reliability.json ("hostile").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/index.js';
import { etlDefaults } from '../../src/etl/index.js';
import { runHostile } from '../../test/reliability/hostile-run.js';
import { seededRandom } from '../../test/helpers/random.js';
import { numberFlag, saveSection } from './results.js';

const lines = numberFlag('lines', 5_000);
const seeds = numberFlag('seeds', 3);
const maxIntervalHours = numberFlag('max-interval-hours', etlDefaults.maxIntervalHours);
const engine = await Engine.create({ threads: 1 });
const started = Date.now();
const runs: unknown[] = [];
let failed = false;
try {
  for (let seed = 1; seed <= seeds; seed += 1) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-hostile-script-'));
    try {
      const t = Date.now();
      const figures = await runHostile({ dir, engine, linesPerSource: lines, megabyteLines: 2, random: seededRandom(seed), etl: { maxIntervalHours } });
      const { summary, ...rest } = figures;
      runs.push({ seed, ...rest, quarantinedByRule: summary.quarantined, unreadableObjects: summary.unreadableObjects, seconds: Math.round((Date.now() - t) / 1000) });
      failed ||= figures.problems.length > 0 || figures.bronzeMismatches > 0;
      process.stdout.write(`seed ${seed}: ${figures.lines} lines, problems ${figures.problems.length}\n`);
    } catch (err) {
      failed = true;
      runs.push({ seed, crashed: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      process.stdout.write(`seed ${seed}: CRASH ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const result = { linesPerSource: lines, maxIntervalHours, runs, wallSeconds: Math.round((Date.now() - started) / 1000) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await saveSection(
    maxIntervalHours === etlDefaults.maxIntervalHours ? 'hostile' : `hostile-max-interval-hours-${maxIntervalHours}`,
    `node --import tsx scripts/reliability/hostile.ts --lines ${lines} --seeds ${seeds} --max-interval-hours ${maxIntervalHours}`,
    result,
  );
  if (failed) process.exitCode = 1;
} finally {
  await engine.close();
}
