/**
 * The query layer's vocabulary: what resolvers ask for and what they get back.
 * Plain data only (epoch-ms numbers, canonical strings): nothing here knows GraphQL or files.
 */

/** A closed time window [from, to] in epoch ms (UTC). */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Which gold column an entity lookup matches on. `user` matches the lower-case account key (UserKey). */
export type EntityKind = 'ip' | 'mac' | 'user';

/** One attribution interval from `ip_attribution_gold`. */
export interface AttributionRow {
  intervalId: string;
  ip: string;
  mac: string | null;
  userName: string | null;
  hostname: string | null;
  source: string;
  start: number;
  /** Exclusive end; null while the interval is open. */
  end: number | null;
  endReason: string;
  evidence: number;
  sessionId: string | null;
  userSource: string | null;
}

/** Where an event came from: enough to find the raw line again. */
export interface LineageRow {
  bronzeTable: string;
  landingObject: string;
  lineNumber: number;
}

/** One event from `ip_lookup_gold`. */
export interface EventRow {
  timestamp: number;
  ip: string | null;
  mac: string | null;
  userName: string | null;
  hostname: string | null;
  eventType: string;
  source: string;
  sessionId: string | null;
  lineage: LineageRow;
}

/** Conditions on events; every given field must match (AND). */
export interface EventFilter extends TimeWindow {
  ip?: string | undefined;
  mac?: string | undefined;
  /** Matched on the account key: `CORP\Alice`, `alice@corp` and `alice` are the same user. */
  userName?: string | undefined;
  source?: string | undefined;
  eventType?: string | undefined;
}

/** A keyset page request: `after` is an opaque cursor from a previous page. */
export interface PageRequest {
  first: number;
  after?: string | undefined;
}

export interface EventEdge {
  cursor: string;
  node: EventRow;
}

export interface EventPage {
  edges: EventEdge[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export type BucketSize = 'hour' | 'day';

export interface EventCountRow {
  /** Bucket start, epoch ms. */
  start: number;
  count: number;
}

/** Distinct people, devices and addresses seen with an entity in a window. */
export interface EntityNeighbours {
  ips: string[];
  macs: string[];
  /** User names as logged (several spellings of one person are kept apart: they are evidence). */
  userNames: string[];
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
