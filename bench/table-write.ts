/**
 * End-to-end table write, and log replay with and without checkpoints, on a local store in a temp directory.
 *   npx tsx bench/table-write.ts [rows=500000] [commits=1000] [runs=3]
 * 1. TableWriter: gold ip_lookup rows over 24 hour partitions → appendBatch per hour (as the ETL's
 *    TableSink does) or append per row → finish (sorted COPY per partition, stats, upload) → commit;
 *    zstd and snappy; and many small files, where the per-file cost shows (files per CPU-second printed):
 *    the same rows over 168 hours (a 7-day run) and 2,000 one-row hours, with the small-file path off
 *    and on. Rows are built before the clock starts: producing them is the caller's cost.
 *    Baseline measured in the same process on the same rows: the bare DuckDB bulk load (columnar
 *    encoder, and the node-api data-chunk loader used before round 2) into a table, nothing else.
 *    The box is shared and noisy: medians of `runs` runs after a warm-up, wall and process CPU time.
 * 2. Opening a table whose log holds `commits` commits: JSON replay only vs. a checkpoint every 10.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkLoad, bulkLoadNodeApiChunks, createLoadTable } from '../src/engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../src/engine/column-types.js';
import { Engine } from '../src/engine/duckdb.js';
import { sqlIdent } from '../src/engine/sql.js';
import { ipLookupGold } from '../src/lake/gold.js';
import { LocalStore } from '../src/storage/local.js';
import { DeltaTable, TableWriter, type DataFile, type TableWriterOptions } from '../src/table/index.js';

const ROWS = Number(process.argv[2] ?? 500_000);
const COMMITS = Number(process.argv[3] ?? 1000);
const RUNS = Number(process.argv[4] ?? 3);
const dir = await mkdtemp(path.join(tmpdir(), 'iplake-bench-'));
const store = new LocalStore(dir);
const engine = await Engine.create();
const T0 = Date.UTC(2026, 10, 28);

interface Hour {
  values: { dt: string; hr: string };
  rows: CellValue[][];
}

function makeHours(n: number, days = 1): Hour[] {
  const hours = new Map<string, Hour>();
  for (let i = 0; i < n; i += 1) {
    const at = T0 + Math.floor((i * Math.round(days * 86_400_000)) / n); // integer maths: n rows over n hours get one each
    const iso = new Date(at).toISOString();
    const key = iso.slice(0, 13);
    let hour = hours.get(key);
    if (!hour) {
      hour = { values: { dt: iso.slice(0, 10), hr: iso.slice(11, 13) }, rows: [] };
      hours.set(key, hour);
    }
    hour.rows.push([
      at,
      `10.${(i * 7919) % 256}.${(i * 31) % 256}.${i % 256}`,
      `aa:bb:cc:00:${((i >> 8) % 256).toString(16).padStart(2, '0')}:${(i % 256).toString(16).padStart(2, '0')}`,
      i % 3 ? `user${i % 5000}` : null,
      i % 3 ? `user${i % 5000}` : null,
      'DHCPACK',
      'dhcp',
      i % 10 ? `host-${i % 7000}` : null,
      null,
      'dhcp_bronze',
      'landing/dhcp/2026/11/28/part-0001.log',
      i + 1,
    ]);
  }
  return [...hours.values()];
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function measure(fn: () => Promise<void>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wallMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** One warm-up, then the median (by wall time and by CPU time, separately) of RUNS runs. */
async function median(fn: () => Promise<void>): Promise<Sample> {
  await fn();
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await measure(fn));
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { wallMs: mid(samples.map((s) => s.wallMs)), cpuMs: mid(samples.map((s) => s.cpuMs)) };
}

const rate = (ms: number): string => `${((ROWS / ms) * 1000 / 1000).toFixed(0).padStart(5)}k rows/s`;
const show = (name: string, s: Sample): string =>
  `${name.padEnd(44)} wall ${s.wallMs.toFixed(0).padStart(6)} ms ${rate(s.wallMs)} | CPU ${s.cpuMs.toFixed(0).padStart(6)} ms ${rate(s.cpuMs)}`;

const hours = makeHours(ROWS);
const allRows = hours.flatMap((h) => h.rows);
console.log(`rows: ${ROWS} (${ipLookupGold.columns.length} columns, ${hours.length} hour partitions), runs: ${RUNS} + warm-up, node ${process.version}`);

// Baselines: the bare loader into one DuckDB table.
const loadColumns: LoadColumn[] = ipLookupGold.columns.map((c) => ({ name: c.name, type: c.type }));
let tableNo = 0;
const bare = async (load: typeof bulkLoad): Promise<void> => {
  const name = `bare_${tableNo++}`;
  await createLoadTable(engine, name, loadColumns);
  await load(engine, name, loadColumns, allRows);
  await engine.run(`DROP TABLE ${sqlIdent(name)}`);
};
const baseline = await median(() => bare(bulkLoad));
console.log(show('bare bulk load (columnar encoder)', baseline));
console.log(show('bare bulk load (node-api chunks, before)', await median(() => bare(bulkLoadNodeApiChunks))));

