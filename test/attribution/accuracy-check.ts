import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sqlStringList, type Engine, type PlainRow } from '../../src/engine/index.js';
import { hourPartitionOf, partitionKey } from '../../src/etl/attribution/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { generate, type GenerateOptions, type TruthInterval } from '../../src/generator/index.js';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { Rng } from '../../src/generator/rng.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { DeltaTable, scanPaths } from '../../src/table/index.js';

/**
 * Attribution accuracy against the generator's ground truth: generate clean logs, run the whole ETL, then for
 * sampled (ip, instant) pairs read only the instant's hour partition of ip_attribution_gold (as whoHad does) and
 * check that an interval containing the instant names the true MAC and user. Shared by test/etl/accuracy.test.ts
 * and bench/accuracy.ts.
 */
export interface AccuracyOptions {
  /** Generator options (noiseRate 0 for clean data); `out` is set by the caller. */
  generate: GenerateOptions;
  /** About this many (ip, instant) pairs: each sampled truth interval gives its two ends and instants inside. */
  samples: number;
  /** Seed of the sampling. */
  seed?: number;
}

export interface Sample {
  ip: string;
  at: number;
  truth: TruthInterval;
  /** 'start', 'inside' or 'end' (the last millisecond of a closed interval). */
  where: 'start' | 'inside' | 'end';
}

export interface Miss {
  sample: Sample;
  /** What the partition held for the IP at that instant. */
  found: PlainRow[];
  why: string;
}

export interface AccuracyReport {
  truthIntervals: number;
  samples: number;
  hits: number;
  misses: Miss[];
  accuracy: number;
  partitionsRead: number;
  watermark: number;
  etlMs: number;
}

export async function* readTruth(file: string): AsyncGenerator<TruthInterval> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as TruthInterval;
}

/**
 * Sampling by a coin per interval (truth files are streamed, not loaded): each kept interval gives its Start, its
 * last instant and enough uniform instants inside to reach about `wanted` pairs.
 */
export async function sampleTruth(file: string, wanted: number, watermark: number, seed: number): Promise<{ samples: Sample[]; total: number }> {
  let total = 0;
  for await (const _ of readTruth(file)) total += 1;
  const rng = new Rng(seed, 7);
  const inside = Math.max(1, Math.ceil(wanted / Math.max(1, total)) - 2);
  const p = Math.min(1, wanted / (2 + inside) / Math.max(1, total));
  const samples: Sample[] = [];
  for await (const truth of readTruth(file)) {
    if (!rng.chance(p)) continue;
    const start = Date.parse(truth.start);
    // An open session is known up to the watermark (the last event the lake has); its lookups past it read the
    // watermark's hour, which is not what this check exercises.
    const last = truth.end === null ? watermark : Date.parse(truth.end) - 1;
    if (last < start) continue;
    samples.push({ ip: truth.ip, at: start, truth, where: 'start' });
    for (let i = 0; i < inside; i++) {
      samples.push({ ip: truth.ip, at: start + Math.floor(rng.float() * (last - start + 1)), truth, where: 'inside' });
    }
    samples.push({ ip: truth.ip, at: last, truth, where: 'end' });
  }
  return { samples, total };
}

const sameUser = (row: PlainRow, truth: TruthInterval): boolean => (row.UserKey ?? null) === truth.userKey;

function explain(sample: Sample, found: PlainRow[]): string {
  const { truth } = sample;
  if (found.length === 0) return `no interval of ${sample.ip} contains ${new Date(sample.at).toISOString()} in its hour partition`;
  const sameMac = found.filter((r) => r.MacAddress === truth.mac);
  if (sameMac.length === 0) return `intervals name other MACs: ${found.map((r) => String(r.MacAddress)).join(', ')}`;
  return `MAC right, user ${sameMac.map((r) => String(r.UserKey)).join(', ')} instead of ${String(truth.userKey)}`;
}

/** Check samples against gold, reading one hour partition per distinct hour (each partition once). */
export async function checkSamples(engine: Engine, store: ObjectStore, samples: readonly Sample[]): Promise<{ hits: number; misses: Miss[]; partitionsRead: number }> {
  const table = await DeltaTable.open(store, ipAttributionGold);
  const snapshot = table.snapshot();
  const byHour = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = partitionKey(hourPartitionOf(s.at));
    const list = byHour.get(key);
    if (list === undefined) byHour.set(key, [s]);
    else list.push(s);
  }
  let hits = 0;
  const misses: Miss[] = [];
  for (const list of byHour.values()) {
    const { dt, hr } = hourPartitionOf((list[0] as Sample).at);
    const files = snapshot.filesInPartition({ dt, hr });
    const rows: PlainRow[] = files.length === 0 ? [] : await engine.query(
      `SELECT DISTINCT ON (IntervalId) IntervalId, IpAddress, MacAddress, UserKey, Source, Start, "End", EndReason
       FROM read_parquet(${sqlStringList(await scanPaths(table, files))}, hive_partitioning = false)`,
    );
    const byIp = new Map<string, PlainRow[]>();
    for (const row of rows) {
      const ip = String(row.IpAddress);
      const group = byIp.get(ip);
      if (group === undefined) byIp.set(ip, [row]);
      else group.push(row);
    }
    for (const sample of list) {
      const found = (byIp.get(sample.ip) ?? []).filter(
        (r) => (r.Start as number) <= sample.at && (r.End === null || sample.at < (r.End as number)),
      );
      const ok = found.some((r) => r.Source === sample.truth.source && r.MacAddress === sample.truth.mac && sameUser(r, sample.truth));
      if (ok) hits += 1;
      else misses.push({ sample, found, why: explain(sample, found) });
    }
  }
  return { hits, misses, partitionsRead: byHour.size };
}

/** Generate into `dir`, ingest, run the ETL on `store`, sample and check. */
export async function measureAccuracy(engine: Engine, store: ObjectStore, dir: string, options: AccuracyOptions): Promise<AccuracyReport> {
  const out = path.join(dir, 'gen');
  await generate({ ...options.generate, out });
  for (const source of ['dhcp', 'ise'] as const) {
    const files = (await readdir(path.join(out, source))).sort().map((f) => path.join(out, source, f));
    await ingestFiles(store, source, files);
  }
  const t0 = performance.now();
  const summary = await runEtl({ store, engine });
  const etlMs = performance.now() - t0;
  if (summary.watermark === null) throw new Error('accuracy: the ETL recorded no watermark; did the generator write any events?');
  const { samples, total } = await sampleTruth(path.join(out, 'truth.jsonl'), options.samples, summary.watermark, options.seed ?? 1);
  const { hits, misses, partitionsRead } = await checkSamples(engine, store, samples);
  return {
    truthIntervals: total,
    samples: samples.length,
    hits,
    misses,
    accuracy: samples.length === 0 ? 0 : hits / samples.length,
    partitionsRead,
    watermark: summary.watermark,
    etlMs,
  };
}

/** One line per miss, for the test output and the issue note. */
export function describeMiss(miss: Miss): string {
  const { sample } = miss;
  const t = sample.truth;
  return `${sample.ip} at ${new Date(sample.at).toISOString()} (${sample.where} of ${t.source} ${t.start}..${t.end ?? 'open'} ${t.mac} ${String(t.userKey)}): ${miss.why}`;
}
