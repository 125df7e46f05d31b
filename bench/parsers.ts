/**
 * Parser throughput: lines per second per parser, one core, median of several runs.
 *   node --import tsx bench/parsers.ts [lines=200000] [runs=7]
 * Targets (assignment): DHCP ≥ 500,000 lines/s, ISE ≥ 150,000 lines/s.
 * Lines are generated in-script with a seeded PRNG so runs are comparable; the mix follows what an Infoblox
 * feed carries (mostly REQUEST/ACK pairs, renewals, some DISCOVER/OFFER, releases, expiries, named noise).
 */
import { createDhcpParser } from '../src/parsers/index.js';
import type { LineRef, ParseContext } from '../src/parsers/index.js';

const LINES = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 7);

/** mulberry32: tiny seeded PRNG, good enough for picking test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------ DHCP

function dhcpLines(count: number): string[] {
  const rand = rng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const hex2 = (): string => Math.floor(rand() * 256).toString(16).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'];
  const servers = ['ib-grid-01.corp.example', 'ib-grid-02.corp.example', '10.20.0.5'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = 1 + Math.floor(rand() * 28);
    const clock = `${pick(months)} ${day < 10 ? ` ${day}` : day} ${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
    const header = `<30>${clock} ${pick(servers)} dhcpd[${1000 + Math.floor(rand() * 30000)}]: `;
    const mac = `${hex2()}:${hex2()}:${hex2()}:${hex2()}:${hex2()}:${hex2()}`;
    const ip = `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
    const host = rand() < 0.7 ? ` (WS-${Math.floor(rand() * 100000)})` : '';
    const via = rand() < 0.5 ? 'eth1' : `10.${Math.floor(rand() * 256)}.0.1`;
    const tid = Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0');
    const r = rand();
    let body: string;
    if (r < 0.3) body = `DHCPACK on ${ip} to ${mac}${host} via ${via} relay ${via} lease-duration 28800${rand() < 0.6 ? ' (RENEW)' : ''} uid 01:${mac}`;
    else if (r < 0.55) body = `DHCPREQUEST for ${ip}${rand() < 0.3 ? ' (10.20.0.5)' : ''} from ${mac}${host} via ${via} TransID ${tid} uid 01:${mac}${rand() < 0.6 ? ' (RENEW)' : ''}`;
    else if (r < 0.65) body = `DHCPDISCOVER from ${mac}${host} via ${via} TransID ${tid} uid 01:${mac}`;
    else if (r < 0.75) body = `DHCPOFFER on ${ip} to ${mac}${host} via ${via} relay ${via} lease-duration 119 offered-duration 28800 uid 01:${mac}`;
    else if (r < 0.8) body = `DHCPRELEASE of ${ip} from ${mac}${host} via ${via} (found) TransID ${tid} uid 01:${mac}`;
    else if (r < 0.85) body = `DHCPEXPIRE on ${ip} to ${mac}`;
    else if (r < 0.88) body = `DHCPINFORM from ${ip} via ${via} TransID ${tid}`;
    else if (r < 0.9) body = `DHCPNAK on ${ip} to ${mac} via ${via}`;
    else if (r < 0.92) body = `r-l-e:${ip},Renewed,WS-${Math.floor(rand() * 100000)},${mac},1767225600,1767254400,,$`;
    else if (r < 0.94) body = `DHCPDISCOVER from ${mac} via ${via} TransID ${tid}: network 10.50.0.0/20: no free leases`;
    else {
      out.push(`<30>${clock} ${pick(servers)} named[2211]: client ${ip}#53211 (host${i}.corp.example): query: host${i}.corp.example IN A + (10.20.0.5)`);
      continue;
    }
    out.push(header + body);
  }
  return out;
}

// ------------------------------------------------------------------ harness

interface BenchResult {
  parser: string;
  zone: string;
  lines: number;
  records: number;
  /** Lines per second of this process's CPU time: robust when other processes share the cores. */
  medianCpuLinesPerSecond: number;
  /** Lines per second of wall-clock time: what a dedicated core would see only on an idle machine. */
  medianWallLinesPerSecond: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(parser: string, zone: string, lines: readonly string[], parseAll: (lines: readonly string[]) => number): BenchResult {
  let records = parseAll(lines); // warm-up: JIT and caches
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    records = parseAll(lines);
    const cpu = process.cpuUsage(cpuStart);
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    cpuRates.push(Math.round(lines.length / ((cpu.user + cpu.system) / 1e6)));
    wallRates.push(Math.round(lines.length / wallSeconds));
  }
  return { parser, zone, lines: lines.length, records, medianCpuLinesPerSecond: median(cpuRates), medianWallLinesPerSecond: median(wallRates) };
}

function benchDhcp(): BenchResult[] {
  const lines = dhcpLines(LINES);
  const parse = createDhcpParser();
  const ref: LineRef = { object: 'bench', line: 0, offset: 0 };
  const run = (ctx: ParseContext) => (all: readonly string[]): number => {
    let ok = 0;
    for (let i = 0; i < all.length; i++) {
      ref.line = i + 1;
      if (parse(all[i]!, ref, ctx).ok) ok++;
    }
    return ok;
  };
  const ingestTime = Date.parse('2026-11-28T00:00:00Z');
  return [
    measure('dhcp', 'UTC', lines, run({ ingestTime })),
    measure('dhcp', 'America/New_York', lines, run({ ingestTime, timeZone: 'America/New_York' })),
  ];
}

const fmt = (n: number): string => n.toLocaleString('en-US').padStart(11);
const results: BenchResult[] = [...benchDhcp()];
console.log(`median of ${RUNS} runs over ${LINES} lines; CPU = lines per second of process CPU time, wall = per elapsed second`);
for (const r of results) {
  console.log(`${r.parser.padEnd(6)} ${r.zone.padEnd(18)} CPU ${fmt(r.medianCpuLinesPerSecond)} lines/s   wall ${fmt(r.medianWallLinesPerSecond)} lines/s   (${r.records}/${r.lines} records)`);
}
