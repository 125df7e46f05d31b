import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { readLatestCheckpoint } from '../../src/etl/checkpoint.js';
import { ingestFiles, runEtl, type EtlOptions } from '../../src/etl/index.js';
import { generate } from '../../src/generator/index.js';
import { silverTables } from '../../src/lake/silver.js';
import { LocalStore } from '../../src/storage/local.js';
import { tableHash, tempLake, type TempLake } from './helpers.js';

/**
 * A landing object larger than a run is read over several runs, a line range each. Whatever the cuts, the lake
 * must end exactly as if every object had been read whole in one run: same bronze (absolute line numbers and
 * offsets), silver, quarantine and gold, lineage included. The ISE object interleaves two-segment messages with
 * single ones and `\`-continued lines, so cuts land next to multi-line messages; plain and gzip objects of both sources.
 */
let engine: Engine;
let work: TempLake;
let seedLake: string;
let wholeHashes: Record<string, string>;
/** Text of each landing object, by key. */
const texts = new Map<string, string>();

const BUDGET = 40_000;
const tables = ['bronze/dhcp_bronze', 'bronze/ise_bronze', ...silverTables.map((t) => `silver/${t.spec.name}`), 'silver/quarantine', 'gold/ip_lookup_gold', 'gold/ip_attribution_gold'];

async function hashes(store: LocalStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) out[t] = await tableHash(engine, store, t);
  return out;
}

async function lakeFromSeed(name: string): Promise<LocalStore> {
  const dir = path.join(work.dir, name);
  await cp(seedLake, dir, { recursive: true });
  return new LocalStore(dir);
}

// A short reassembly window, so orphans age out (and a stop must look ahead past them) within this small landing.
const options = (store: LocalStore, extra: Partial<EtlOptions> = {}): EtlOptions => ({ store, engine, iseParser: { maxLineDistance: 25 }, ...extra });

/**
 * psn01 (single-segment) and psn02 (multi-segment) lines alternated, with a `\`-continued message every 7th line and
 * the first segment of every 9th line lost (its other segments are orphans, held for the reassembler's window).
 */
function iseText(psn01: string[], psn02: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < Math.max(psn01.length, psn02.length); i += 1) {
    if (psn01[i] !== undefined) out.push(psn01[i] as string);
    const lost = i % 9 === 0 && / CISE_\w+ \d+ [2-9] 0 /.test(psn02[i] ?? '');
    if (psn02[i] !== undefined && !lost) out.push(psn02[i] as string);
    if (i % 7 === 3 && psn01[i] !== undefined) {
      out.push(`${psn01[i] as string}, Note=first half\\`, 'second half of a value with an embedded newline');
    }
  }
  return out.map((l) => `${l}\n`).join('');
}

beforeAll(async () => {
  engine = await Engine.create();
  work = await tempLake();
  const gen = path.join(work.dir, 'gen');
  await generate({ out: gen, days: 1, devices: 80, seed: 11, start: '2026-11-20T00:00:00Z' });
  const lines = async (file: string): Promise<string[]> => (await readFile(path.join(gen, file), 'utf8')).split('\n').filter((l) => l.length > 0);
  const dhcp = await lines('dhcp/infoblox-01-2026-11-20.log');
  const ise = iseText(await lines('ise/ise-psn01-2026-11-20.log'), await lines('ise/ise-psn02-2026-11-20.log')).split('\n').slice(0, -1);
  const join = (part: string[]): string => part.map((l) => `${l}\n`).join('');
  const split = (all: string[], at: number): [string, string] => [join(all.slice(0, at)), join(all.slice(at))];
  const [dhcpPlain, dhcpGzip] = split(dhcp, Math.floor(dhcp.length * 0.6));
  // A message cut between the two objects leaves orphans at the start of the second.
  const [isePlain, iseGzip] = split(ise, Math.floor(ise.length * 0.6));
  const files: Array<{ source: 'dhcp' | 'ise'; name: string; text: string; gzip: boolean }> = [
    { source: 'dhcp', name: 'dhcp-a.log', text: dhcpPlain, gzip: false },
    { source: 'dhcp', name: 'dhcp-b.log.gz', text: dhcpGzip, gzip: true },
    { source: 'dhcp', name: 'dhcp-small.log', text: await readFile(path.join(gen, 'dhcp/infoblox-02-2026-11-20.log'), 'utf8'), gzip: false },
    { source: 'ise', name: 'ise-a.log', text: isePlain, gzip: false },
    { source: 'ise', name: 'ise-b.log.gz', text: iseGzip, gzip: true },
  ];
  seedLake = path.join(work.dir, 'seed');
  const seed = new LocalStore(seedLake);
  for (const f of files) {
    const file = path.join(work.dir, f.name);
    await writeFile(file, f.gzip ? gzipSync(f.text) : f.text);
    const [key] = await ingestFiles(seed, f.source, [file]);
    texts.set(key as string, f.text);
  }
  const whole = await lakeFromSeed('whole');
  const summary = await runEtl(options(whole));
  expect(summary.versions).toEqual([1]);
  expect(summary.ranges).toEqual([]);
  wholeHashes = await hashes(whole);
}, 120_000);

