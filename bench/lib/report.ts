import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EtlBaselineTiming } from './etl-baseline.js';
import type { IncrementTiming } from './etl-increments.js';
import type { LakeManifest } from './lake.js';
import type { QuestionResult } from './latency.js';
import type { LoadResult } from './load.js';
import type { Summary } from './stats.js';

/** Everything one `npm run bench` measured; latest.json is this object, latest.md renders it. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpu: string; node: string; platform: string; memoryGB: number; loadAverageAtStart: number[] };
  options: Record<string, unknown>;
  lakes: { label: string; cached: boolean; goldEventRows: number; manifest: LakeManifest }[];
  /**
   * `iplake etl --json` timed this run over ~1 M and ~10 M generated lines (`timed`: the rows the targets check),
   * and the ETL figures recorded when each (cached) query lake was built.
   */
  etl: {
    label: string;
    timed: boolean;
    lines: number;
    linesPerSecond: number;
    peakRssMB: number;
    cpuMs: number | null;
    /** Peak RSS of each run of the command, in order (timed rows only). */
    runPeakRssMB?: number[];
    measured: string;
  }[];
  queries: QuestionResult[];
  /** The query set on the 10× lake: iplake there / iplake on the main lake, and iplake/DuckDB there. */
  scale: {
    name: string;
    pruned: boolean;
    mainMs: number;
    scaleMs: number;
    ratio: number;
    scaleDuckdbMs: number;
    scaleVsDuckdb: number;
    answersAgree: boolean;
  }[];
  scaleRows: { main: number; scale: number };
  load: LoadResult | null;
  s3: {
    objects: number;
    bytes: number;
    uploadMs: number;
    questions: {
      name: string;
      cold: Summary;
      /** Cold runs that failed (e.g. the gateway's request timeout on a wide window); their times are not in `cold`. */
      coldFailures: { count: number; firstError: string | null };
      warm: Summary;
      localWarmMs: number;
      warmVsLocal: number;
    }[];
  } | null;
  /** The ETL over the smallest landing's DHCP objects against DuckDB alone doing their per-line work. */
  etlBaseline: (EtlBaselineTiming & { devices: number; days: number }) | null;
  /** Five-minute increments after the smallest ETL landing's days, one `iplake etl --json` process each. */
  increments: (IncrementTiming & { devices: number; days: number }) | null;
  targets: TargetCheck[];
}

export interface TargetCheck {
  what: string;
  target: string;
  measured: string;
  pass: boolean;
  /** How far off a missed target is, e.g. "1.8× over". */
  miss?: string;
}

/** `measured ≤ limit` as a check; a miss says by how much. */
export function atMost(what: string, measured: number, limit: number, unit = ''): TargetCheck {
  const pass = measured <= limit;
  return {
    what,
    target: `≤ ${limit}${unit}`,
    measured: `${fmt(measured)}${unit}`,
    pass,
    ...(pass ? {} : { miss: `${fmt(measured / limit)}× the limit` }),
  };
}

export function atLeast(what: string, measured: number, limit: number, unit = ''): TargetCheck {
  const pass = measured >= limit;
  return {
    what,
    target: `≥ ${limit}${unit}`,
    measured: `${fmt(measured)}${unit}`,
    pass,
    ...(pass ? {} : { miss: `${fmt((limit / Math.max(measured, 1e-9)))}× short` }),
  };
}

