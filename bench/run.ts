/**
 * `npm run bench [-- --quick] [--devices N] [--scale-devices N] [--etl-devices N,M] [--etl-baseline-rounds N] [--increments N] [--increment-days N] [--runs N] [--scale-runs N] [--skip etl,scale,load,s3]`
 *
 * Builds its own lakes (generator → landing → real ETL; cached under bench/data/ by their parameters), then
 * measures against a running gateway and writes bench/results/latest.json and latest.md:
 *   1. ETL: `iplake etl --json` as its own process over ~1 M and ~10 M generated raw lines (landing → committed
 *      gold): lines/s, CPU and peak RSS (`--quick`: the 1 M one only); then the 1 M landing's DHCP objects loaded by
 *      `iplake etl` and by DuckDB alone in SQL, alternating (the ETL's baseline); then five-minute increments after
 *      the 1 M landing's days, one `iplake etl` each (a scheduled ETL's steady state);
 *   2. warm query latency over HTTP against one warm DuckDB answering the same question (ratio per query);
 *   3. the same queries on a 10× larger lake (scale ratio, 20 M / 2 M gold rows by default);
 *   4. load: autocannon on whoHad + 1-hour ip;
 *   5. the query set on s3rver, cold and warm.
 * Machines here are noisy: every figure that matters is a ratio to a baseline measured in the same run.
 */
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/index.js';
import { ensureLanding, measureEtlCommand, type EtlCommandTiming } from './lib/etl-command.js';
import { measureEtlBaseline, type EtlBaselineTiming } from './lib/etl-baseline.js';
import { measureIncrements, type IncrementTiming } from './lib/etl-increments.js';
import { ensureLake } from './lib/lake.js';
import { measureNewKeys, measureQuestions, type QuestionResult } from './lib/latency.js';
import { runLoad } from './lib/load.js';
import { parseBenchOptions, type BenchOptions } from './lib/options.js';
import { pickFirstLooks, pickTargets, questions, type Question } from './lib/queries.js';
import { atLeast, atMost, writeReport, type BenchReport, type TargetCheck } from './lib/report.js';
import { copyLakeToS3, freshCacheDir } from './lib/s3-lake.js';
import { graphql, startServerProcess } from './lib/server.js';
import { ratio, round, summarize } from './lib/stats.js';

const options = parseBenchOptions(process.argv.slice(2));
const startedAt = new Date().toISOString();
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
};
console.log(`iplake bench: ${machine.cores} cores, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

// ---------------------------------------------------------------- lakes (and the ETL figures they cost)
const main = await ensureLake(options.dataDir, options.days, options.mainDevices, options.seed);
const big = options.skip.has('scale') ? null : await ensureLake(options.dataDir, options.days, options.scaleDevices, options.seed);
const lakes = [
  { label: 'main', lake: main },
  ...(big ? [{ label: 'scale', lake: big }] : []),
];
for (const { label, lake } of lakes) {
  const m = lake.manifest;
  console.log(`${label} lake: ${m.etlLines} lines → ${m.goldEventRows} gold events; ETL ${m.etlLinesPerSecond} lines/s, peak RSS ${m.etlPeakRssMB} MB${lake.cached ? ' (cached)' : ''}`);
}

// ---------------------------------------------------------------- ETL on this run's code
// The real command, each size its own process over its own cached landing zone: the report's throughput and peak
// RSS are this code's (the lake builds above are cached, their figures are from their day).
const etlTimings: { devices: number; timing: EtlCommandTiming }[] = [];
if (!options.skip.has('etl')) {
  for (const devices of options.etlDevices) {
    const landing = await ensureLanding(options.dataDir, options.days, devices, options.seed);
    console.log(`etl: timing \`iplake etl --json\` over ${landing.manifest.generatedLines} lines (${devices} devices × ${options.days} days)`);
    const timing = await measureEtlCommand(landing, path.join(options.dataDir, 'etl-scratch'));
    console.log(`  ${timing.lines} lines in ${timing.wallMs} ms: ${timing.linesPerSecond} lines/s, ${timing.cpuMs} ms CPU, peak RSS ${timing.peakRssMB} MB, ${timing.runs} runs`);
    etlTimings.push({ devices, timing });
  }
}
// The same code against DuckDB alone doing the per-line work, over the smallest landing's DHCP objects.
let etlBaseline: EtlBaselineTiming | null = null;
if (!options.skip.has('etl') && options.etlBaselineRounds > 0) {
  const devices = Math.min(...options.etlDevices);
  const landing = await ensureLanding(options.dataDir, options.days, devices, options.seed);
  console.log(`etl: DHCP objects of ${devices} devices × ${options.days} days, iplake against DuckDB alone, ${options.etlBaselineRounds} round(s)`);
  etlBaseline = await measureEtlBaseline(landing, path.join(options.dataDir, 'etl-scratch'), options.etlBaselineRounds);
  console.log(
    `  ${etlBaseline.lines} lines: iplake ${etlBaseline.iplake.linesPerSecond} lines/s, DuckDB ${etlBaseline.duckdb.linesPerSecond}; ` +
      `iplake/DuckDB wall ${etlBaseline.wallRatio}, CPU ${etlBaseline.cpuRatio}`,
  );
}
// The same code as a schedule runs it: five-minute increments on the smallest landing's days (--increment-days: a
// longer landing of the same devices, to see how a run's cost grows with the lake's age).
let increments: IncrementTiming | null = null;
if (!options.skip.has('etl') && options.incrementSlices > 0) {
  const devices = Math.min(...options.etlDevices);
  const landing = await ensureLanding(options.dataDir, options.incrementDays, devices, options.seed);
  console.log(`etl: ${options.incrementSlices} five-minute increments after ${options.incrementDays} days of ${devices} devices`);
  increments = await measureIncrements(landing, path.join(options.dataDir, 'etl-scratch'), options.incrementSlices);
  console.log(
    `  ${increments.runs.map((r) => r.lines).join(' / ')} lines: median ${increments.wall.medianMs} ms wall, ${increments.cpu.medianMs} ms CPU; ` +
      `attribution files ${increments.attributionFilesAfterBase} → ${increments.attributionFilesAfterSlices}`,
  );
}

