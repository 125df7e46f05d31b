/**
 * End-to-end table write and log replay, on a local store in a temp directory.
 *   npx tsx bench/table-write.ts [rows=500000] [commits=200]
 * 1. TableWriter: rows of ip_lookup_gold over 24 hour partitions → append (bulk load into DuckDB) →
 *    finish (sorted COPY per partition, stats, upload) → commit.
 * 2. Opening a table whose log holds `commits` JSON commits (no checkpoints), and a no-op refresh.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CellValue } from '../src/engine/column-types.js';
import { Engine } from '../src/engine/duckdb.js';
import { ipLookupGold } from '../src/lake/gold.js';
import { LocalStore } from '../src/storage/local.js';
import { DeltaTable, TableWriter } from '../src/table/index.js';

const ROWS = Number(process.argv[2] ?? 500_000);
const COMMITS = Number(process.argv[3] ?? 200);
const dir = await mkdtemp(path.join(tmpdir(), 'iplake-bench-'));
const store = new LocalStore(dir);
const engine = await Engine.create();
const T0 = Date.UTC(2026, 10, 28);

const table = await DeltaTable.create(store, ipLookupGold);
const writer = await TableWriter.create(engine, table);
let t = performance.now();
for (let i = 0; i < ROWS; i += 1) {
  const at = T0 + Math.floor((i / ROWS) * 86_400_000);
  const row: CellValue[] = [
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
  ];
  const iso = new Date(at).toISOString();
  await writer.append({ dt: iso.slice(0, 10), hr: iso.slice(11, 13) }, row);
}
const appendMs = performance.now() - t;
t = performance.now();
const files = await writer.finish();
const finishMs = performance.now() - t;
t = performance.now();
await table.commit({ operation: 'WRITE', add: files }, { readVersion: 0 });
const commitMs = performance.now() - t;
const total = appendMs + finishMs + commitMs;
const bytes = files.reduce((s, f) => s + f.size, 0);
console.log(`write: ${ROWS} rows → ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (zstd)`);
console.log(`  append+bulk load ${appendMs.toFixed(0)} ms, finish (COPY+stats+upload) ${finishMs.toFixed(0)} ms, commit ${commitMs.toFixed(1)} ms`);
console.log(`  total ${total.toFixed(0)} ms = ${((ROWS / total) * 1000 / 1000).toFixed(0)}k rows/s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

for (let v = 1; v < COMMITS; v += 1) {
  await table.commit({ operation: 'WRITE', add: [{ ...files[0]!, path: `${files[0]!.path}.${v}` }] }, { readVersion: v });
}
const opens: number[] = [];
for (let i = 0; i < 5; i += 1) {
  t = performance.now();
  await DeltaTable.open(store, ipLookupGold);
  opens.push(performance.now() - t);
}
opens.sort((a, b) => a - b);
const refreshes: number[] = [];
for (let i = 0; i < 20; i += 1) {
  t = performance.now();
  await table.refresh();
  refreshes.push(performance.now() - t);
}
refreshes.sort((a, b) => a - b);
console.log(`log: open with ${COMMITS} commits median ${opens[2]!.toFixed(1)} ms; no-op refresh median ${refreshes[10]!.toFixed(2)} ms`);
await engine.close();
await rm(dir, { recursive: true, force: true });
