/**
 * The kill test: ETL child processes SIGKILLed at random moments, re-run until one completes, on copies of
 * one seed lake. After every kill the lake must pass the audit (linear logs, exactly-once runs, no snapshot file
 * missing) and be readable; after every completed round the tables must equal a clean run's, and vacuum (the
 * `iplake vacuum` policy: orphans older than the retention) must remove every orphan without changing a row.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/index.js';
import { vacuumTable } from '../../src/etl/index.js';
import { allTables } from '../../src/lake/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { repoRoot } from '../helpers/cli.js';
import type { EtlChildOptions } from './etl-child.js';
import { auditLake, orphanCount } from './lake-audit.js';
import { copyLanding, type SeedLake } from './seed-lake.js';
import { digestDifferences, hashLake, openIfExists, type LakeDigest } from './table-hash.js';

const CHILD = path.join(repoRoot, 'test', 'reliability', 'etl-child.ts');

/** When to kill: after the n-th step line (+ a few ms), or at a time since spawn. */
export type KillPlan = { afterStep: number; extraMs: number } | { atMs: number } | { never: true };

export interface ChildRun {
  /** Exit code, or null when killed. */
  code: number | null;
  killed: boolean;
  steps: string[];
  stderr: string;
  durationMs: number;
}

/** Run the ETL child on a local lake and kill it as planned. */
export function runEtlChild(options: EtlChildOptions, plan: KillPlan, timeoutMs = 300_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const steps: string[] = [];
    let stderr = '';
    let killed = false;
    let pending = '';
    const kill = (): void => {
      if (killed || child.exitCode !== null) return;
      killed = child.kill('SIGKILL');
    };
    const timers: NodeJS.Timeout[] = [setTimeout(kill, timeoutMs)];
    if ('atMs' in plan) timers.push(setTimeout(kill, plan.atMs));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.startsWith('E ')) continue;
        if (killed) continue; // printed after the kill signal left: the process may not have reached it
        steps.push(line.slice(2));
        if ('afterStep' in plan && steps.length === plan.afterStep) {
          if (plan.extraMs <= 0) kill();
          else timers.push(setTimeout(kill, plan.extraMs));
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, killed: killed && code === null, steps, stderr, durationMs: Date.now() - started });
    });
  });
}

/** The pipeline stage a kill interrupted, from the last step the child reported. */
export function stageOf(lastStep: string | undefined): string {
  if (lastStep === undefined || lastStep === 'start') return 'startup';
  const [kind, , table] = lastStep.split(' ');
  if (kind === 'plan') return 'plan';
  if (kind === 'read') return 'read (bronze/silver)';
  if (kind === 'gold') return 'gold (compute)';
  if (kind === 'done') return 'checkpoint';
  if (kind === 'commit') return `commit ${(table ?? '?').split('/')[0]}`;
  if (kind === 'after') {
    const what = lastStep.slice('after '.length);
    if (what === 'checkpoint') return 'checkpoint';
    return `commit ${what.replace(/^commit:/, '').split('/')[0]}`;
  }
  return 'other';
}

export interface KillCampaignOptions {
  workDir: string;
  seed: SeedLake;
  engine: Engine;
  /** Stop once this many SIGKILLs have landed (the last round is then run to completion). */
  kills: number;
  random: () => number;
  child?: Omit<EtlChildOptions, 'lake'>;
  log?: (line: string) => void;
}

export interface KillFigures {
  kills: number;
  rounds: number;
  attempts: number;
  /** Kills by the stage they interrupted. */
  byStage: Record<string, number>;
  killsAfterStep: number;
  killsAtRandomTime: number;
  /** Largest number of orphan data files seen after a kill (uploaded, never committed). */
  maxOrphans: number;
  /** Orphans present when rounds completed (left by killed attempts), before vacuum. */
  orphansAtCompletion: number;
  /** Files vacuum deleted at the end of rounds: those orphans plus files rewrites removed (tombstones). */
  vacuumDeleted: number;
  /** Orphans left after vacuum (must be 0). */
  orphansAfterVacuum: number;
  /** Hidden temporary files killed writers left in local lakes (never visible; not removed by vacuum). */
  tempFilesLeft: number;
  /** Rounds whose final tables equal the clean run's. */
  roundsEqual: number;
  rowsCompared: number;
  cleanRunMs: number;
  cleanSteps: number;
  /** Every invariant violation seen (must be empty). */
  problems: string[];
}

