/**
 * Attribution accuracy against the generator's ground truth, at issue scale:
 *   npx tsx bench/accuracy.ts [days=7] [devices=500] [samples=20000] [seed=1]
 * Generates clean logs (noiseRate 0) ending at today's UTC midnight, runs the ETL on a temp local lake, samples
 * (ip, instant) pairs from truth.jsonl (both ends and uniform instants inside each sampled interval), reads only each
 * instant's hour partition of ip_attribution_gold, and prints the share naming the true MAC and user, with every miss.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/index.js';
import { LocalStore } from '../src/storage/local.js';
import { describeMiss, measureAccuracy } from '../test/attribution/accuracy-check.js';

const days = Number(process.argv[2] ?? 7);
const devices = Number(process.argv[3] ?? 500);
const samples = Number(process.argv[4] ?? 20_000);
const seed = Number(process.argv[5] ?? 1);
const dir = await mkdtemp(path.join(tmpdir(), 'iplake-bench-accuracy-'));
const engine = await Engine.create();
try {
  const report = await measureAccuracy(engine, new LocalStore(path.join(dir, 'lake')), dir, {
    generate: { out: '', days, devices, seed, noiseRate: 0 },
    samples,
    seed,
  });
  console.log(
    JSON.stringify(
      {
        days,
        devices,
        seed,
        truthIntervals: report.truthIntervals,
        samples: report.samples,
        hits: report.hits,
        accuracyPercent: Number((report.accuracy * 100).toFixed(3)),
        hourPartitionsRead: report.partitionsRead,
        watermark: new Date(report.watermark).toISOString(),
        etlMs: Math.round(report.etlMs),
        misses: report.misses.map(describeMiss),
      },
      null,
      2,
    ),
  );
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