export async function writeReport(dir: string, report: BenchReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(dir, 'latest.md'), renderMarkdown(report));
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.map((c) => (typeof c === 'number' ? fmt(c) : c)).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderMarkdown(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    '# iplake benchmark',
    '',
    `Run ${r.startedAt} → ${r.finishedAt}. Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGB} GB, Node ${m.node} on ${m.platform}; ` +
      `load average at start ${m.loadAverageAtStart.map((l) => l.toFixed(1)).join(' / ')}.`,
    '',
    'Every latency is a median (p95 beside it) of warm runs; iplake is measured over HTTP (GraphQL, JSON) against ' +
      'the running gateway, the baseline is one warm DuckDB (`parquet_metadata_cache` on) answering the same question ' +
      'with SQL over `read_parquet(<gold>/dt=*/hr=*/*.parquet, hive_partitioning=true)` plus dt/hr predicates, ' +
      'interleaved run by run. Ratios are iplake / DuckDB (lower is better). Warm means after the first ask: a ' +
      'first wide question is answered by DuckDB while the chunks it needs load behind it, so before the timed runs the ' +
      "bench times that first ask and waits for the gateway's background loads (`iplake_memory_index_background_pending` " +
      'in /metrics) to finish; both are in the query table.',
    '',
    `Command: \`npm run bench${r.options.quick ? ' -- --quick' : ''}\` (options: ${JSON.stringify(r.options)}).`,
    '',
    '## Targets',
    '',
    'Why the misses happen and what would close them: see [NOTES.md](NOTES.md) (written by hand, not by the script).',
    '',
    table(['what', 'target', 'measured', 'result'], r.targets.map((t) => [t.what, t.target, t.measured, t.pass ? 'met' : `**missed** (${t.miss})`])),
    '',
    '## Lakes',
    '',
    table(
      ['lake', 'devices × days', 'raw lines', 'gold event rows', 'intervals', 'built', 'gold compaction'],
      r.lakes.map((l) => [l.label, `${l.manifest.devices} × ${l.manifest.days}`, l.manifest.etlLines, l.goldEventRows, l.manifest.attributionIntervals, l.cached ? `cached (${l.manifest.builtAt})` : 'this run', compactionText(l.manifest)]),
    ),
    '',
    '## ETL (landing → committed gold, end to end)',
    '',
    '`iplake etl --json` runs as its own process over a cached generated landing zone (~1 M and ~10 M raw lines; ' +
      'peak RSS is the process\'s VmHWM). The query lakes\' builds are cached, so their rows are from the code and machine load of the day they were built.',
    '',
    table(['ETL', 'raw lines', 'lines/s', 'CPU s (all threads)', 'peak RSS MB', 'measured'], r.etl.map((e) => [e.label, e.lines, e.linesPerSecond, e.cpuMs === null ? '–' : (e.cpuMs / 1000).toFixed(1), e.peakRssMB, e.measured])),
    '',
    'Peak RSS of each run (a run is one plan of landing objects, up to 256 MB of text): if memory followed what the lake ' +
      'already holds rather than what a run reads, the later runs would peak higher.',
    '',
    table(
      ['ETL', 'runs', 'peak RSS MB by run', 'max of first third', 'max of last third'],
      r.etl.flatMap((e) => (e.runPeakRssMB === undefined || e.runPeakRssMB.length === 0 ? [] : [[e.label, e.runPeakRssMB.length, e.runPeakRssMB.join(' '), ...thirds(e.runPeakRssMB)]])),
    ),
    '',
    ...baselineSection(r.etlBaseline),
    ...incrementsSection(r.increments),
    '## Queries (warm, local lake)',
    '',
    table(
      ['query', 'iplake median ms', 'iplake p95', 'DuckDB median ms', 'DuckDB p95', 'ratio', 'answers agree', 'iplake first ask ms', 'background loads s'],
      r.queries.map((q) => [
        q.name, q.iplake.medianMs, q.iplake.p95Ms, q.duckdb.medianMs, q.duckdb.p95Ms, q.ratio,
        q.answer === null ? '–' : q.answer.iplake === q.answer.duckdb ? `yes (${q.answer.iplake})` : `NO (${q.answer.iplake} vs ${q.answer.duckdb})`,
        Number.isNaN(q.firstMs) ? '–' : Math.round(q.firstMs), (q.settleMs / 1000).toFixed(1),
      ]),
    ),
    '',
    "The last row asks the 1-day IP report once about each of 50 other addresses, each on a day of its own interval (spread over the lake), with no wait for background loads: the first look at a new address, as analysts mostly ask. Its 'answers agree' counts the addresses both sides answered alike.",
    '',
    `## Scale (${r.scaleRows.main} → ${r.scaleRows.scale} gold event rows)`,
    '',
    r.scale.length === 0
      ? 'Skipped.'
      : table(
          ['query', 'main lake ms', '10× lake ms', 'ratio 10×/main', 'DuckDB on 10× lake ms', 'iplake/DuckDB on 10× lake', 'answers agree'],
          r.scale.map((s) => [s.name, s.mainMs, s.scaleMs, s.ratio, s.scaleDuckdbMs, s.scaleVsDuckdb, s.answersAgree ? 'yes' : 'NO']),
        ),
    '',
    '## Load',
    '',
  );
  if (r.load) {
    const l = r.load;
    out.push(
      `autocannon, ${l.connections} connections for ${l.seconds} s, whoHad and 1-hour \`ip\` alternating.`,
      '',
      table(
        ['requests/s', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'timeouts', 'RSS before MB', 'RSS after MB'],
        [[l.requestsPerSecond, l.totalRequests, l.p50Ms, l.p99Ms, l.maxMs, l.errors, l.non2xx, l.timeouts, l.rssBeforeMB, l.rssAfterMB]],
      ),
    );
  } else out.push('Skipped.');
  out.push('', '## S3 (s3rver on 127.0.0.1)', '');
  if (r.s3) {
    out.push(
      `${r.s3.objects} gold objects (${(r.s3.bytes / 2 ** 20).toFixed(1)} MiB) uploaded in ${r.s3.uploadMs} ms. ` +
        'Cold = first request of a fresh gateway process with an empty file cache; warm = as for the local lake.',
      '',
      table(
        ['query', 'cold median ms', 'cold p95', 'cold runs failed', 'warm median ms', 'warm p95', 'local warm ms', 'warm S3 / local'],
        r.s3.questions.map((q) => [q.name, q.cold.medianMs, q.cold.p95Ms, q.coldFailures.count, q.warm.medianMs, q.warm.p95Ms, q.localWarmMs, q.warmVsLocal]),
      ),
      ...r.s3.questions
        .filter((q) => q.coldFailures.firstError !== null)
        .map((q) => `- ${q.name}: ${q.coldFailures.count} cold run(s) failed: ${q.coldFailures.firstError}`),
    );
  } else out.push('Skipped.');
  out.push('');
  return out.join('\n');
}

