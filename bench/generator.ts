/**
 * Generator throughput and memory: lines/s (wall and per CPU second) and peak RSS. With --threads 2 the CPU time is
 * split into the main thread (the simulation: what bounds the wall time when two cores are free) and the others
 * (the log writer thread, plus GC and I/O helpers), and the busiest of those (the writer) is reported, on Linux.
 *   node --import tsx bench/generator.ts [--devices 20000] [--days 5] [--seed 1] [--threads 2] [--keep]
 * Default size ≈ 2 M lines. Output goes to a temp directory, removed afterwards unless --keep.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from '../src/generator/index.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '20000' },
    days: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});

/** CPU seconds of each thread of this process so far (Linux /proc; empty elsewhere), by thread id. */
function threadCpuSeconds(): Map<number, number> {
  const seconds = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      // Fields after the parenthesised name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // not Linux, or a thread ended while being read: report what was read
  }
  return seconds;
}

/**
 * The busiest thread other than the main one (the log writer, with --threads 2), sampled every 200 ms: it is gone
 * once generate() returns, so the figure misses at most its last 200 ms.
 */
let busiestOther = 0;
const sampler = setInterval(() => {
  for (const [tid, seconds] of threadCpuSeconds()) if (tid !== process.pid) busiestOther = Math.max(busiestOther, seconds);
}, 200);
sampler.unref();
const mainThreadCpuSeconds = (): number | null => threadCpuSeconds().get(process.pid) ?? null;

const out = await mkdtemp(join(tmpdir(), 'iplake-gen-bench-'));
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpuSeconds();
const summary = await generate({
  out,
  start: '2026-03-02T00:00:00Z',
  days: Number(values.days),
  devices: Number(values.devices),
  seed: Number(values.seed),
  threads: values.threads === '1' ? 1 : 2,
}, (p) => process.stderr.write(`\r${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.lines} lines  `));
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadCpuSeconds();
clearInterval(sampler);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stderr.write('\n');

console.log(JSON.stringify({
  devices: summary.devices,
  days: Number(values.days),
  threads: Number(values.threads),
  lines: summary.lines,
  truthIntervals: summary.truthIntervals.total,
  wallSeconds: +(summary.durationMs / 1000).toFixed(2),
  linesPerSecondWall: summary.linesPerSecond,
  cpuSeconds: +cpuSeconds.toFixed(2),
  cpuUserSeconds: +(cpu.user / 1e6).toFixed(2),
  cpuSystemSeconds: +(cpu.system / 1e6).toFixed(2),
  mainThreadCpuSeconds: main0 === null || main1 === null ? null : +(main1 - main0).toFixed(2),
  otherThreadsCpuSeconds: main0 === null || main1 === null ? null : +(cpuSeconds - (main1 - main0)).toFixed(2),
  busiestOtherThreadCpuSeconds: busiestOther,
  linesPerCpuSecond: Math.round(summary.lines.total / cpuSeconds),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  out: values.keep ? out : '(removed)',
}, null, 2));
if (!values.keep) await rm(out, { recursive: true, force: true });
