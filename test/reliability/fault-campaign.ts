/**
 * Storage faults: the ETL and the gateway against s3rver behind the fault-injecting proxy (test/proxy), on 127.0.0.1.
 *
 * ETL: each trial ingests the seed's landing objects into a fresh prefix (faults off), then runs the ETL with
 * faults on. It must either complete with tables equal to a fault-free run's, or fail cleanly (a plain Error
 * whose message names the layer that gave up) — after which a re-run without faults completes and is equal.
 *
 * Gateway: a server per round (fresh file cache, so data files are fetched through the faults) answers a fixed set
 * of queries; each answer must be either exactly the fault-free answer, or carry an error whose field is null.
 * Anything else — a shorter list, a wrong value without an error — is a partial answer presented as complete.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/engine/index.js';
import { runEtl } from '../../src/etl/index.js';
import type { TruthInterval } from '../../src/generator/index.js';
import { startServer } from '../../src/server/index.js';
import { LocalFileCache } from '../../src/storage/index.js';
import type { S3Store } from '../../src/storage/s3.js';
import { gql } from '../gateway/client.js';
import type { S3Harness } from '../helpers/s3.js';
import type { FaultOptions, ProxyCounters } from '../proxy/s3-proxy.js';
import { auditLake } from './lake-audit.js';
import { copyLanding, type SeedLake } from './seed-lake.js';
import { digestDifferences, hashLake, type LakeDigest } from './table-hash.js';

export interface FaultCampaignOptions {
  s3: S3Harness;
  seed: SeedLake;
  engine: Engine;
  /** Fault plan (its seed is varied per trial). */
  faults: Omit<FaultOptions, 'seed'>;
  etlTrials: number;
  gatewayRounds: number;
  /** Queries per gateway round (from the generator's truth). */
  queries: number;
  /** Tries per storage operation (S3Store maxAttempts). */
  maxAttempts?: number;
  log?: (line: string) => void;
}

export interface FaultFigures {
  faults: Omit<FaultOptions, 'seed'>;
  etl: {
    trials: number;
    /** Completed despite the faults, tables equal to the fault-free run. */
    completed: number;
    /** Gave up with a clean error (then completed on a fault-free re-run). */
    failedCleanly: number;
    /** Messages of the clean failures, first line only. */
    failureMessages: string[];
    requests: number;
    injected: number;
    /** Over the runs that completed despite faults: requests beyond the fault-free run's (retries, re-reads). */
    extraRequests: number;
    baselineRequests: number;
    rowsCompared: number;
    equal: number;
  };
  gateway: {
    rounds: number;
    answers: number;
    correct: number;
    /** Answers that reported an error (with the failing field null). */
    errors: number;
    errorCodes: Record<string, number>;
    requests: number;
    injected: number;
  };
  problems: string[];
}

const injectedOf = (c: ProxyCounters): number =>
  Object.values(c.failed).reduce((n, v) => n + v, 0) + c.resets + c.dropped + c.truncated;

function delta(before: ProxyCounters, after: ProxyCounters): { requests: number; injected: number } {
  return { requests: after.requests - before.requests, injected: injectedOf(after) - injectedOf(before) };
}

const etlOptions = { maxObjectsPerRun: 2, leaseMs: 2_000, heartbeatMs: 400, onBusy: 'wait' as const };

/** A plain, layered error message: what failed and where, not a bare stack or an SDK object. */
const CLEAN_MESSAGE = /^(etl|storage|delta|table|writer|engine): /;