// ---------------------------------------------------------------- queries, warm, against the baseline
const baseline = await Engine.create({ threads: 2 });
const mainTargets = await pickTargets(baseline, main.root, options.days, main.manifest.start);
const mainQuestions = questions(main.root, mainTargets);
// The 1-day IP report about 50 other addresses, on days spread over the lake, one ask each.
const firstLooks = await pickFirstLooks(baseline, main.root, 50);
const newIps = firstLooks.map(({ ip, at }) => byName(questions(main.root, { ...mainTargets, ip, at }), 'ip 1 day'));
console.log(`queries on the main lake (${options.runs} runs each after ${options.warmup} warm-up):`);
const queryResults = await withServer(main.root, path.join(options.dataDir, 'cache-local'), async (url) => [
  ...(await measureQuestions(url, baseline, mainQuestions, options.runs, options.warmup)),
  await measureNewKeys(url, baseline, 'ip 1 day, a new IP each', newIps),
]);

// ---------------------------------------------------------------- scale: the same shapes on the 10× lake
let scale: BenchReport['scale'] = [];
if (big) {
  const scaleQuestions = questions(big.root, await pickTargets(baseline, big.root, options.days, big.manifest.start));
  console.log(`queries on the scale lake (${options.scaleRuns} runs each after ${options.scaleWarmup} warm-up):`);
  const scaleResults = await withServer(big.root, path.join(options.dataDir, 'cache-local'), (url) =>
    measureQuestions(url, baseline, scaleQuestions, options.scaleRuns, options.scaleWarmup),
  );
  scale = queryResults.flatMap((q) => {
    const s = scaleResults.find((r) => r.name === q.name);
    if (s === undefined) return [];
    return {
      name: q.name,
      pruned: q.pruned,
      mainMs: q.iplake.medianMs,
      scaleMs: s.iplake.medianMs,
      ratio: ratio(s.iplake.medianMs, q.iplake.medianMs),
      scaleDuckdbMs: s.duckdb.medianMs,
      scaleVsDuckdb: s.ratio,
      answersAgree: s.answer === null || s.answer.iplake === s.answer.duckdb,
    };
  });
}

