/**
 * Gateway latency over real HTTP on a lake built by the real pipeline (generator → ETL).
 *   node --import tsx bench/gateway.ts [days=3] [devices=300] [iterations=40] [memoryIndexBytes=server default]
 * Prints, per query shape: median and p95 latency (ms, client side, includes HTTP and JSON), the process CPU time
 * per request (server and client share the process; CPU is steadier than wall time on a shared box), and the
 * scans / files / bytes one request performs and who answered them (DuckDB or the memory index).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/index.js';
import type { TruthInterval } from '../src/generator/truth.js';
import { startServer } from '../src/server/index.js';
import { LocalStore } from '../src/storage/local.js';
import { buildEtlLake } from '../test/gateway/etl-lake.js';

const [days = 3, devices = 300, iterations = 40, memoryIndexBytes] = process.argv.slice(2).map(Number);
const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-bench-gw-'));
const engine = await Engine.create({ threads: 2 });
const store = new LocalStore(path.join(dir, 'lake'));
const built = performance.now();
const truth: TruthInterval[] = await buildEtlLake(store, engine, path.join(dir, 'logs'), { days, devices, seed: 3 });
console.log(`lake: ${days} days, ${devices} devices, ${truth.length} truth intervals, built in ${((performance.now() - built) / 1000).toFixed(1)} s`);

const server = await startServer({ store, port: 0, engine, cacheDir: path.join(dir, 'cache'), memoryIndexBytes });
const pick = truth.filter((t) => t.end !== null && t.userKey !== null)[Math.floor(truth.length / 3)] ?? (truth[0] as TruthInterval);
const start = Date.parse(pick.start);
const dayFrom = new Date(Math.floor(start / 86_400_000) * 86_400_000).toISOString();
const dayTo = new Date(Math.floor(start / 86_400_000) * 86_400_000 + 86_399_999).toISOString();
const allFrom = new Date(Math.min(...truth.map((t) => Date.parse(t.start)))).toISOString();
const allTo = new Date(Math.min(Date.parse(allFrom) + days * 86_400_000, Date.parse(allFrom) + 31 * 86_400_000)).toISOString();
const ips = [...new Set(truth.map((t) => t.ip))].slice(0, 50);

const queries: Record<string, string> = {
  'whoHad (1 hour partition)': `{ whoHad(ip: "${pick.ip}", at: "${new Date(start + 1000).toISOString()}") { mac userName start end } }`,
  'ip report, 1 day': `{ ip(address: "${pick.ip}", from: "${dayFrom}", to: "${dayTo}") { attributions { mac userName start end } users { name } macs { mac } events(first: 50) { totalCount edges { node { timestamp eventType } } } } }`,
  [`ip report, all ${days} days`]: `{ ip(address: "${pick.ip}", from: "${allFrom}", to: "${allTo}") { attributions { mac start } macs { mac } events(first: 50) { totalCount } } }`,
  [`user report, all ${days} days`]: `{ user(name: "${pick.userKey}", from: "${allFrom}", to: "${allTo}") { attributions { ip start } macs { mac ips { ip } } events(first: 50) { totalCount } } }`,
  [`ips x${ips.length}, 1 day`]: `{ ips(addresses: ${JSON.stringify(ips)}, from: "${dayFrom}", to: "${dayTo}") { ip attributions { mac start } users { name } } }`,
  'events page (1 day, first 100)': `{ events(filter: { from: "${dayFrom}", to: "${dayTo}" }, first: 100) { pageInfo { endCursor } edges { node { timestamp } } } }`,
};

for (const [name, query] of Object.entries(queries)) {
  const times: number[] = [];
  let scans = 0;
  let files = 0;
  let bytes = 0;
  let engines = '';
  let cpuMicros = 0;
  const seen: string[] = [];
  const stop = server.queryLayer.instrumentation.onScan((e) => seen.push(e.engine));
  for (let i = 0; i < iterations + 3; i += 1) {
    seen.length = 0;
    const cpu = process.cpuUsage();
    const before = server.queryLayer.instrumentation.snapshot();
    const t0 = performance.now();
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { errors?: unknown };
    const ms = performance.now() - t0;
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
    const after = server.queryLayer.instrumentation.snapshot();
    const used = process.cpuUsage(cpu);
    if (i >= 3) {
      times.push(ms); // after 3 warm-up requests
      cpuMicros += used.user + used.system;
    }
    engines = [...new Set(seen)].join('+');
    scans = after.scans - before.scans;
    files = after.files - before.files;
    bytes = after.bytes - before.bytes;
  }
  stop();
  times.sort((a, b) => a - b);
  const q = (p: number): string => (times[Math.min(times.length - 1, Math.floor(p * times.length))] as number).toFixed(1);
  const cpu = (cpuMicros / 1000 / iterations).toFixed(2);
  console.log(`${name.padEnd(32)} median ${q(0.5).padStart(7)} ms  p95 ${q(0.95).padStart(7)} ms  cpu ${cpu.padStart(6)} ms/req  scans ${scans} (${engines})  files ${files}  ${(bytes / 1024).toFixed(0)} KiB`);
}

const memory = server.queryLayer.memoryStats();
if (memory) console.log(`memory index: ${memory.files} files, ${memory.rows} rows, ${(memory.bytes / 2 ** 20).toFixed(1)} MiB (${(memory.bytes / Math.max(1, memory.rows)).toFixed(0)} B/row), loads ${memory.loads}, hits ${memory.hits}, fallbacks ${memory.fallbacks}`);
await server.close();
await engine.close();
await rm(dir, { recursive: true, force: true });
