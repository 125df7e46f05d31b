import type { Engine } from '../../src/engine/index.js';
import type { Question } from './queries.js';
import { graphql } from './server.js';
import { ratio, summarize, type Summary } from './stats.js';

export interface QuestionResult {
  name: string;
  pruned: boolean;
  iplake: Summary;
  duckdb: Summary;
  /** iplake median / DuckDB median. */
  ratio: number;
  /** The check value from both sides (they must agree). */
  answer: { iplake: number; duckdb: number } | null;
  /** iplake's first answer to the question (its files not yet in the memory index), ms. */
  firstMs: number;
  /** How long the gateway's background loads for the question ran before the timed runs, ms. */
  settleMs: number;
}

/** Longest wait for a question's background loads before its timed runs start. */
const MAX_SETTLE_MS = 120_000;

/**
 * Background loads the gateway still has queued or running (its /metrics gauge). A first wide question is
 * answered by DuckDB while its chunks load behind it: "warm" means those loads are done, as they are for an
 * analyst's second look at the same entity.
 */
async function backgroundPending(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const match = /^iplake_memory_index_background_pending (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * Warm latency of every question, iplake over HTTP against the same question as SQL on the warm baseline
 * instance. Runs are interleaved (and the order alternates) so both sides see the same background noise. Before
 * them, iplake's first answer is timed and the gateway's background loads for the question are let finish.
 */
export async function measureQuestions(
  url: string,
  baseline: Engine,
  list: readonly Question[],
  runs: number,
  warmup: number,
): Promise<QuestionResult[]> {
  const results: QuestionResult[] = [];
  for (const q of list) {
    const ip: number[] = [];
    const db: number[] = [];
    let answer: QuestionResult['answer'] = null;
    const firstStarted = performance.now();
    await graphql(url, q.graphql);
    const firstMs = performance.now() - firstStarted;
    const settleStarted = performance.now();
    while ((await backgroundPending(url)) > 0 && performance.now() - settleStarted < MAX_SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const settleMs = performance.now() - settleStarted;
    for (let i = 0; i < warmup + runs; i += 1) {
      const pair = await askBoth(url, baseline, q, i);
      if (i >= warmup) {
        ip.push(pair.iplakeMs);
        db.push(pair.duckdbMs);
      }
      if (i === 0 && q.check) answer = { iplake: pair.iplake, duckdb: pair.duckdb };
    }
    const iplake = summarize(ip);
    const duckdb = summarize(db);
    const r = ratio(iplake.medianMs, duckdb.medianMs);
    const a = answer as QuestionResult['answer'];
    results.push({ name: q.name, pruned: q.pruned, iplake, duckdb, ratio: r, answer: a, firstMs, settleMs });
    const agree = a === null ? '' : a.iplake === a.duckdb ? ` answer ${a.iplake} (agree)` : ` ANSWERS DIFFER: iplake ${a.iplake}, duckdb ${a.duckdb}`;
    console.log(
      `  ${q.name.padEnd(26)} iplake ${iplake.medianMs.toFixed(1).padStart(7)} ms (p95 ${iplake.p95Ms.toFixed(1)})  ` +
        `duckdb ${duckdb.medianMs.toFixed(1).padStart(7)} ms (p95 ${duckdb.p95Ms.toFixed(1)})  ratio ${r.toFixed(2)}${agree}` +
        `  first ask ${firstMs.toFixed(0)} ms, background loads ${(settleMs / 1000).toFixed(1)} s`,
    );
  }
  return results;
}

/**
 * One question shape about a different entity each time, as analysts ask: every variant is asked once and timed
 * cold for its key (no wait for background loads), iplake and DuckDB alternating first. The warm figures above
 * repeat one entity; this is the first look at a new one, on a gateway that has already answered the others.
 */
export async function measureNewKeys(url: string, baseline: Engine, name: string, variants: readonly Question[]): Promise<QuestionResult> {
  const ip: number[] = [];
  const db: number[] = [];
  let agree = 0;
  for (const [i, q] of variants.entries()) {
    const pair = await askBoth(url, baseline, q, i);
    ip.push(pair.iplakeMs);
    db.push(pair.duckdbMs);
    if (pair.iplake === pair.duckdb) agree += 1;
  }
  const iplake = summarize(ip);
  const duckdb = summarize(db);
  const r = ratio(iplake.medianMs, duckdb.medianMs);
  // The answer compared is how many of the variants both sides answered alike.
  const answer = { iplake: agree, duckdb: variants.length };
  console.log(
    `  ${name.padEnd(26)} iplake ${iplake.medianMs.toFixed(1).padStart(7)} ms (p95 ${iplake.p95Ms.toFixed(1)})  ` +
      `duckdb ${duckdb.medianMs.toFixed(1).padStart(7)} ms (p95 ${duckdb.p95Ms.toFixed(1)})  ratio ${r.toFixed(2)}` +
      `  ${agree} of ${variants.length} answers agree`,
  );
  return { name, pruned: true, iplake, duckdb, ratio: r, answer, firstMs: Number.NaN, settleMs: 0 };
}

/**
 * One ask of a question on both sides, timed; iplake first on even turns and DuckDB first on odd ones, so both see
 * the same background noise. The answers are the question's check values (NaN without a check).
 */
async function askBoth(
  url: string,
  baseline: Engine,
  q: Question,
  turn: number,
): Promise<{ iplakeMs: number; duckdbMs: number; iplake: number; duckdb: number }> {
  const out = { iplakeMs: 0, duckdbMs: 0, iplake: Number.NaN, duckdb: Number.NaN };
  const timeIplake = async (): Promise<void> => {
    const t0 = performance.now();
    const data = await graphql(url, q.graphql);
    out.iplakeMs = performance.now() - t0;
    if (q.check) out.iplake = q.check.fromGraphql(data);
  };
  const timeBaseline = async (): Promise<void> => {
    const t0 = performance.now();
    const rows = await Promise.all(q.baseline.map((sql) => baseline.query(sql)));
    out.duckdbMs = performance.now() - t0;
    if (q.check) out.duckdb = q.check.fromBaseline(rows);
  };
  if (turn % 2 === 0) {
    await timeIplake();
    await timeBaseline();
  } else {
    await timeBaseline();
    await timeIplake();
  }
  return out;
}