// ---------------------------------------------------------------- load
let load: BenchReport['load'] = null;
if (!options.skip.has('load')) {
  const mix = [byName(mainQuestions, 'whoHad').graphql, byName(mainQuestions, 'ip 1 hour').graphql];
  console.log(`load: ${options.loadConnections} connections for ${options.loadSeconds} s`);
  load = await withServer(main.root, path.join(options.dataDir, 'cache-local'), async (url, server) => {
    for (let i = 0; i < 50; i += 1) await graphql(url, mix[i % 2] as string); // warm
    return runLoad(server, mix, options.loadConnections, options.loadSeconds);
  });
  console.log(`  ${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors + load.non2xx + load.timeouts}, RSS ${load.rssBeforeMB} → ${load.rssAfterMB} MB`);
}

// ---------------------------------------------------------------- S3
let s3: BenchReport['s3'] = null;
if (!options.skip.has('s3')) {
  const lake = await copyLakeToS3(main.root);
  console.log(`s3: ${lake.objects} objects copied to s3rver in ${lake.uploadMs} ms`);
  try {
    const cold = new Map<string, number[]>();
    // A cold wide window can exceed the gateway's request timeout on s3rver: recorded as a failed run, not fatal.
    const coldFailures = new Map<string, { count: number; firstError: string | null }>();
    for (let run = 0; run < options.coldRuns; run += 1) {
      for (const q of mainQuestions) {
        const cache = await freshCacheDir();
        await withServer(lake.uri, cache.dir, async (url) => {
          const t0 = performance.now();
          try {
            await graphql(url, q.graphql);
            (cold.get(q.name) ?? cold.set(q.name, []).get(q.name))?.push(performance.now() - t0);
          } catch (err) {
            const failures = coldFailures.get(q.name) ?? { count: 0, firstError: null };
            failures.count += 1;
            failures.firstError ??= `${err instanceof Error ? err.message : String(err)} (after ${Math.round(performance.now() - t0)} ms)`;
            coldFailures.set(q.name, failures);
            console.log(`  ${q.name}: cold run failed: ${failures.firstError}`);
          }
        }, lake.harness.env);
        await cache.remove();
      }
    }
    const cache = await freshCacheDir();
    console.log('s3 warm:');
    const warm = await withServer(lake.uri, cache.dir, (url) => measureQuestions(url, baseline, mainQuestions, options.runs, options.warmup), lake.harness.env);
    await cache.remove();
    s3 = {
      objects: lake.objects,
      bytes: lake.bytes,
      uploadMs: lake.uploadMs,
      questions: warm.map((w) => {
        const local = queryResults.find((q) => q.name === w.name) as QuestionResult;
        return {
          name: w.name,
          // Every cold run of a question may have failed: no times then (NaN is written as null).
          cold: (cold.get(w.name)?.length ?? 0) > 0 ? summarize(cold.get(w.name) ?? []) : { runs: 0, medianMs: Number.NaN, p95Ms: Number.NaN, minMs: Number.NaN },
          coldFailures: coldFailures.get(w.name) ?? { count: 0, firstError: null },
          warm: w.iplake,
          localWarmMs: local.iplake.medianMs,
          warmVsLocal: ratio(w.iplake.medianMs, local.iplake.medianMs),
        };
      }),
    };
    for (const q of s3.questions) console.log(`  ${q.name.padEnd(26)} cold ${q.cold.medianMs} ms, warm ${q.warm.medianMs} ms (${q.warmVsLocal}× local)`);
  } finally {
    await lake.harness.stop();
  }
}
await baseline.close();

