import { createRequire } from 'node:module';
import type { ServerProcess } from './server.js';

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'POST'; path: string; headers: Record<string, string>; body: string }[];
}) => Promise<AutocannonResult>;

export interface LoadResult {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  totalRequests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  rssGrowthMB: number;
}

const require = createRequire(import.meta.url);

/** Concurrency `connections` for `seconds` on a mix of the given GraphQL queries (each connection cycles through them). */
export async function runLoad(server: ServerProcess, queries: readonly string[], connections: number, seconds: number): Promise<LoadResult> {
  const autocannon = require('autocannon') as Autocannon;
  const rssBeforeMB = server.rssMB();
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: queries.map((query) => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    })),
  });
  const rssAfterMB = server.rssMB();
  return {
    connections,
    seconds,
    requestsPerSecond: Math.round(result.requests.average),
    totalRequests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    rssBeforeMB,
    rssAfterMB,
    rssGrowthMB: rssAfterMB - rssBeforeMB,
  };
}