/** The ETL against DuckDB alone over the same DHCP objects: medians of alternating rounds. */
function baselineSection(b: BenchReport['etlBaseline']): string[] {
  if (b === null) return [];
  const row = (label: string, side: EtlBaselineTiming['iplake'], rows: string): (string | number)[] => [
    label, side.wall.medianMs, side.linesPerSecond, side.cpu.medianMs, side.cpuMicrosPerLine, side.peakRssMB, rows,
  ];
  const d = b.duckdb.rows;
  return [
    `### Against DuckDB alone: the DHCP objects of ${b.days} days of ${b.devices} devices`,
    '',
    `The standing baseline for the ETL: the same ${b.objects} DHCP objects (${b.lines} raw lines), loaded by ` +
      '`iplake etl --json` (their lake holds nothing else) and by DuckDB alone in SQL (`bench/lib/duckdb-dhcp-etl.mjs`: ' +
      'per object, lines with number and byte offset to bronze, a regular expression per field to silver, unparsed lines ' +
      'to quarantine, gold events ordered by IP; no attribution, commits or statistics, and its partitioned COPY may leave ' +
      'a few rows out of order: DuckDB does less work). Each ' +
      `its own process, ${b.rounds} alternating round(s), medians. iplake / DuckDB: **${b.wallRatio.toFixed(2)}× the wall time, ` +
      `${b.cpuRatio.toFixed(2)}× the CPU**. The issue's 200,000 lines/s is ${(200_000 / b.duckdb.linesPerSecond).toFixed(1)}× ` +
      'what DuckDB alone reaches on this work and machine.',
    '',
    table(
      ['side', 'wall ms', 'lines/s', 'CPU ms (all threads)', 'CPU µs per line', 'peak RSS MB', 'rows written'],
      [
        row('iplake etl (DHCP objects only)', b.iplake, 'bronze, silver, quarantine, gold events, attribution'),
        row('DuckDB alone, SQL', b.duckdb, `bronze ${d.bronze}, silver ${d.silver}, quarantine ${d.quarantine}, gold ${d.gold}`),
      ],
    ),
    '',
  ];
}

/** The scheduled ETL's steady state: one row per five-minute increment. */
function incrementsSection(inc: BenchReport['increments']): string[] {
  if (inc === null || inc.runs.length === 0) return [];
  const interval = inc.sliceMinutes * 60_000;
  return [
    `### Scheduled runs: ${inc.sliceMinutes}-minute increments after ${inc.days} days of ${inc.devices} devices`,
    '',
    `The landing's last day is cut at 12:00: the ${inc.baseLines} lines before it are loaded by one untimed run, then ` +
      `each ${inc.sliceMinutes}-minute slice after it is landed as new objects and loaded by its own \`iplake etl --json\` ` +
      '(process start-up included, as a schedule pays it). A lease renewal rewrites every hour its lease spans, so each ' +
      'run rewrites most hour partitions of `ip_attribution_gold` (see docs/attribution.md). No target: the issue\'s ' +
      `throughput target is for bulk loads. Median ${inc.wall.medianMs} ms wall (${((100 * inc.wall.medianMs) / interval).toFixed(1)} % ` +
      `of the interval), ${inc.cpu.medianMs} ms CPU; live attribution files ${inc.attributionFilesAfterBase} after the base, ` +
      `${inc.attributionFilesAfterSlices} after the increments.`,
    '',
    table(
      ['increment', 'raw lines', 'wall ms', 'CPU ms (all threads)', 'attribution partitions rewritten'],
      inc.runs.map((run, i) => [String(i + 1), run.lines, run.wallMs, run.cpuMs, run.partitionsRewritten]),
    ),
    '',
  ];
}

/** What compacting a lake's gold tables did: files before → after, and how long it took. */
function compactionText(m: LakeManifest): string {
  if (!m.compaction) return 'none';
  const t = Object.values(m.compaction.tables);
  const removed = t.reduce((n, x) => n + x.filesRemoved, 0);
  const added = t.reduce((n, x) => n + x.filesAdded, 0);
  return `${removed} files → ${added} in ${m.compaction.ms} ms`;
}

/** The largest value of the first and of the last third of a series (the whole series when it is short). */
function thirds(values: readonly number[]): [number, number] {
  const third = Math.max(1, Math.floor(values.length / 3));
  return [Math.max(...values.slice(0, third)), Math.max(...values.slice(-third))];
}