const table = await DeltaTable.create(store, ipLookupGold);
let bytes = 0;
let fileCount = 0;
const write = async (options: Partial<TableWriterOptions>, perRow: boolean, input: Hour[] = hours): Promise<void> => {
  const writer = await TableWriter.create(engine, table, options);
  for (const hour of input) {
    if (perRow) for (const row of hour.rows) await writer.append(hour.values, row);
    else await writer.appendBatch(hour.values, hour.rows);
  }
  const files: DataFile[] = await writer.finish();
  bytes = files.reduce((s, f) => s + f.size, 0);
  fileCount = files.length;
  await table.commitWithRetry({ operation: 'WRITE', add: files });
};
for (const [name, options, perRow] of [
  ['TableWriter appendBatch, zstd', { compression: 'zstd' }, false],
  ['TableWriter appendBatch, snappy', { compression: 'snappy' }, false],
  ['TableWriter append per row, zstd', { compression: 'zstd' }, true],
] as const) {
  const sample = await median(() => write(options, perRow));
  console.log(
    `${show(name, sample)}  (${(sample.wallMs / baseline.wallMs).toFixed(2)}x / ${(sample.cpuMs / baseline.cpuMs).toFixed(2)}x the bare load; ` +
      `${fileCount} files, ${(bytes / 1e6).toFixed(1)} MB)`,
  );
}

// Many small files, where the per-file cost shows: the rows over 168 hours (a 7-day run), and 2,000
// one-row hours (an attribution interval copied into every hour it spans). Each with the small-file
// path off (every file a DuckDB COPY) and on (the default).
const weekHours = makeHours(ROWS, 7);
const oneRowHours = makeHours(2000, 2000 / 24);
for (const [name, input] of [
  ['168 hours', weekHours],
  ['2,000 x 1 row', oneRowHours],
] as const) {
  for (const [how, options] of [
    ['DuckDB COPY only', { compression: 'zstd', smallFileRows: 0 }],
    ['small-file path', { compression: 'zstd' }],
  ] as const) {
    const sample = await median(() => write(options, false, input));
    const rows = input.reduce((n, h) => n + h.rows.length, 0);
    console.log(
      `TableWriter appendBatch, ${name}, ${how}`.padEnd(60) +
        ` wall ${sample.wallMs.toFixed(0).padStart(6)} ms | CPU ${sample.cpuMs.toFixed(0).padStart(6)} ms  ` +
        `(${rows} rows, ${fileCount} files: ${((fileCount / sample.cpuMs) * 1000).toFixed(0)} files per CPU-s, ` +
        `${((fileCount / sample.wallMs) * 1000).toFixed(0)} files/s wall, ${(bytes / 1e6).toFixed(1)} MB)`,
    );
  }
}

// Log replay: the same table shape with COMMITS commits, without and with checkpoints.
async function openTimes(name: string, checkpointInterval: number): Promise<void> {
  const spec = { ...ipLookupGold, name };
  const t = await DeltaTable.create(store, spec, { engine, checkpointInterval });
  const file: DataFile = {
    path: 'dt=2026-11-28/hr=00/part-x.parquet',
    partitionValues: { dt: '2026-11-28', hr: '00' },
    size: 1000,
    modificationTime: Date.now(),
    stats: { numRecords: 10, minValues: { IpAddress: '10.0.0.1' }, maxValues: { IpAddress: '10.0.0.9' }, nullCount: { IpAddress: 0 } },
  };
  for (let v = 1; v < COMMITS; v += 1) {
    await t.commit({ operation: 'WRITE', add: [{ ...file, path: `${file.path}.${v}` }], txn: { appId: 'bench', version: v } }, { readVersion: v - 1 });
  }
  const opens: number[] = [];
  const openCpus: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    let opened: DeltaTable | undefined;
    const sample = await measure(async () => {
      opened = await DeltaTable.open(store, spec, { engine });
    });
    if (opened?.snapshot().fileCount !== COMMITS - 1) throw new Error('bench: the reopened table lost files');
    opens.push(sample.wallMs);
    openCpus.push(sample.cpuMs);
  }
  opens.sort((a, b) => a - b);
  openCpus.sort((a, b) => a - b);
  const refreshes: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const start = performance.now();
    await t.refresh();
    refreshes.push(performance.now() - start);
  }
  refreshes.sort((a, b) => a - b);
  console.log(
    `open with ${COMMITS} commits, ${checkpointInterval > 0 ? `checkpoint every ${checkpointInterval}` : 'no checkpoints'}: ` +
      `median ${opens[3]!.toFixed(1)} ms wall, ${openCpus[3]!.toFixed(1)} ms CPU; no-op refresh median ${refreshes[10]!.toFixed(2)} ms`,
  );
}
await openTimes('log_json_only', 0);
await openTimes('log_checkpointed', 10);

await engine.close();
await rm(dir, { recursive: true, force: true });
