import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ingestFiles, runEtl, type EtlOptions } from '../../src/etl/index.js';
import { generate } from '../../src/generator/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { goldHash, readTable, repoRoot, tableHash, tempLake, type TempLake } from './helpers.js';

/**
 * Incremental = batch, and crash-safe: the same generated day ingested as 1 file per log or as many
 * pieces in shuffled order, or run with crashes between commits, must give the same gold.
 */
let engine: Engine;
let work: TempLake;
let genDir: string;
/** A lake whose landing area holds the generated files (copied into each test lake: same keys). */
let seedLake: string;
let cleanHash: string;
let cleanCounts: Record<string, number>;
let cleanSilverHash: string;

const tablesToCount = ['bronze/dhcp_bronze', 'bronze/ise_bronze', 'silver/dhcp_silver', 'silver/ise_radius_silver', 'silver/ise_auth_silver', 'silver/quarantine', 'gold/ip_lookup_gold'];

async function counts(store: LocalStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tablesToCount) out[t] = (await readTable(engine, store, t)).length;
  return out;
}

async function generatedFiles(source: 'dhcp' | 'ise'): Promise<string[]> {
  return (await readdir(path.join(genDir, source))).sort().map((f) => path.join(genDir, source, f));
}

async function lakeFromSeed(name: string): Promise<LocalStore> {
  const dir = path.join(work.dir, name);
  await cp(seedLake, dir, { recursive: true });
  return new LocalStore(dir);
}

const options = (store: LocalStore, extra: Partial<EtlOptions> = {}): EtlOptions => ({ store, engine, maxObjectsPerRun: 2, ...extra });

beforeAll(async () => {
  engine = await Engine.create();
  work = await tempLake();
  genDir = path.join(work.dir, 'gen');
  await generate({ out: genDir, days: 1, devices: 80, seed: 11, start: '2026-11-20T00:00:00Z' });
  seedLake = path.join(work.dir, 'seed');
  const seed = new LocalStore(seedLake);
  await ingestFiles(seed, 'dhcp', await generatedFiles('dhcp'));
  await ingestFiles(seed, 'ise', await generatedFiles('ise'));
  const clean = await lakeFromSeed('clean');
  await runEtl(options(clean));
  cleanHash = await goldHash(engine, clean, true);
  cleanCounts = await counts(clean);
  cleanSilverHash = await tableHash(engine, clean, 'silver/dhcp_silver');
}, 120_000);

afterAll(async () => {
  await engine.close();
  await work.cleanup();
});

/** Deterministic shuffle (mulberry32). */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

describe('incremental ETL', () => {
  it('gives the same gold for one file per log and for many pieces ingested in shuffled order over many runs', async () => {
    const whole = await lakeFromSeed('whole');
    await runEtl(options(whole, { maxObjectsPerRun: 100 }));

    const pieces = path.join(work.dir, 'pieces');
    await mkdir(pieces, { recursive: true });
    const dhcpPieces: string[] = [];
    for (const file of await generatedFiles('dhcp')) {
      // DHCP lines stand alone, so any line boundary is a valid cut: five pieces per file.
      const lines = (await readFile(file, 'utf8')).split('\n');
      const size = Math.ceil(lines.length / 5);
      for (let i = 0; i < 5; i++) {
        const piece = path.join(pieces, `${path.basename(file)}.${i}`);
        const part = lines.slice(i * size, (i + 1) * size).filter((l) => l.length > 0);
        await writeFile(piece, part.map((l) => `${l}\n`).join(''));
        dhcpPieces.push(piece);
      }
    }
    const split = await tempLake();
    try {
      // ISE files stay whole (segments are reassembled within an object), but arrive in another order.
      for (const [source, file] of shuffle(
        [...dhcpPieces.map((f) => ['dhcp', f] as const), ...(await generatedFiles('ise')).map((f) => ['ise', f] as const)],
        7,
      )) {
        await ingestFiles(split.store, source, [file]);
      }
      const summary = await runEtl(options(split.store, { maxObjectsPerRun: 3 }));
      expect(summary.versions.length).toBeGreaterThan(3);
      expect(await goldHash(engine, split.store)).toBe(await goldHash(engine, whole));
      // Sanity: the comparison is not between two empty tables.
      expect((await readTable(engine, whole, 'gold/ip_attribution_gold')).length).toBeGreaterThan(10);
    } finally {
      await split.cleanup();
    }
  }, 240_000);

  it('re-runs after a failure between any two commits give exactly the clean tables (no duplicate, no lost row)', async () => {
    // Steps: 9 table commits + attribution + checkpoint per run, several runs: crash at a spread of them.
    for (const crashAt of [1, 9, 10, 11, 15]) {
      const store = await lakeFromSeed(`crash-${crashAt}`);
      let step = 0;
      const crash = (name: string): void => {
        step += 1;
        if (step === crashAt) throw new Error(`injected crash after ${name}`);
      };
      await expect(runEtl(options(store, { afterStep: crash }))).rejects.toThrow(/injected crash/);
      const resumed = await runEtl(options(store));
      // Step 11 is after checkpoint 1: run 1 is complete and nothing needs resuming.
      expect(resumed.resumed, `crash at step ${crashAt}`).toEqual(crashAt === 11 ? [] : [1 + Math.floor((crashAt - 1) / 11)]);
      expect(await goldHash(engine, store, true), `crash at step ${crashAt}`).toBe(cleanHash);
      expect(await counts(store), `crash at step ${crashAt}`).toEqual(cleanCounts);
      expect(await tableHash(engine, store, 'silver/dhcp_silver')).toBe(cleanSilverHash);
    }
  }, 240_000);

  it('survives SIGKILL of the ETL process at random moments', async () => {
    const kills = Number(process.env.ETL_KILLS ?? 4);
    const store = await lakeFromSeed('sigkill');
    const child = path.join(repoRoot, 'test', 'etl', 'fixtures', 'etl-child.ts');
    let killed = 0;
    for (let i = 0; i < kills; i++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, store.root], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Startup (tsx + DuckDB) takes about a second; kill somewhere in the run after it.
      const delay = 900 + ((i * 7919) % 2500);
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      const timer = setTimeout(() => proc.kill('SIGKILL'), delay);
      const code = await exited;
      clearTimeout(timer);
      if (code === null) killed += 1;
      else expect(code, stderr).toBe(0);
    }
    expect(killed).toBeGreaterThan(0);
    await runEtl(options(store, { onBusy: 'wait', leaseMs: 1500 }));
    expect(await goldHash(engine, store, true)).toBe(cleanHash);
    expect(await counts(store)).toEqual(cleanCounts);
  }, 180_000);
});

