import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src/engine/index.js';
import { ingestFiles } from '../../src/etl/landing.js';
import { runEtl } from '../../src/etl/run.js';
import { generate } from '../../src/generator/index.js';
import type { TruthInterval } from '../../src/generator/truth.js';
import type { ObjectStore } from '../../src/storage/types.js';
import type { LocalFileSource } from '../../src/table/index.js';

/** Build a lake the real way: generator logs → landing → ETL; returns the generator's ground truth. */
export async function buildEtlLake(
  store: ObjectStore,
  engine: Engine,
  scratch: string,
  options: { days: number; devices: number; seed: number; cache?: LocalFileSource },
): Promise<TruthInterval[]> {
  // Year-less syslog clocks must fall in the 12 months before ingest: start a few days ago, at midnight UTC.
  const start = new Date(Math.floor(Date.now() / 86_400_000 - options.days - 2) * 86_400_000).toISOString();
  await generate({ out: scratch, start, days: options.days, devices: options.devices, seed: options.seed, noiseRate: 0 });
  for (const source of ['dhcp', 'ise'] as const) {
    const dir = path.join(scratch, source);
    const files = (await readdir(dir)).sort().map((f) => path.join(dir, f));
    await ingestFiles(store, source, files);
  }
  await runEtl({ store, engine, cache: options.cache });
  const text = await readFile(path.join(scratch, 'truth.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as TruthInterval);
}
