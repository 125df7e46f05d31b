/**
 * Concurrent writers: two ETL processes started together on the same lake, repeated. Each repetition uses a
 * fresh copy of the seed lake and one of four set-ups: the real CLI (`iplake etl`, one run for all objects) or the
 * crash-test child (one run per landing object, so the two processes interleave runs), each with the busy policy
 * `wait` or `exit`. Afterwards: the audit passes (linear logs, each run committed once per table), every run
 * number was completed by exactly one process, and the tables equal a single process's.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { repoRoot } from '../helpers/cli.js';
import { runEtlChild } from './kill-campaign.js';
import { auditLake } from './lake-audit.js';
import { copyLanding, type SeedLake } from './seed-lake.js';
import { digestDifferences, hashLake, type LakeDigest } from './table-hash.js';

export type WriterMode = 'cli-wait' | 'cli-exit' | 'child-wait' | 'child-exit';
export const writerModes: readonly WriterMode[] = ['cli-wait', 'cli-exit', 'child-wait', 'child-exit'];

interface WriterResult {
  code: number | null;
  busy: boolean;
  stderr: string;
}

const BUSY = /another ETL run .* is executing run/;

function runCli(lake: string, wait: boolean, cacheDir: string): Promise<WriterResult> {
  return new Promise((resolve, reject) => {
    // The installed CLI (bin/iplake.js → dist/, built by `npm test`), whose ETL runs in a heap-capped worker thread.
    const args = [path.join(repoRoot, 'bin/iplake.js'), 'etl', '--lake', lake, '--json', ...(wait ? ['--wait'] : [])];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, IPLAKE_LOG_FORMAT: 'json', IPLAKE_LOG_LEVEL: 'warn', IPLAKE_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, busy: BUSY.test(stderr), stderr }));
  });
}

async function runChild(lake: string, wait: boolean): Promise<WriterResult> {
  const run = await runEtlChild({ lake, maxObjectsPerRun: 1, onBusy: wait ? 'wait' : 'exit', leaseMs: 5_000, heartbeatMs: 500 }, { never: true });
  return { code: run.code, busy: BUSY.test(run.stderr), stderr: run.stderr };
}

/** One writer process of a mode. */
function writer(mode: WriterMode, lake: string, cacheDir: string): Promise<WriterResult> {
  const wait = mode.endsWith('-wait');
  return mode.startsWith('cli') ? runCli(lake, wait, cacheDir) : runChild(lake, wait);
}

export interface ConcurrentOptions {
  workDir: string;
  seed: SeedLake;
  engine: Engine;
  repetitions: number;
  random: () => number;
  log?: (line: string) => void;
}

export interface ConcurrentFigures {
  repetitions: number;
  byMode: Record<string, number>;
  /** Processes that exited because the other held the lake (busy policy `exit`). */
  busyExits: number;
  /** Repetitions in which both processes completed at least one run (they interleaved). */
  interleaved: number;
  /** Repetitions whose tables equal a single process's. */
  equal: number;
  rowsCompared: number;
  problems: string[];
}

/** The tables and log lengths one process alone produces, per set-up (CLI: one run; child: one run per object). */
async function reference(options: ConcurrentOptions, kind: 'cli' | 'child'): Promise<{ digest: LakeDigest; commits: Record<string, number>; runs: number }> {
  const lake = path.join(options.workDir, `single-${kind}`);
  await rm(lake, { recursive: true, force: true });
  const store = new LocalStore(lake);
  await copyLanding(options.seed.store, store);
  const result = await writer(kind === 'cli' ? 'cli-wait' : 'child-wait', lake, path.join(options.workDir, 'cache-ref'));
  if (result.code !== 0) throw new Error(`concurrent writers: the single ${kind} run failed (exit ${result.code}): ${result.stderr}`);
  const audit = await auditLake(store, lake);
  if (audit.problems.length > 0) throw new Error(`concurrent writers: the single ${kind} run left problems: ${audit.problems.join('; ')}`);
  return {
    digest: await hashLake(options.engine, store),
    commits: Object.fromEntries(audit.tables.map((t) => [t.table, t.commits])),
    runs: audit.checkpoints.length,
  };
}

