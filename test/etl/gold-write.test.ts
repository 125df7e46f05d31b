import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, sqlString } from '../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { generate } from '../../src/generator/index.js';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { DeltaTable, partitionPath, scanPaths } from '../../src/table/index.js';
import type { DataFile } from '../../src/table/types.js';
import { goldHash, tempLake, type TempLake } from './helpers.js';

/**
 * The attribution write of small runs that arrive in order, as a scheduled ETL sees them: each renewal rewrites
 * the hours its lease spans. Every run must leave one new file per partition it touches (not one for the kept rows
 * and one for the new copies, which grew each partition by a file per run) and leave it at most two files, with Delta
 * stats that say what the file holds (checked against DuckDB reading the file), and the same gold as one run over
 * everything.
 */
let engine: Engine;
let work: TempLake;
let genDir: string;

beforeAll(async () => {
  engine = await Engine.create();
  work = await tempLake();
  genDir = path.join(work.dir, 'gen');
  await generate({ out: genDir, days: 2, devices: 40, seed: 5, start: '2026-11-18T00:00:00Z' });
}, 120_000);

afterAll(async () => {
  await engine.close();
  await work.cleanup();
});

async function generated(source: 'dhcp' | 'ise'): Promise<string[]> {
  return (await readdir(path.join(genDir, source))).sort().map((f) => path.join(genDir, source, f));
}

/** Each DHCP file cut into `n` time-ordered pieces (DHCP lines stand alone, so any line boundary is a valid cut). */
async function dhcpPieces(n: number): Promise<string[][]> {
  const dir = path.join(work.dir, 'pieces');
  await mkdir(dir, { recursive: true });
  const pieces: string[][] = Array.from({ length: n }, () => []);
  for (const file of await generated('dhcp')) {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0);
    const size = Math.ceil(lines.length / n);
    for (let i = 0; i < n; i++) {
      const piece = path.join(dir, `${path.basename(file)}.${String(i).padStart(2, '0')}`);
      await writeFile(piece, lines.slice(i * size, (i + 1) * size).map((l) => `${l}\n`).join(''));
      pieces[i]?.push(piece);
    }
  }
  return pieces;
}

/** The files a commit added: in the snapshot at `version`, not in the one before. */
async function addedAt(table: DeltaTable, version: number): Promise<DataFile[]> {
  const before = new Set((await table.snapshotAt(version - 1)).files.map((f) => f.path));
  return (await table.snapshotAt(version)).files.filter((f) => !before.has(f.path));
}

describe('attribution gold written by small in-order runs', () => {
  it('adds one file per touched partition per run, leaves it at most two, with stats that match the file, and the same gold as one run', async () => {
    const steps = await tempLake();
    const whole = await tempLake();
    try {
      await ingestFiles(steps.store, 'ise', await generated('ise'));
      await ingestFiles(whole.store, 'ise', await generated('ise'));
      await ingestFiles(whole.store, 'dhcp', await generated('dhcp'));
      await runEtl({ store: whole.store, engine, maxObjectsPerRun: 100 });

      let opened: DeltaTable | undefined;
      let rewrites = 0;
      for (const piece of await dhcpPieces(6)) {
        await ingestFiles(steps.store, 'dhcp', piece);
        const summary = await runEtl({ store: steps.store, engine, maxObjectsPerRun: 100 });
        expect(summary.versions.length).toBe(1);
        // The table exists once the first run has created it.
        const table = (opened ??= await DeltaTable.open(steps.store, ipAttributionGold));
        const snapshot = await table.refresh();
        const added = await addedAt(table, snapshot.version);
        // One file per partition: no two added files share one.
        const partitions = added.map((f) => partitionPath(['dt', 'hr'], f.partitionValues));
        expect(new Set(partitions).size).toBe(partitions.length);
        rewrites += (await table.snapshotAt(snapshot.version - 1)).files.filter((f) => !snapshot.hasFile(f.path)).length;
        // Every partition this run wrote is left with at most two files (its new one, and at most one it kept).
        // (The added files name each written partition once, as checked above.)
        for (const file of added) expect(snapshot.filesInPartition(file.partitionValues).length).toBeLessThanOrEqual(2);

        // Stats as DuckDB reads them from each file (the oracle): rows, Start and IpAddress bounds, open intervals.
        const paths = await scanPaths(table, added);
        for (let i = 0; i < added.length; i++) {
          const stats = (added[i] as DataFile).stats;
          const [row] = await engine.query<{ n: bigint; lo: number; hi: number; ipLo: string; ipHi: string; open: bigint }>(
            `SELECT count(*) AS n, epoch_ms(min(Start)) AS lo, epoch_ms(max(Start)) AS hi, min(IpAddress) AS ipLo,
                    max(IpAddress) AS ipHi, count(*) - count("End") AS open
             FROM read_parquet(${sqlString(paths[i] as string)})`,
          );
          expect(stats).toBeDefined();
          expect(stats?.numRecords).toBe(Number(row?.n));
          expect(stats?.minValues.Start).toBe(Number(row?.lo));
          expect(stats?.maxValues.Start).toBe(Number(row?.hi));
          expect(stats?.minValues.IpAddress).toBe(row?.ipLo);
          expect(stats?.maxValues.IpAddress).toBe(row?.ipHi);
          expect(stats?.nullCount.End).toBe(Number(row?.open));
        }
      }
      // The runs did rewrite stored rows (renewals of leases from earlier runs), so the checks above saw rewrites.
      expect(rewrites).toBeGreaterThan(0);
      expect(await goldHash(engine, steps.store)).toBe(await goldHash(engine, whole.store));
    } finally {
      await steps.cleanup();
      await whole.cleanup();
    }
  }, 240_000);
});