export async function runFaultCampaign(options: FaultCampaignOptions): Promise<FaultFigures & { expected: LakeDigest }> {
  const { s3, engine } = options;
  const log = options.log ?? (() => undefined);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'iplake-faults-'));
  const cache = new LocalFileCache({ dir: path.join(scratch, 'cache'), maxBytes: 512 * 1024 ** 2 });
  const storeOptions = options.maxAttempts ? { maxAttempts: options.maxAttempts } : {};
  const figures: FaultFigures = {
    faults: options.faults,
    etl: { trials: 0, completed: 0, failedCleanly: 0, failureMessages: [], requests: 0, injected: 0, extraRequests: 0, baselineRequests: 0, rowsCompared: 0, equal: 0 },
    gateway: { rounds: 0, answers: 0, correct: 0, errors: 0, errorCodes: {}, requests: 0, injected: 0 },
    problems: [],
  };
  // Each campaign gets its own prefixes: a lake left by an earlier campaign would make its ETL runs idle.
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  try {
    // Fault-free reference: the expected tables and the request count of the same work.
    s3.proxy.setFaults({});
    const reference = await s3.store(`ref-${tag}`, storeOptions);
    await copyLanding(options.seed.store, reference);
    let before = s3.proxy.counters();
    await runEtl({ store: reference, engine, cache, ...etlOptions });
    figures.etl.baselineRequests = delta(before, s3.proxy.counters()).requests;
    const expected = await hashLake(engine, reference, { cache });

    for (let trial = 1; trial <= options.etlTrials; trial += 1) {
      figures.etl.trials += 1;
      s3.proxy.setFaults({});
      const store = await s3.store(`etl-${tag}-${trial}`, storeOptions);
      await copyLanding(options.seed.store, store);
      s3.proxy.setFaults({ ...options.faults, seed: trial });
      before = s3.proxy.counters();
      let outcome: string;
      try {
        const summary = await runEtl({ store, engine, cache, ...etlOptions });
        if (summary.versions.length === 0) figures.problems.push(`trial ${trial}: the ETL found nothing to do on a fresh lake`);
        figures.etl.completed += 1;
        outcome = 'completed';
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof Error) || !CLEAN_MESSAGE.test(message)) {
          figures.problems.push(`trial ${trial}: the ETL failed without a clean message: ${err instanceof Error ? err.stack : message}`);
        }
        figures.etl.failedCleanly += 1;
        figures.etl.failureMessages.push(message.split('\n')[0]?.slice(0, 300) ?? '');
        outcome = 'failed cleanly';
      }
      const d = delta(before, s3.proxy.counters());
      figures.etl.requests += d.requests;
      figures.etl.injected += d.injected;
      if (outcome === 'completed') figures.etl.extraRequests += d.requests - figures.etl.baselineRequests;
      s3.proxy.setFaults({});
      if (outcome !== 'completed') await runEtl({ store, engine, cache, ...etlOptions });
      const audit = await auditLake(store);
      figures.problems.push(...audit.problems.map((p) => `trial ${trial}: ${p}`));
      const diffs = digestDifferences(expected, await hashLake(engine, store, { cache }));
      figures.problems.push(...diffs.map((p) => `trial ${trial}: ${p}`));
      if (diffs.length === 0) figures.etl.equal += 1;
      figures.etl.rowsCompared += Object.values(expected).reduce((n, t) => n + t.rows, 0);
      log(`etl trial ${trial}: ${outcome}, ${d.requests} requests, ${d.injected} faults injected, ${diffs.length === 0 ? 'equal' : 'DIFFERENT'}`);
    }

    await gatewayRounds(options, reference, scratch, figures);
    return { ...figures, expected };
  } finally {
    s3.proxy.setFaults({});
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Queries built from the generator's truth: instants and windows where someone held an address. */
async function truthQueries(seed: SeedLake, count: number): Promise<{ query: string; variables: Record<string, unknown> }[]> {
  const text = await readFile(path.join(path.dirname(seed.root), 'gen', 'truth.jsonl'), 'utf8');
  const truth = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as TruthInterval);
  const closed = truth.filter((t) => t.end !== null);
  const step = Math.max(1, Math.floor(closed.length / count));
  const out: { query: string; variables: Record<string, unknown> }[] = [];
  for (const t of closed.filter((_, i) => i % step === 0).slice(0, count)) {
    const start = Date.parse(t.start);
    const mid = new Date(Math.floor((start + Date.parse(t.end as string)) / 2)).toISOString();
    if (out.length % 2 === 0) {
      out.push({
        query: 'query($ip: IPAddress!, $at: DateTime!) { whoHad(ip: $ip, at: $at) { ip mac userName source start end intervalId } }',
        variables: { ip: t.ip, at: mid },
      });
    } else {
      out.push({
        query: `query($ip: IPAddress!, $from: DateTime!, $to: DateTime!) { ip(address: $ip, from: $from, to: $to) {
          attributions { intervalId mac start end } events(first: 20) { totalCount edges { node { timestamp eventType mac } } } } }`,
        variables: { ip: t.ip, from: new Date(start - 3_600_000).toISOString(), to: new Date(start + 3_600_000).toISOString() },
      });
    }
  }
  return out;
}

async function gatewayRounds(options: FaultCampaignOptions, reference: S3Store, scratch: string, figures: FaultFigures): Promise<void> {
  const { s3, engine } = options;
  const queries = await truthQueries(options.seed, options.queries);
  const ask = async (url: string) => Promise.all(queries.map((q) => gql(url, q.query, { variables: q.variables })));

  s3.proxy.setFaults({});
  const clean = await startServer({ store: reference, port: 0, engine, cacheDir: path.join(scratch, 'gw-clean') });
  let expected;
  try {
    expected = await ask(clean.url);
  } finally {
    await clean.close();
  }
  for (const [i, r] of expected.entries()) {
    if (r.status !== 200 || r.body.errors) throw new Error(`faults: fault-free query ${i} failed: ${JSON.stringify(r.body)}`);
  }

  for (let round = 1; round <= options.gatewayRounds; round += 1) {
    figures.gateway.rounds += 1;
    const server = await startServer({ store: reference, port: 0, engine, cacheDir: path.join(scratch, `gw-${round}`) });
    s3.proxy.setFaults({ ...options.faults, seed: 1000 + round });
    const before = s3.proxy.counters();
    try {
      const answers = await ask(server.url);
      for (const [i, answer] of answers.entries()) {
        figures.gateway.answers += 1;
        const want = expected[i]?.body.data;
        const errors = answer.body.errors ?? [];
        if (errors.length === 0) {
          if (answer.status === 200 && JSON.stringify(answer.body.data) === JSON.stringify(want)) figures.gateway.correct += 1;
          else figures.problems.push(`gateway round ${round} query ${i}: an answer without errors differs from the fault-free one (partial answer presented as complete)`);
          continue;
        }
        figures.gateway.errors += 1;
        for (const e of errors) {
          const code = String(e.extensions?.code ?? 'none');
          figures.gateway.errorCodes[code] = (figures.gateway.errorCodes[code] ?? 0) + 1;
        }
        // The field that failed must be null: no half list next to an error.
        const data = answer.body.data as Record<string, unknown> | null | undefined;
        const top = Object.keys((want ?? {}) as object)[0] as string;
        if (data && data[top] !== null && data[top] !== undefined) {
          figures.problems.push(`gateway round ${round} query ${i}: errors ${JSON.stringify(errors)} next to non-null data`);
        }
      }
    } finally {
      const d = delta(before, s3.proxy.counters());
      figures.gateway.requests += d.requests;
      figures.gateway.injected += d.injected;
      s3.proxy.setFaults({});
      await server.close();
    }
    options.log?.(`gateway round ${round}: ${figures.gateway.correct} correct, ${figures.gateway.errors} errors so far`);
  }
}
