import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The ETL as users run it: `node bin/iplake.js etl --lake <scratch> --json` as its own process, over a generated
 * landing zone cached under bench/data/ (the CLI's `generate` then `ingest`, so the objects are what a deployment
 * lands: one file per log server and day).
 */

/** A cached landing zone: its parameters, and its presence marks it complete. */
export interface LandingManifest {
  days: number;
  devices: number;
  seed: number;
  start: string;
  generatedLines: number;
  objects: number;
  bytes: number;
  builtAt: string;
  generateMs: number;
  ingestMs: number;
}

export interface Landing {
  /** The lake whose `landing/` holds the objects (nothing else is ever written there). */
  lakeRoot: string;
  manifest: LandingManifest;
  cached: boolean;
}

/** What one `iplake etl --json` process measured. */
export interface EtlCommandTiming {
  lines: number;
  wallMs: number;
  /** User + system CPU of the process, all threads (DuckDB's and V8's helpers included). */
  cpuMs: number;
  linesPerSecond: number;
  /** The process's VmHWM (peak resident set), read from /proc while it runs. */
  peakRssMB: number;
  /** Planned runs (checkpoint versions) the command executed. */
  runs: number;
  /**
   * Peak resident set during each run, in run order (VmRSS sampled every 100 ms, a run being the time until its
   * checkpoint appears): whether memory follows what a run reads, or grows with what the lake already holds.
   */
  runPeakRssMB: number[];
}

const cli = new URL('../../bin/iplake.js', import.meta.url).pathname;

/** Generate and ingest `devices` devices over `days` days, or reuse the landing an earlier run made. */
export async function ensureLanding(dataDir: string, days: number, devices: number, seed: number): Promise<Landing> {
  const dir = path.join(dataDir, `landing-d${days}-n${devices}-s${seed}`);
  const manifestFile = path.join(dir, 'manifest.json');
  const lakeRoot = path.join(dir, 'lake');
  if (existsSync(manifestFile)) {
    return { lakeRoot, manifest: JSON.parse(await readFile(manifestFile, 'utf8')) as LandingManifest, cached: true };
  }
  console.log(`generating a landing zone: ${days} days, ${devices} devices (seed ${seed}) in ${dir}`);
  await rm(dir, { recursive: true, force: true });
  const gen = path.join(dir, 'gen');
  // Year-less syslog clocks must fall within the 12 months before ingest: end the period two days ago.
  const start = new Date((Math.floor(Date.now() / 86_400_000) - days - 2) * 86_400_000).toISOString();
  const genStarted = performance.now();
  const generated = JSON.parse(
    (await runCli(['generate', '--out', gen, '--start', start, '--days', String(days), '--devices', String(devices), '--seed', String(seed)])).stdout,
  ) as { lines: { total: number } };
  const generateMs = performance.now() - genStarted;
  const ingestStarted = performance.now();
  let objects = 0;
  for (const source of ['dhcp', 'ise']) {
    const files = (await readdir(path.join(gen, source))).sort().map((f) => path.join(gen, source, f));
    await runCli(['ingest', '--lake', lakeRoot, '--source', source, ...files]);
    objects += files.length;
  }
  const ingestMs = performance.now() - ingestStarted;
  await rm(gen, { recursive: true, force: true });
  const manifest: LandingManifest = {
    days,
    devices,
    seed,
    start,
    generatedLines: generated.lines.total,
    objects,
    bytes: await treeBytes(path.join(lakeRoot, 'landing')),
    builtAt: new Date().toISOString(),
    generateMs: Math.round(generateMs),
    ingestMs: Math.round(ingestMs),
  };
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  return { lakeRoot, manifest, cached: false };
}

/**
 * One `iplake etl --json` over a fresh scratch lake whose landing is the cached one (hard links: nothing is copied,
 * and the ETL only reads landing objects), or its objects of the given sources only; then the scratch lake is deleted.
 */
