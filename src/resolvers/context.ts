import type { PipelineRunInfo, QuerySession, TableFreshness } from '../query/index.js';

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

/** How current the gateway's view of the lake is: one per server, shared by its requests. */
export interface SnapshotStatus {
  /** How long a checked table snapshot answers requests before the log is checked again, ms. */
  maxAgeMs: number;
  /** Each gold table's served version and when its log was last checked (no I/O). */
  tables(): readonly TableFreshness[];
}

/** Per-request context: a fresh query session (and so fresh DataLoaders) for every request. */
export interface GatewayContext {
  requestId: string;
  query: QuerySession;
  limits: RequestLimits;
  /** Aborted once the request's time limit has passed (shared with requests that started within ~100 ms; for stopping work). */
  signal: AbortSignal;
  /** Rejects with a TIMEOUT error when the signal aborts; resolvers race their work against it. */
  deadline: Promise<never>;
  timeoutMs: number;
  /** The ETL's last run, or null when none is recorded (or the ETL's status reader is unavailable). */
  lastRun: () => Promise<PipelineRunInfo | null>;
  /** Clock for freshness; injectable for tests. */
  now: () => number;
  snapshots: SnapshotStatus;
}