afterAll(async () => {
  await engine.close();
  await work.cleanup();
});

/** Offset of the first line boundary at or past `limit` in `text` (where a run with no ISE constraint would stop). */
function firstBoundaryFrom(text: string, limit: number): number {
  const bytes = Buffer.from(text);
  if (limit === 0) return 0;
  const newline = bytes.indexOf(0x0a, limit - 1);
  return newline < 0 ? bytes.length : newline + 1;
}

describe('landing objects larger than a run', () => {
  it('are read over many runs in line ranges, and the lake ends identical to one unsplit run', async () => {
    const split = await lakeFromSeed('split');
    const summary = await runEtl(options(split, { maxBytesPerRun: BUDGET }));
    expect(summary.versions.length).toBeGreaterThan(10);
    expect(await hashes(split)).toEqual(wholeHashes);
    expect(summary.objects).toBe(texts.size);
    expect((await readLatestCheckpoint(split))?.partial).toBeUndefined();

    // Every large object was read in several ranges that tile it exactly, from its first byte to its end.
    const rangesOf = (key: string) => summary.ranges.filter((r) => r.key === key);
    for (const [key, text] of texts) {
      const ranges = rangesOf(key);
      if (Buffer.byteLength(text) <= BUDGET) {
        expect(ranges, key).toEqual([]);
        continue;
      }
      expect(ranges.length, key).toBeGreaterThan(1);
      expect(ranges[0]?.from, key).toEqual({ offset: 0, line: 0 });
      for (let i = 1; i < ranges.length; i += 1) expect(ranges[i]?.from, key).toEqual(ranges[i - 1]?.to);
      expect(ranges[ranges.length - 1]?.to, key).toBeNull();
      // Each stop is a line boundary with the right line count, at or past the budget.
      for (const r of ranges.slice(0, -1)) {
        const to = r.to as { offset: number; line: number };
        expect(to.offset).toBeGreaterThanOrEqual(r.from.offset + BUDGET);
        const before = Buffer.from(text).subarray(0, to.offset).toString('utf8');
        expect(before.endsWith('\n')).toBe(true);
        expect(before.split('\n').length - 1).toBe(to.line);
      }
    }
    // ISE stops wait for a clean boundary: at least one lies past the first line boundary after the budget.
    const iseDeferred = summary.ranges.filter(
      (r) => r.key.startsWith('landing/ise/') && r.to !== null && r.to.offset > firstBoundaryFrom(texts.get(r.key) as string, r.from.offset + BUDGET),
    );
    expect(iseDeferred.length).toBeGreaterThan(0);
    // A gzip object cannot seek: resuming it decompresses and skips what earlier runs read.
    expect(summary.skippedBytes).toBeGreaterThan(0);
  }, 240_000);

  it('resumes a crash in the middle of a range run and between two runs of one object with the same cuts', async () => {
    for (const crashAt of [11, 16]) {
      const store = await lakeFromSeed(`crash-${crashAt}`);
      let step = 0;
      const crash = (name: string): void => {
        step += 1;
        if (step === crashAt) throw new Error(`injected crash after ${name}`);
      };
      await expect(runEtl(options(store, { maxBytesPerRun: BUDGET, afterStep: crash }))).rejects.toThrow(/injected crash/);
      const checkpoint = await readLatestCheckpoint(store);
      // Run 1 reads the first DHCP object in part, so every crash leaves it partly read.
      expect(Object.keys(checkpoint?.partial ?? {}), `crash at step ${crashAt}`).toHaveLength(1);
      const resumed = await runEtl(options(store, { maxBytesPerRun: BUDGET }));
      expect(resumed.resumed, `crash at step ${crashAt}`).toEqual(crashAt === 11 ? [] : [1 + Math.floor((crashAt - 1) / 11)]);
      expect(await hashes(store), `crash at step ${crashAt}`).toEqual(wholeHashes);
    }
  }, 240_000);
});