export async function measureEtlCommand(
  landing: Landing,
  scratch: string,
  sources: readonly ('dhcp' | 'ise')[] = ['dhcp', 'ise'],
): Promise<EtlCommandTiming> {
  await rm(scratch, { recursive: true, force: true });
  for (const source of sources) {
    await linkTree(path.join(landing.lakeRoot, 'landing', source), path.join(scratch, 'landing', source));
  }
  try {
    const started = performance.now();
    const { summary, usage } = await etlJson(scratch);
    const wallMs = performance.now() - started;
    const lines = linesOf(summary);
    return {
      lines,
      wallMs: Math.round(wallMs),
      cpuMs: usage.cpuMs,
      linesPerSecond: Math.round((lines * 1000) / wallMs),
      peakRssMB: Math.round(usage.peakRssKB / 1024),
      runs: summary.versions.length,
      runPeakRssMB: perRun(usage.runPeakRssKB, summary.versions.length).map((kb) => Math.round(kb / 1024)),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The fields of `iplake etl --json`'s summary the bench reads. */
export interface EtlJsonSummary {
  status: string;
  lines: Record<string, number>;
  versions: number[];
  intervals: { partitions: number };
}

/** Raw lines a summary says were read, all sources. */
export const linesOf = (summary: EtlJsonSummary): number => Object.values(summary.lines).reduce((a, b) => a + b, 0);

/**
 * `iplake etl --lake <lake> --json` as its own process, with the CLI's own settings (heap cap included), as users run
 * it: its summary (a run that did not complete throws) and the process's usage (see runCli).
 */
export async function etlJson(lake: string): Promise<{ summary: EtlJsonSummary; usage: ProcessUsage }> {
  const { stdout, usage } = await runCli(['etl', '--lake', lake, '--json'], {}, path.join(lake, '_etl', 'checkpoints'));
  const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '') as EtlJsonSummary;
  if (summary.status !== 'completed') throw new Error(`bench: iplake etl ended with status ${summary.status}`);
  return { summary, usage };
}

export interface ProcessUsage {
  peakRssKB: number;
  cpuMs: number;
  /** Peak VmRSS per ETL run (index = checkpoints committed when sampled). */
  runPeakRssKB: number[];
}

/** Run the CLI, measured as runNodeScript does. */
function runCli(args: string[], env: Record<string, string> = {}, checkpoints?: string): Promise<{ stdout: string; usage: ProcessUsage }> {
  return runNodeScript(cli, args, env, checkpoints);
}

/**
 * Run a Node script as its own process and read its peak RSS (VmHWM, a high-water mark kept by the kernel), current RSS
 * and CPU from /proc every 100 ms; with `checkpoints` (a lake's checkpoint directory), also count the checkpoints
 * committed so far, for the peak per ETL run. The last reading is at most 100 ms before exit: close enough for runs of
 * ten seconds or more.
 */
export function runNodeScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  checkpoints?: string,
): Promise<{ stdout: string; usage: ProcessUsage }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, IPLAKE_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const usage: ProcessUsage = { peakRssKB: 0, cpuMs: 0, runPeakRssKB: [] };
    const read = (): void => {
      const now = child.pid === undefined ? undefined : readUsage(child.pid);
      if (now === undefined) return;
      usage.peakRssKB = now.peakRssKB;
      usage.cpuMs = now.cpuMs;
      if (checkpoints === undefined) return;
      const run = committedCheckpoints(checkpoints);
      usage.runPeakRssKB[run] = Math.max(usage.runPeakRssKB[run] ?? 0, now.rssKB);
    };
    const sampler = setInterval(read, 100);
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`bench: ${path.basename(script)} ${args[0]} failed (exit ${code}): ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`));
      resolve({ stdout, usage });
    });
  });
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** Samples by checkpoints committed → one peak per run: what came after the last checkpoint (closing) counts for the last run. */
function perRun(samples: readonly (number | undefined)[], runs: number): number[] {
  const peaks = Array.from({ length: runs }, (_, i) => samples[i] ?? 0);
  for (let i = runs; i < samples.length; i += 1) if (runs > 0) peaks[runs - 1] = Math.max(peaks[runs - 1] as number, samples[i] ?? 0);
  return peaks;
}

/** Checkpoints (`NNNNNNNNNN.json`, not their leases) in the directory: the runs committed so far. */
function committedCheckpoints(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => /^\d+\.json$/.test(name)).length;
  } catch {
    return 0; // not created yet
  }
}

/** VmHWM, VmRSS and utime + stime of a live process; undefined once it is gone (or off Linux). */
function readUsage(pid: number): { peakRssKB: number; rssKB: number; cpuMs: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (!hwm || !rss) return undefined;
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { peakRssKB: Number(hwm[1]), rssKB: Number(rss[1]), cpuMs: Math.round((ticks * 1000) / ticksPerSecond) };
  } catch {
    return undefined;
  }
}

/** Mirror `from` under `to` with hard links (same file system: bench/data). */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target);
  }
}

async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