export async function runConcurrentWriters(options: ConcurrentOptions): Promise<ConcurrentFigures & { expected: LakeDigest }> {
  const log = options.log ?? (() => undefined);
  const refs = { cli: await reference(options, 'cli'), child: await reference(options, 'child') };
  const figures: ConcurrentFigures = { repetitions: 0, byMode: {}, busyExits: 0, interleaved: 0, equal: 0, rowsCompared: 0, problems: [] };
  for (let i = 0; i < options.repetitions; i += 1) {
    const mode = writerModes[i % writerModes.length] as WriterMode;
    const kind = mode.startsWith('cli') ? 'cli' : 'child';
    const ref = refs[kind];
    const lake = path.join(options.workDir, `rep-${i}`);
    await rm(lake, { recursive: true, force: true });
    const store = new LocalStore(lake);
    await copyLanding(options.seed.store, store);
    // A random head start of up to 300 ms moves the race across startup, planning and the first commits.
    const stagger = Math.floor(options.random() * 300);
    const first = writer(mode, lake, path.join(options.workDir, `cache-${i}-a`));
    await new Promise((resolve) => setTimeout(resolve, stagger));
    const second = writer(mode, lake, path.join(options.workDir, `cache-${i}-b`));
    const results = await Promise.all([first, second]);
    const where = `repetition ${i + 1} (${mode}, stagger ${stagger} ms)`;
    figures.repetitions += 1;
    figures.byMode[mode] = (figures.byMode[mode] ?? 0) + 1;

    for (const r of results) {
      if (r.code === 0) continue;
      if (r.busy && mode.endsWith('-exit')) figures.busyExits += 1;
      else figures.problems.push(`${where}: a writer exited ${r.code}: ${r.stderr.slice(0, 1500)}`);
    }
    const audit = await auditLake(store, lake);
    figures.problems.push(...audit.problems.map((p) => `${where}: ${p}`));
    if (audit.checkpoints.length !== ref.runs) figures.problems.push(`${where}: ${audit.checkpoints.length} runs, a single process makes ${ref.runs}`);
    for (const t of audit.tables) {
      if (t.commits !== ref.commits[t.table]) {
        figures.problems.push(`${where}: ${t.table} has ${t.commits} commits, a single process makes ${ref.commits[t.table]}`);
      }
    }
    // Which process completed which run: from the run summaries each writes under _runs/.
    const completedBy = await runsCompletedByProcess(store);
    const all = completedBy.flat().sort((a, b) => a - b);
    if (all.some((v, k) => v !== k + 1)) figures.problems.push(`${where}: runs completed by the processes: ${JSON.stringify(completedBy)} (each run exactly once expected)`);
    if (completedBy.filter((v) => v.length > 0).length > 1) figures.interleaved += 1;
    const diffs = digestDifferences(ref.digest, await hashLake(options.engine, store));
    figures.problems.push(...diffs.map((d) => `${where}: ${d}`));
    if (diffs.length === 0) figures.equal += 1;
    figures.rowsCompared += Object.values(ref.digest).reduce((n, t) => n + t.rows, 0);
    log(`${where}: exits ${results.map((r) => r.code).join('/')}, runs ${JSON.stringify(completedBy)}, ${diffs.length === 0 ? 'equal' : 'DIFFERENT'}`);
    await rm(lake, { recursive: true, force: true });
  }
  return { ...figures, expected: refs.cli.digest };
}

/** Run numbers completed per process, from the run summaries under `_runs/` (one per process that did work). */
async function runsCompletedByProcess(store: LocalStore): Promise<number[][]> {
  const out: number[][] = [];
  for await (const info of store.list('_runs/')) {
    const summary = JSON.parse(new TextDecoder().decode(await store.get(info.key))) as { versions?: number[] };
    out.push(summary.versions ?? []);
  }
  return out;
}
