/**
 * Child process that times the ETL alone, on this run's code: a fresh lake whose landing zone is the given lake's
 * (hard links, so nothing is copied and the source lake is untouched: the ETL only reads landing objects), one
 * `runEtl` end to end (landing → committed gold), then the fresh lake is deleted.
 *   node bench/lib/etl-child.mjs <landing dir> <scratch dir>      (after `npm run build`; `npm run bench` does)
 * Its own process, so its peak RSS is the ETL's. Prints { lines, wallMs, cpuMs, linesPerSecond, peakRssMB, runs }
 * as JSON on its last stdout line.
 */
import { link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runEtl } from '../../dist/etl/index.js';
import { LocalStore } from '../../dist/storage/local.js';

const [landing, scratch] = process.argv.slice(2);
if (!landing || !scratch) throw new Error('etl-child: usage: etl-child.mjs <landing dir> <scratch dir>');

/** Mirror `from` under `to` with hard links (same file system: bench/data). */
async function linkTree(from, to) {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target);
  }
}

await rm(scratch, { recursive: true, force: true });
await linkTree(landing, path.join(scratch, 'landing'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const cpuBefore = process.cpuUsage();
const started = performance.now();
try {
  // No engine passed: the ETL starts its own with its defaults (engineMemoryLimit), as `iplake etl` does.
  const summary = await runEtl({
    store: new LocalStore(scratch),
    onProgress: (p) => process.stderr.write(`\r  etl ${(p.elapsedMs / 1000).toFixed(0)} s ${p.phase} lines=${p.lines}        `),
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  process.stderr.write('\n');
  const lines = Object.values(summary.lines).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({
    lines,
    wallMs: Math.round(wallMs),
    // The whole process: DuckDB's threads included.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    linesPerSecond: Math.round((lines * 1000) / wallMs),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    runs: summary.versions.length,
  }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
