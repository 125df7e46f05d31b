/**
 * End-to-end ETL throughput: generator output → landing → bronze/silver/quarantine/gold, on a local lake.
 *   npx tsx bench/etl.ts [days=2] [devices=2000] [seed=1]
 * Prints raw lines, wall time, lines/s (end to end: read, parse, write all tables, attribution, commits),
 * the run's own lines/s, and peak RSS. A second run with nothing new shows the idle cost.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/index.js';
import { ingestFiles, runEtl } from '../src/etl/index.js';
import { generate } from '../src/generator/index.js';
import { LocalStore } from '../src/storage/local.js';

const days = Number(process.argv[2] ?? 2);
const devices = Number(process.argv[3] ?? 2000);
const seed = Number(process.argv[4] ?? 1);
const dir = await mkdtemp(path.join(tmpdir(), 'iplake-bench-etl-'));
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  // JS heap alone: what the ETL's own buffers hold (RSS adds DuckDB's memory).
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}, 100);
try {
  const out = path.join(dir, 'gen');
  const generated = await generate({ out, days, devices, seed, start: '2026-11-01T00:00:00Z' });
  const store = new LocalStore(path.join(dir, 'lake'));
  for (const source of ['dhcp', 'ise'] as const) {
    const files = (await readdir(path.join(out, source))).sort().map((f) => path.join(out, source, f));
    await ingestFiles(store, source, files);
  }
  const engine = await Engine.create();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let lastPhase = '';
  // Wall time per phase (read = parse and buffer every line, commit = write and commit the tables,
  // gold = attribution): where the run spends its time, for deciding what to speed up next.
  const phaseMs: Record<string, number> = {};
  // CPU time per phase (this process: JS plus DuckDB's threads), steadier than wall time on a shared machine.
  const phaseCpuMs: Record<string, number> = {};
  let phaseStart = t0;
  let phaseCpuStart = cpu0;
  const summary = await runEtl({
    store,
    engine,
    onProgress: (p) => {
      if (p.phase !== lastPhase || p.phase === 'commit') {
        const now = performance.now();
        const cpuNow = process.cpuUsage();
        if (lastPhase) {
          phaseMs[lastPhase] = (phaseMs[lastPhase] ?? 0) + now - phaseStart;
          const spent = cpuNow.user + cpuNow.system - phaseCpuStart.user - phaseCpuStart.system;
          phaseCpuMs[lastPhase] = (phaseCpuMs[lastPhase] ?? 0) + spent / 1000;
        }
        phaseStart = now;
        phaseCpuStart = cpuNow;
        lastPhase = p.phase;
        process.stderr.write(`  ${(p.elapsedMs / 1000).toFixed(1)}s run ${p.version} ${p.phase} ${p.table ?? p.object ?? ''} lines=${p.lines}\n`);
      }
    },
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const idle = await runEtl({ store, engine });
  const idleMs = performance.now() - t1;
  await engine.close();
  const lines = summary.lines.dhcp + summary.lines.ise;
  console.log(
    JSON.stringify(
      {
        days,
        devices,
        generatedLines: generated.lines.total,
        bronzeLines: lines,
        runs: summary.versions.length,
        wallMs: Math.round(wallMs),
        linesPerSecond: Math.round((lines * 1000) / wallMs),
        // Main-thread JS plus DuckDB's threads: on a loaded machine CPU time varies less than wall time.
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        phaseMs: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, Math.round(v)])),
        phaseCpuMs: Object.fromEntries(Object.entries(phaseCpuMs).map(([k, v]) => [k, Math.round(v)])),
        readLinesPerSecond: phaseMs.read ? Math.round((lines * 1000) / phaseMs.read) : null,
        rows: summary.rows,
        intervals: summary.intervals,
        quarantined: summary.quarantined,
        idleRunMs: Math.round(idleMs),
        idleStatus: idle.status,
        peakRssMB: Math.round(peakRss / 2 ** 20),
        peakHeapMB: Math.round(peakHeap / 2 ** 20),
      },
      null,
      2,
    ),
  );
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
