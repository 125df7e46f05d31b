import type { QuerySession } from '../query/index.js';

/** Request limits the resolvers enforce; the server fills them from its options. */
export interface RequestLimits {
  /** Longest from/to window, in days. */
  maxWindowDays: number;
  /** Largest page (`first`). */
  maxFirst: number;
  /** Page size when `first` is not given. */
  defaultFirst: number;
  /** Most addresses one `ips` call may ask for. */
  maxAddresses: number;
}

/** What the ETL recorded about its last run, as the pipeline query shows it. */
export interface PipelineRunInfo {
  runId: string;
  startedAt: number | null;
  finishedAt: number | null;
  status: string;
  objects: number | null;
  lines: number | null;
  durationSeconds: number | null;
  quality: { table: string; expectation: string; action: string | null; rows: number }[];
  /** The ETL watermark (epoch ms), when it records one. */
  watermark: number | null;
}

/** Per-request context: a fresh query session (and so fresh DataLoaders) for every request. */
export interface GatewayContext {
  requestId: string;
  query: QuerySession;
  limits: RequestLimits;
  /** Aborted when the request's time limit passes. */
  signal: AbortSignal;
  /** Rejects with a TIMEOUT error when the signal aborts; resolvers race their work against it. */
  deadline: Promise<never>;
  timeoutMs: number;
  /** The ETL's last run, or null when none is recorded (or the ETL's status reader is unavailable). */
  lastRun: () => Promise<PipelineRunInfo | null>;
  /** Clock for freshness; injectable for tests. */
  now: () => number;
}
