/**
 * Child process that builds one benchmark lake: generator logs → landing → ETL, on a local lake under `dir`.
 *   node bench/lib/build-lake.mjs <dir> <days> <devices> <seed>      (after `npm run build`; `npm run bench` does)
 * Runs the compiled build (`dist/`, what `iplake generate` / `iplake etl` run), not the sources through tsx.
 * Run as its own process so its peak RSS is the ETL's, not the benchmark's. Prints the manifest as JSON
 * on its last stdout line and writes it to <dir>/manifest.json only when the lake is complete (the cache key).
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../../dist/engine/index.js';
import { ingestFiles, runEtl } from '../../dist/etl/index.js';
import { generate } from '../../dist/generator/index.js';
import { LocalStore } from '../../dist/storage/local.js';

const [dir, daysArg, devicesArg, seedArg] = process.argv.slice(2);
if (!dir || !daysArg || !devicesArg || !seedArg) throw new Error('build-lake: usage: build-lake.mjs <dir> <days> <devices> <seed>');
const days = Number(daysArg);
const devices = Number(devicesArg);
const seed = Number(seedArg);

await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true });
// Year-less syslog clocks must fall within the 12 months before ingest: end the period two days ago.
const start = new Date((Math.floor(Date.now() / 86_400_000) - days - 2) * 86_400_000).toISOString();
const gen = path.join(dir, 'gen');
const genStarted = performance.now();
const generated = await generate({ out: gen, start, days, devices, seed });
const generateMs = performance.now() - genStarted;

const store = new LocalStore(path.join(dir, 'lake'));
const ingestStarted = performance.now();
for (const source of ['dhcp', 'ise']) {
  const files = (await readdir(path.join(gen, source))).sort().map((f) => path.join(gen, source, f));
  await ingestFiles(store, source, files);
}
const ingestMs = performance.now() - ingestStarted;
// The landing zone holds its own copy: the generator output is no longer needed.
await rm(gen, { recursive: true, force: true });

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const engine = await Engine.create();
const etlStarted = performance.now();
const summary = await runEtl({
  store,
  engine,
  onProgress: (p) => process.stderr.write(`\r  etl ${(p.elapsedMs / 1000).toFixed(0)} s ${p.phase} lines=${p.lines}        `),
});
const etlMs = performance.now() - etlStarted;
clearInterval(sampler);
await engine.close();
process.stderr.write('\n');

const lines = Object.values(summary.lines).reduce((a, b) => a + b, 0);
/** @type {import('./lake.js').LakeManifest} */
const manifest = {
  days,
  devices,
  seed,
  start,
  builtAt: new Date().toISOString(),
  generatedLines: generated.lines.total,
  etlLines: lines,
  generateMs: Math.round(generateMs),
  ingestMs: Math.round(ingestMs),
  etlMs: Math.round(etlMs),
  etlLinesPerSecond: Math.round((lines * 1000) / etlMs),
  etlPeakRssMB: Math.round(peakRss / 2 ** 20),
  processMaxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  goldEventRows: summary.rows['gold/ip_lookup_gold'] ?? 0,
  attributionIntervals: summary.intervals.written,
  runs: summary.versions.length,
};
await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
console.log(JSON.stringify(manifest));
