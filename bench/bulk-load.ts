/**
 * Bulk-load benchmark: which way gets JS rows into DuckDB fastest, exactly?
 *   npx tsx bench/bulk-load.ts [rows=200000]
 * Methods: (1) appender row by row with typed append calls, (2) appender fed node-api data chunks
 * (the loader before round 2), (3) the columnar encoder fed rows and (4) fed columns
 * (src/engine/column-chunks.ts), (5) NDJSON temp file + read_json, (6) quoted CSV + read_csv.
 * Wall time on a shared 2-core box is noisy, so process CPU time (JS + DuckDB threads) is reported too.
 * Each method loads the same gold-shaped rows into a fresh table; a checksum query proves they agree.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { bulkLoad, bulkLoadColumns, bulkLoadNodeApiChunks, createLoadTable, type LoadRow } from '../src/engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../src/engine/column-types.js';
import { Engine } from '../src/engine/duckdb.js';
import { sqlIdent, sqlString } from '../src/engine/sql.js';

const ROWS = Number(process.argv[2] ?? 200_000);
const columns: LoadColumn[] = [
  { name: 'EventTimestamp', type: 'timestamp' },
  { name: 'IpAddress', type: 'string' },
  { name: 'MacAddress', type: 'string' },
  { name: 'UserName', type: 'string' },
  { name: 'EventType', type: 'string' },
  { name: 'Source', type: 'string' },
  { name: 'Hostname', type: 'string' },
  { name: 'LandingObject', type: 'string' },
  { name: 'LineNumber', type: 'long' },
];

function makeRows(n: number): LoadRow[] {
  const rows: LoadRow[] = [];
  const t0 = Date.UTC(2026, 10, 28);
  for (let i = 0; i < n; i += 1) {
    rows.push([
      t0 + i * 37,
      `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      `aa:bb:cc:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      i % 3 === 0 ? null : `user${i % 5000}`,
      i % 2 ? 'DHCPACK' : 'RADIUS_START',
      i % 2 ? 'dhcp' : 'ise_radius',
      i % 10 === 0 ? null : `host-${i % 7000}\twith tab`,
      'landing/dhcp/2026/11/28/file-0001.log',
      i + 1,
    ]);
  }
  return rows;
}

async function rowByRow(engine: Engine, table: string, rows: readonly LoadRow[]): Promise<void> {
  await engine.withConnection(async (conn) => {
    const app = await conn.createAppender(table);
    for (const row of rows) {
      for (let c = 0; c < columns.length; c += 1) {
        const v = row[c];
        if (v === null || v === undefined) app.appendNull();
        else if (columns[c]?.type === 'timestamp') app.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(v as number) * 1000n));
        else if (columns[c]?.type === 'long') app.appendBigInt(BigInt(v as number));
        else app.appendVarchar(v as string);
      }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  });
}

async function ndjson(engine: Engine, table: string, rows: readonly LoadRow[]): Promise<void> {
  const file = path.join(tmpdir(), `bulk-${randomUUID()}.ndjson`);
  const out = createWriteStream(file);
  const names = columns.map((c) => c.name);
  let chunk = '';
  for (const row of rows) {
    const obj: Record<string, unknown> = {};
    names.forEach((n, i) => (obj[n] = row[i]));
    chunk += JSON.stringify(obj) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
  const spec = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type === 'timestamp' || c.type === 'long' ? 'BIGINT' : 'VARCHAR')}`).join(', ');
  const select = columns.map((c) => (c.type === 'timestamp' ? `make_timestamptz(${sqlIdent(c.name)} * 1000)` : sqlIdent(c.name))).join(', ');
  await engine.run(
    `INSERT INTO ${sqlIdent(table)} SELECT ${select} FROM read_json(${sqlString(file)}, format='newline_delimited', columns={${spec}})`,
  );
  await rm(file);
}

/** Quoted CSV: every string quoted ("" doubled), NULL unquoted-empty, so '' and NULL stay distinct. */
async function csv(engine: Engine, table: string, rows: readonly LoadRow[]): Promise<void> {
  const file = path.join(tmpdir(), `bulk-${randomUUID()}.csv`);
  const out = createWriteStream(file);
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < columns.length; c += 1) {
      const v = row[c];
      if (c > 0) line += ',';
      if (v === null || v === undefined) continue;
      line += typeof v === 'string' ? `"${v.replaceAll('"', '""')}"` : String(v);
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.on('finish', () => r()));
  const spec = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type === 'timestamp' || c.type === 'long' ? 'BIGINT' : 'VARCHAR')}`).join(', ');
  const select = columns.map((c) => (c.type === 'timestamp' ? `make_timestamptz(${sqlIdent(c.name)} * 1000)` : sqlIdent(c.name))).join(', ');
  await engine.run(
    `INSERT INTO ${sqlIdent(table)} SELECT ${select} FROM read_csv(${sqlString(file)}, header=false, delim=',', quote='"', escape='"', ` +
      `strict_mode=true, allow_quoted_nulls=false, columns={${spec}})`,
  );
  await rm(file);
}

/** The same rows as columns, built outside the timed region (a columnar producer's natural shape). */
let columnar: CellValue[][] = [];

const methods: [string, (e: Engine, t: string, r: readonly LoadRow[]) => Promise<void>][] = [
  ['appender row-by-row', rowByRow],
  ['node-api data chunks (old bulkLoad)', (e, t, r) => bulkLoadNodeApiChunks(e, t, columns, r)],
  ['columnar encoder, row input (bulkLoad)', (e, t, r) => bulkLoad(e, t, columns, r)],
  ['columnar encoder (bulkLoadColumns)', (e, t) => bulkLoadColumns(e, t, columns, columnar, ROWS)],
  ['NDJSON file + read_json', ndjson],
  ['quoted CSV file + read_csv', csv],
];

const engine = await Engine.create();
const rows = makeRows(ROWS);
columnar = columns.map((_, c) => rows.map((r) => r[c] ?? null));
console.log(`rows: ${ROWS}, columns: ${columns.length}, node ${process.version}`);
for (const [name, fn] of methods) {
  const times: number[] = [];
  const cpus: number[] = [];
  let checksum = '';
  for (let run = 0; run < 4; run += 1) {
    const table = `bench_${run}_${randomUUID().slice(0, 8)}`;
    await createLoadTable(engine, table, columns);
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    await fn(engine, table, rows);
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    if (run > 0) {
      times.push(ms); // first run is warm-up
      cpus.push((cpu.user + cpu.system) / 1000);
    }
    const [sum] = await engine.query<{ n: number; h: number }>(
      `SELECT count(*) AS n, sum(hash(${columns.map((c) => sqlIdent(c.name)).join(', ')}))::DOUBLE AS h FROM ${sqlIdent(table)}`,
    );
    checksum = `${sum?.n}/${sum?.h}`;
    await engine.run(`DROP TABLE ${sqlIdent(table)}`);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  const cpuMedian = cpus[Math.floor(cpus.length / 2)] as number;
  console.log(
    `${name.padEnd(40)} median ${median.toFixed(0).padStart(6)} ms wall ${(ROWS / (median / 1000) / 1000).toFixed(0).padStart(5)}k rows/s` +
      ` | ${cpuMedian.toFixed(0).padStart(5)} ms CPU  checksum ${checksum}`,
  );
}
await engine.close();
