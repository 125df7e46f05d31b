import type { PipelineRunInfo, QuerySession } from '../query/index.js';

export type { PipelineRunInfo };

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