// ---------------------------------------------------------------- targets and report
const etl: BenchReport['etl'] = [
  ...etlTimings.map(({ devices, timing }) => ({
    label: `iplake etl, ${devices} devices × ${options.days} days (this run)`,
    timed: true,
    lines: timing.lines,
    linesPerSecond: timing.linesPerSecond,
    peakRssMB: timing.peakRssMB,
    cpuMs: timing.cpuMs,
    runPeakRssMB: timing.runPeakRssMB,
    measured: startedAt,
  })),
  ...lakes.map(({ label, lake }) => ({
    label: `${label} lake build`,
    timed: false,
    lines: lake.manifest.etlLines,
    linesPerSecond: lake.manifest.etlLinesPerSecond,
    peakRssMB: lake.manifest.etlPeakRssMB,
    cpuMs: null,
    measured: lake.manifest.builtAt,
  })),
];
const report: BenchReport = {
  startedAt,
  finishedAt: new Date().toISOString(),
  machine,
  options: { ...options, skip: [...options.skip], dataDir: undefined, resultsDir: undefined },
  lakes: lakes.map(({ label, lake }) => ({ label, cached: lake.cached, goldEventRows: lake.manifest.goldEventRows, manifest: lake.manifest })),
  etl,
  queries: queryResults,
  scale,
  scaleRows: { main: main.manifest.goldEventRows, scale: big?.manifest.goldEventRows ?? 0 },
  load,
  s3,
  etlBaseline: etlBaseline === null ? null : { devices: Math.min(...options.etlDevices), days: options.days, ...etlBaseline },
  increments: increments === null ? null : { devices: Math.min(...options.etlDevices), days: options.incrementDays, ...increments },
  targets: targetChecks(options, queryResults, scale, load, s3, etl),
};
await writeReport(options.resultsDir, report);
console.log(`wrote ${path.join(options.resultsDir, 'latest.json')} and latest.md`);
for (const t of report.targets) console.log(`  ${t.pass ? 'met   ' : 'MISSED'} ${t.what}: ${t.measured} (target ${t.target})${t.miss ? `, ${t.miss}` : ''}`);

// ---------------------------------------------------------------- helpers

async function withServer<T>(
  lake: string,
  cacheDir: string,
  fn: (url: string, server: Awaited<ReturnType<typeof startServerProcess>>) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const server = await startServerProcess(lake, cacheDir, env);
  try {
    return await fn(server.url, server);
  } finally {
    await server.stop();
  }
}

function byName(list: readonly Question[], name: string): Question {
  const q = list.find((x) => x.name === name);
  if (!q) throw new Error(`bench: no question named ${name}`);
  return q;
}

function targetChecks(
  o: BenchOptions,
  queries: readonly QuestionResult[],
  scaleRows: BenchReport['scale'],
  loadResult: BenchReport['load'],
  s3Result: BenchReport['s3'],
  etlRows: BenchReport['etl'],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const q of queries) {
    const limit = q.name.startsWith('ips') || q.name.startsWith('eventCounts') ? 1.0 : 0.5;
    checks.push(atMost(`${q.name}: iplake/DuckDB`, q.ratio, limit));
  }
  for (const s of scaleRows.filter((x) => x.pruned && !x.name.startsWith('ips'))) {
    checks.push(atMost(`${s.name}: scale ratio 10× lake / main`, s.ratio, 1.3));
  }
  if (loadResult) {
    checks.push(atLeast('load: requests/s', loadResult.requestsPerSecond, 1500));
    checks.push(atMost('load: p99', loadResult.p99Ms, 50, ' ms'));
    checks.push(atMost('load: errors', loadResult.errors + loadResult.non2xx + loadResult.timeouts, 0));
    checks.push(atMost('load: RSS growth', loadResult.rssGrowthMB, 50, ' MB'));
  }
  // The targets apply to the command timed this run (lake builds are cached, and call the ETL as a library).
  const timed = etlRows.filter((e) => e.timed);
  for (const e of timed) {
    checks.push(atLeast(`ETL ${e.label}, ${e.lines} lines: lines/s`, e.linesPerSecond, 200_000));
  }
  const largest = timed.reduce<BenchReport['etl'][number] | undefined>((a, b) => (a === undefined || b.lines > a.lines ? b : a), undefined);
  if (largest) {
    const note = largest.lines >= 9_000_000 ? '' : ' (the target is for 10 M lines)';
    checks.push(atMost(`ETL peak RSS, ${largest.label}, ${largest.lines} lines${note}`, largest.peakRssMB, 1024, ' MB'));
  }
  if (s3Result) {
    for (const q of s3Result.questions) checks.push(atMost(`${q.name}: warm S3 / local`, q.warmVsLocal, 1.5));
    const hour = s3Result.questions.find((q) => q.name === 'ip 1 hour');
    const who = s3Result.questions.find((q) => q.name === 'whoHad');
    if (hour) checks.push(atMost('ip 1 hour: cold on s3rver', hour.cold.medianMs, 50, ' ms'));
    if (who) checks.push(atMost('whoHad (1 hour partition): cold on s3rver', who.cold.medianMs, 50, ' ms'));
  }
  void o;
  return checks;
}
