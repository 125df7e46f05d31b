/**
 * Inputs for the reliability runs: generated logs ingested once into a "seed" lake whose landing objects are
 * then copied, key for key, into each lake under test. Same keys ⇒ same IngestTime and LandingObject ⇒ a clean
 * run and a crashed/faulty/concurrent run must produce identical table rows.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ingestFiles, landingSources } from '../../src/etl/index.js';
import { generate, type GenerateSummary } from '../../src/generator/index.js';
import { LocalStore } from '../../src/storage/local.js';
import type { ObjectStore } from '../../src/storage/types.js';

export interface SeedOptions {
  /** Scratch directory: receives gen/ (logs) and seed/ (the seed lake). */
  dir: string;
  days?: number;
  devices?: number;
  seed?: number;
  /** Share of malformed/irrelevant lines, so quarantine is exercised too. */
  noiseRate?: number;
}

export const seedDefaults = { days: 1, devices: 24, seed: 7, noiseRate: 0.02 } as const;

export interface SeedLake {
  store: LocalStore;
  root: string;
  generated: GenerateSummary;
  /** Landing keys, in key order. */
  keys: string[];
}

/** Generate logs (recent enough for year-less syslog clocks) and ingest them into a new local seed lake. */
export async function buildSeedLake(options: SeedOptions): Promise<SeedLake> {
  const days = options.days ?? seedDefaults.days;
  const out = path.join(options.dir, 'gen');
  // Year-less syslog clocks must fall in the 12 months before ingest: start a few days ago, at midnight UTC.
  const start = new Date(Math.floor(Date.now() / 86_400_000 - days - 2) * 86_400_000).toISOString();
  const generated = await generate({
    out,
    start,
    days,
    devices: options.devices ?? seedDefaults.devices,
    seed: options.seed ?? seedDefaults.seed,
    noiseRate: options.noiseRate ?? seedDefaults.noiseRate,
  });
  const root = path.join(options.dir, 'seed');
  const store = new LocalStore(root);
  for (const source of landingSources) {
    const files = (await readdir(path.join(out, source))).sort().map((f) => path.join(out, source, f));
    await ingestFiles(store, source, files);
  }
  return { store, root, generated, keys: await landingKeys(store) };
}

export async function landingKeys(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list('landing/')) keys.push(info.key);
  return keys.sort();
}

/** Copy every landing object of a local seed lake into `target`, under the same keys (streamed from disk). */
export async function copyLanding(seed: LocalStore, target: ObjectStore): Promise<number> {
  let n = 0;
  for (const key of await landingKeys(seed)) {
    await target.putFile(key, seed.localPath(key) as string);
    n += 1;
  }
  return n;
}
