import os from 'node:os';
import path from 'node:path';
import type { Engine, EngineOptions } from '../engine/index.js';
import { queryLayerDefaults, type PipelineRunInfo } from '../query/index.js';
import type { LocalFileCache } from '../storage/index.js';
import type { ObjectStore } from '../storage/types.js';
import type { RequestLimits } from '../resolvers/index.js';
import type { Logger } from '../util/log.js';

/** Everything `startServer` can be told. Only the lake is required; every default lives in `serverDefaults`. */
export interface ServerOptions {
  /** Lake URI (path or s3://bucket/prefix), or an already-open store (tests, embedding). One of the two. */
  lake?: string;
  store?: ObjectStore;
  /** Listen address. Without API keys only a loopback address is allowed. */
  host?: string;
  /** 0 picks a free port (see RunningServer.port). */
  port?: number;
  /** Keys accepted as `Authorization: Bearer <key>`. Required to listen on a non-loopback address. */
  apiKeys?: readonly string[];
  /** Longest from/to window in days. */
  maxWindowDays?: number;
  /** Largest `first` page size. */
  maxFirst?: number;
  /** Page size when `first` is omitted. */
  defaultFirst?: number;
  /** Most addresses in one `ips` call. */
  maxAddresses?: number;
  /** Per-request time limit in ms (TIMEOUT error after it). */
  requestTimeoutMs?: number;
  /** Query depth, alias and cost limits (graphql-armor). */
  maxDepth?: number;
  maxAliases?: number;
  maxCost?: number;
  /** Largest accepted request body, bytes. */
  maxBodyBytes?: number;
  /** Schema introspection; default: on unless NODE_ENV=production. */
  introspection?: boolean;
  /** Apollo Sandbox at `/`; default: on unless NODE_ENV=production. */
  sandbox?: boolean;
  /** Origins allowed by CORS (`*` for any); empty = no CORS headers (same-origin only). */
  corsOrigins?: readonly string[];
  /** Local cache for S3 data files (DuckDB reads local files only). */
  cacheDir?: string;
  /** A file cache to share (the CLI's embedded ETL uses the same one); else one is created in `cacheDir`. */
  cache?: LocalFileCache;
  cacheMaxBytes?: number;
  /** Bytes of hot gold files held in memory to answer without DuckDB (0 = off). */
  memoryIndexBytes?: number;
  /**
   * How long a checked gold table snapshot answers requests before the log is checked again, ms (0 = every
   * request checks). New commits become visible within this time; `RunningServer.refreshSnapshots` shows one at once.
   */
  snapshotMaxAgeMs?: number;
  /** An engine to share (the CLI's `serve --etl-every` runs the ETL in the same process); else one is created. */
  engine?: Engine;
  engineOptions?: Partial<EngineOptions>;
  logger?: Logger;
  /** Reads the ETL's last run for the `pipeline` query; default: the run summaries the ETL writes under `_runs/`. */
  lastRun?: (store: ObjectStore) => Promise<PipelineRunInfo | null>;
  /** Clock: freshness figures and the snapshot max age. */
  now?: () => number;
}

export const serverDefaults = {
  host: '127.0.0.1',
  port: 4000,
  maxWindowDays: 31,
  maxFirst: 1000,
  defaultFirst: 100,
  maxAddresses: 500,
  requestTimeoutMs: 15_000,
  maxDepth: 8,
  maxAliases: 30,
  maxCost: 5000,
  maxBodyBytes: 1024 * 1024,
  corsOrigins: [] as readonly string[],
  // One directory per process: the cache's LRU bookkeeping is in memory, so two processes must not share one.
  cacheDir: path.join(os.tmpdir(), 'iplake-cache', String(process.pid)),
  cacheMaxBytes: 2 * 1024 ** 3,
  memoryIndexBytes: queryLayerDefaults.memoryIndexBytes,
  snapshotMaxAgeMs: queryLayerDefaults.snapshotMaxAgeMs,
} as const;

export type ResolvedServerOptions = Required<
  Omit<ServerOptions, 'lake' | 'store' | 'engine' | 'engineOptions' | 'logger' | 'lastRun' | 'cache'>
> &
  Pick<ServerOptions, 'lake' | 'store' | 'engine' | 'engineOptions' | 'logger' | 'lastRun' | 'cache'>;

/** Fill defaults and check the combination; errors say which option and what is accepted. */
export function resolveServerOptions(options: ServerOptions, env: NodeJS.ProcessEnv = process.env): ResolvedServerOptions {
  const production = env.NODE_ENV === 'production';
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ServerOptions;
  const resolved: ResolvedServerOptions = {
    ...serverDefaults,
    apiKeys: [],
    introspection: !production,
    sandbox: !production,
    now: Date.now,
    ...defined,
  };
  // An explicit maxFirst below the default page size lowers the default with it.
  if (defined.defaultFirst === undefined) resolved.defaultFirst = Math.min(resolved.defaultFirst, resolved.maxFirst);
  if (!resolved.lake && !resolved.store) throw new Error('server: give either a lake URI (lake) or an open store (store)');
  for (const name of ['maxWindowDays', 'maxFirst', 'defaultFirst', 'maxAddresses', 'requestTimeoutMs', 'maxDepth', 'maxAliases', 'maxCost', 'maxBodyBytes'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value <= 0) throw new Error(`server: ${name} must be a positive number, got ${value}`);
  }
  for (const name of ['memoryIndexBytes', 'snapshotMaxAgeMs'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value < 0) throw new Error(`server: ${name} must be 0 or more, got ${value}`);
  }
  if (resolved.defaultFirst > resolved.maxFirst) {
    throw new Error(`server: defaultFirst (${resolved.defaultFirst}) must not exceed maxFirst (${resolved.maxFirst})`);
  }
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new Error(`server: port must be 0-65535, got ${resolved.port}`);
  }
  if (resolved.apiKeys.length === 0 && !isLoopback(resolved.host)) {
    throw new Error(
      `server: refusing to listen on ${resolved.host} without API keys: set IPLAKE_API_KEYS (clients send ` +
        '"Authorization: Bearer <key>"), or listen on 127.0.0.1',
    );
  }
  return resolved;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The per-request limits resolvers enforce, from the resolved options (one place for HTTP requests and the warm-up). */
export function requestLimits(options: ResolvedServerOptions): RequestLimits {
  return {
    maxWindowDays: options.maxWindowDays,
    maxFirst: options.maxFirst,
    defaultFirst: options.defaultFirst,
    maxAddresses: options.maxAddresses,
  };
}
