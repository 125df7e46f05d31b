/**
 * Generator throughput and memory: lines/s (wall and per CPU second) and peak RSS.
 *   node --import tsx bench/generator.ts [--devices 20000] [--days 5] [--seed 1] [--keep]
 * Default size ≈ 2 M lines. Output goes to a temp directory, removed afterwards unless --keep.
 */
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
    keep: { type: 'boolean', default: false },
  },
});

const out = await mkdtemp(join(tmpdir(), 'iplake-gen-bench-'));
const cpu0 = process.cpuUsage();
const summary = await generate({
  out,
  start: '2026-03-02T00:00:00Z',
  days: Number(values.days),
  devices: Number(values.devices),
  seed: Number(values.seed),
}, (p) => process.stderr.write(`\r${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.lines} lines  `));
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stderr.write('\n');

console.log(JSON.stringify({
  devices: summary.devices,
  days: Number(values.days),
  lines: summary.lines,
  truthIntervals: summary.truthIntervals.total,
  wallSeconds: +(summary.durationMs / 1000).toFixed(2),
  linesPerSecondWall: summary.linesPerSecond,
  cpuSeconds: +cpuSeconds.toFixed(2),
  cpuUserSeconds: +(cpu.user / 1e6).toFixed(2),
  cpuSystemSeconds: +(cpu.system / 1e6).toFixed(2),
  linesPerCpuSecond: Math.round(summary.lines.total / cpuSeconds),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  out: values.keep ? out : '(removed)',
}, null, 2));
if (!values.keep) await rm(out, { recursive: true, force: true });
