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
}

/**
 * Warm latency of every question, iplake over HTTP against the same question as SQL on the warm baseline
 * instance. Runs are interleaved (and the order alternates) so both sides see the same background noise.
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
    for (let i = 0; i < warmup + runs; i += 1) {
      const timeIplake = async (): Promise<void> => {
        const t0 = performance.now();
        const data = await graphql(url, q.graphql);
        const ms = performance.now() - t0;
        if (i >= warmup) ip.push(ms);
        if (i === 0 && q.check) answer = { iplake: q.check.fromGraphql(data), duckdb: answer?.duckdb ?? Number.NaN };
      };
      const timeBaseline = async (): Promise<void> => {
        const t0 = performance.now();
        const rows = await Promise.all(q.baseline.map((sql) => baseline.query(sql)));
        const ms = performance.now() - t0;
        if (i >= warmup) db.push(ms);
        if (i === 0 && q.check) answer = { iplake: answer?.iplake ?? Number.NaN, duckdb: q.check.fromBaseline(rows) };
      };
      if (i % 2 === 0) {
        await timeIplake();
        await timeBaseline();
      } else {
        await timeBaseline();
        await timeIplake();
      }
    }
    const iplake = summarize(ip);
    const duckdb = summarize(db);
    const r = ratio(iplake.medianMs, duckdb.medianMs);
    const a = answer as QuestionResult['answer'];
    results.push({ name: q.name, pruned: q.pruned, iplake, duckdb, ratio: r, answer: a });
    const agree = a === null ? '' : a.iplake === a.duckdb ? ` answer ${a.iplake} (agree)` : ` ANSWERS DIFFER: iplake ${a.iplake}, duckdb ${a.duckdb}`;
    console.log(
      `  ${q.name.padEnd(26)} iplake ${iplake.medianMs.toFixed(1).padStart(7)} ms (p95 ${iplake.p95Ms.toFixed(1)})  ` +
        `duckdb ${duckdb.medianMs.toFixed(1).padStart(7)} ms (p95 ${duckdb.p95Ms.toFixed(1)})  ratio ${r.toFixed(2)}${agree}`,
    );
  }
  return results;
}