/** A clean child run on a fresh copy: the expected digest, the step list and the duration to aim kills at. */
export async function cleanRun(options: KillCampaignOptions): Promise<{ digest: LakeDigest; steps: string[]; durationMs: number }> {
  const lake = path.join(options.workDir, 'clean');
  await rm(lake, { recursive: true, force: true });
  await copyLanding(options.seed.store, new LocalStore(lake));
  const run = await runEtlChild({ ...options.child, lake }, { never: true });
  if (run.code !== 0) throw new Error(`kill test: the clean ETL run failed (exit ${run.code}): ${run.stderr}`);
  return { digest: await hashLake(options.engine, new LocalStore(lake)), steps: run.steps, durationMs: run.durationMs };
}

export async function runKillCampaign(options: KillCampaignOptions): Promise<KillFigures & { expected: LakeDigest }> {
  const log = options.log ?? (() => undefined);
  const clean = await cleanRun(options);
  const figures: KillFigures = {
    kills: 0, rounds: 0, attempts: 0, byStage: {}, killsAfterStep: 0, killsAtRandomTime: 0, maxOrphans: 0,
    orphansAtCompletion: 0, vacuumDeleted: 0, orphansAfterVacuum: 0, tempFilesLeft: 0, roundsEqual: 0, rowsCompared: 0,
    cleanRunMs: clean.durationMs, cleanSteps: clean.steps.length, problems: [],
  };
  const rowsOf = (d: LakeDigest): number => Object.values(d).reduce((n, t) => n + t.rows, 0);

  while (figures.kills < options.kills) {
    figures.rounds += 1;
    const dir = path.join(options.workDir, `round-${figures.rounds}`);
    await rm(dir, { recursive: true, force: true });
    const store = new LocalStore(dir);
    await copyLanding(options.seed.store, store);
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > options.kills + 20) throw new Error(`kill test: round ${figures.rounds} did not complete in ${attempt - 1} attempts`);
      figures.attempts += 1;
      const wantKill = figures.kills < options.kills;
      const byStep = options.random() < 0.6;
      const plan: KillPlan = !wantKill
        ? { never: true }
        : byStep
          ? { afterStep: 1 + Math.floor(options.random() * clean.steps.length), extraMs: Math.floor(options.random() * 40) }
          : { atMs: Math.floor(options.random() * clean.durationMs) };
      const run = await runEtlChild({ ...options.child, lake: dir }, plan);
      if (!run.killed && run.code !== 0) {
        figures.problems.push(`round ${figures.rounds} attempt ${attempt}: ETL exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
        return { ...figures, expected: clean.digest };
      }
      const audit = await auditLake(store, dir);
      figures.problems.push(...audit.problems.map((p) => `round ${figures.rounds} attempt ${attempt}: ${p}`));
      if (run.killed) {
        figures.kills += 1;
        if (byStep) figures.killsAfterStep += 1;
        else figures.killsAtRandomTime += 1;
        const stage = stageOf(run.steps[run.steps.length - 1]);
        figures.byStage[stage] = (figures.byStage[stage] ?? 0) + 1;
        figures.maxOrphans = Math.max(figures.maxOrphans, orphanCount(audit));
        // What a reader sees now must be readable: every snapshot file exists and parses.
        await hashLake(options.engine, store).catch((err: unknown) => {
          figures.problems.push(`round ${figures.rounds}: a reader failed after a kill at ${stage}: ${(err as Error).message}`);
        });
        log(`kill ${figures.kills}: round ${figures.rounds} attempt ${attempt}, ${stage}, orphans ${orphanCount(audit)}`);
        continue;
      }
      // Completed: compare, vacuum, compare again.
      const digest = await hashLake(options.engine, store);
      const diffs = digestDifferences(clean.digest, digest);
      figures.problems.push(...diffs.map((d) => `round ${figures.rounds}: ${d}`));
      if (diffs.length === 0) figures.roundsEqual += 1;
      figures.rowsCompared += rowsOf(digest);
      figures.tempFilesLeft += audit.tempFiles.length;
      figures.orphansAtCompletion += orphanCount(audit);
      const now = Date.now() + 2 * 3_600_000;
      for (const spec of allTables) {
        if (!(await openIfExists(store, spec))) continue;
        figures.vacuumDeleted += (await vacuumTable(store, spec, 3_600_000, { now })).deleted.length;
      }
      const after = await auditLake(store, dir);
      figures.orphansAfterVacuum += orphanCount(after);
      figures.problems.push(...after.problems.map((p) => `round ${figures.rounds} after vacuum: ${p}`));
      const vacuumed = digestDifferences(clean.digest, await hashLake(options.engine, store));
      figures.problems.push(...vacuumed.map((d) => `round ${figures.rounds} after vacuum: ${d}`));
      log(`round ${figures.rounds} complete after ${attempt} attempt(s): ${diffs.length === 0 ? 'equal' : 'DIFFERENT'}`);
      await rm(dir, { recursive: true, force: true });
      break;
    }
  }
  return { ...figures, expected: clean.digest };
}
