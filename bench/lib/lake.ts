import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What building one lake cost, recorded next to it; its presence marks a complete, reusable lake. */
export interface LakeManifest {
  days: number;
  devices: number;
  seed: number;
  /** First generated instant (ISO). */
  start: string;
  builtAt: string;
  generatedLines: number;
  /** Raw lines the ETL read end to end (landing → committed gold). */
  etlLines: number;
  generateMs: number;
  ingestMs: number;
  etlMs: number;
  etlLinesPerSecond: number;
  /** Peak RSS of the building process during the ETL (sampled every 50 ms). */
  etlPeakRssMB: number;
  processMaxRssMB: number;
  goldEventRows: number;
  attributionIntervals: number;
  runs: number;
  /** Gold compaction after loading (compact-lake.mjs), absent on lakes built before the bench compacted. */
  compaction?: { ms: number; tables: Record<string, { partitions: number; filesRemoved: number; filesAdded: number; filesDeleted: number }> };
}

export interface BuiltLake {
  /** Local lake root (what `startServer({ lake })` and the baseline's globs read). */
  root: string;
  manifest: LakeManifest;
  /** True when an earlier bench run built it (its ETL figures are from then). */
  cached: boolean;
}

/** Build a lake of `devices` devices, or reuse the one an earlier run built with the same parameters. */
export async function ensureLake(dataDir: string, days: number, devices: number, seed: number): Promise<BuiltLake> {
  const dir = path.join(dataDir, `lake-d${days}-n${devices}-s${seed}`);
  const manifestFile = path.join(dir, 'manifest.json');
  const cached = existsSync(manifestFile);
  if (!cached) {
    console.log(`building lake: ${days} days, ${devices} devices (seed ${seed}) in ${dir}`);
    await runChild(new URL('./build-lake.mjs', import.meta.url).pathname, [dir, String(days), String(devices), String(seed)]);
  }
  let manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as LakeManifest;
  // Queried lakes are compacted, as a deployment keeps them: one file per gold hour, not one per ETL run.
  if (!manifest.compaction) {
    console.log(`compacting the gold tables of ${dir}`);
    await runChild(new URL('./compact-lake.mjs', import.meta.url).pathname, [dir]);
    manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as LakeManifest;
  }
  return { root: path.join(dir, 'lake'), manifest, cached };
}

function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // The compiled pipeline, as `iplake etl` runs it (see build-lake.mjs).
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench: ${path.basename(script)} failed (exit ${code}): ${last}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench: ${path.basename(script)} printed no JSON result: ${last}`));
      }
    });
  });
}
