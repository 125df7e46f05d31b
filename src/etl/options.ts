import type { Engine } from '../engine/index.js';
import { resolveIseParserOptions, type IseParserOptions } from '../parsers/index.js';
import { resolveAttributionOptions, type AttributionOptions } from './attribution/index.js';
import type { ObjectStore } from '../storage/types.js';
import type { LocalFileSource } from '../table/index.js';
import type { RunProgress } from './progress.js';

/** The two raw feeds a lake accepts. */
export type LandingSource = 'dhcp' | 'ise';
export const landingSources: readonly LandingSource[] = ['dhcp', 'ise'];

/** What to do when another run holds the lake. */
export type BusyPolicy = 'wait' | 'exit';

/** Everything a run can be told; every field but `store` has a default in `etlDefaults`. */
export interface EtlOptions {
  store: ObjectStore;
  /** DuckDB engine to use; by default the run starts its own and closes it at the end. */
  engine?: Engine;
  /**
   * DuckDB memory limit (e.g. '512MB') of the engine a run starts itself; beyond it DuckDB spills to disk.
   * An engine passed in keeps its own settings (a server's engine has its own limit).
   */
  engineMemoryLimit?: string;
  /**
   * The engine a run starts itself hands memory its allocator freed back to the OS after any task that allocated more
   * than this (e.g. '4MB'), from a background thread as well. DuckDB's default (128 MiB) keeps freed memory for reuse.
   */
  engineAllocatorFlushThreshold?: string;
  /** Local copies of remote data files (required for S3 lakes: DuckDB reads local paths). */
  cache?: LocalFileSource;
  /** Called on long runs: objects, lines, bytes, rate. Never throws into the pipeline. */
  onProgress?: (progress: RunProgress) => void;
  /** Per-source IANA zone for year-less syslog clocks. */
  timeZones?: Partial<Record<LandingSource, string>>;
  /** At most this many landing objects per planned run (a call loops over several plans). */
  maxObjectsPerRun?: number;
  /**
   * At most this many decompressed bytes per planned run (gzip objects count their trailer's size); an
   * object larger than this is read over several runs, a line range each, stopping at the first clean line
   * boundary past this many bytes. Bounds a run's memory: its events are held until the gold step.
   */
  maxBytesPerRun?: number;
  /** Rows handed to a table writer at once: bounds the JS-side memory of a run. */
  batchRows?: number;
  /**
   * Estimated bytes of rows each of the run's table writers holds in JS before it loads them into DuckDB or
   * writes them as small files (TableWriterOptions.flushBytes). A run has nine writers, so this is a ninth of
   * the run's JS row budget.
   */
  writerFlushBytes?: number;
  /** Lines longer than this (bytes) are cut; bronze keeps the cut bytes and the full length. */
  maxLineBytes?: number;
  /** ISE reassembly windows and limits (see IseParserOptions); the parser's defaults unless set. */
  iseParser?: Partial<IseParserOptions>;
  /**
   * Hard safety limit on the hour partitions of ip_attribution_gold one interval is copied into (from its Start).
   * Far above any real lease: intervals are stored in every hour they overlap (open sessions only up to
   * `attribution.openIntervalHorizonSeconds` after their last record), so this only stops a corrupt row (a lease
   * of years) from fanning out into tens of thousands of files. Hours past it miss that interval in lookups.
   */
  maxIntervalHours?: number;
  /** Attribution rules: default lease, stitching window, how long an open session is asserted (see docs/attribution.md). */
  attribution?: Partial<AttributionOptions>;
  /** A run's lease on the lake lasts this long without a heartbeat. */
  leaseMs?: number;
  /** How often a running ETL renews its lease. */
  heartbeatMs?: number;
  /** When another live run holds the lake: wait for it (then resume) or exit with a message. */
  onBusy?: BusyPolicy;
  /** How long `onBusy: 'wait'` waits before giving up. */
  waitTimeoutMs?: number;
  /** Name recorded in the lease, for the "who holds the lake" message. */
  owner?: string;
  /** Test hook: called after each step commits; throwing here simulates a crash between commits. */
  afterStep?: (step: string) => void | Promise<void>;
  /** Clock, injectable for tests. */
  now?: () => number;
}

type Passthrough = 'onProgress' | 'afterStep' | 'engine' | 'cache';
export type ResolvedEtlOptions = Required<Omit<EtlOptions, Passthrough | 'timeZones' | 'attribution' | 'iseParser'>> &
  Pick<EtlOptions, Passthrough> & { timeZones: Record<LandingSource, string>; attribution: AttributionOptions; iseParser: IseParserOptions };

/** The one place defaults live. */
export const etlDefaults = {
  maxObjectsPerRun: 500,
  // Bounds a run's memory: its attribution events are held until the gold update.
  maxBytesPerRun: 256 * 1024 * 1024,
  // Planning reads this many gzip trailers at once (two small ranged reads each).
  planSizeLookups: 16,
  // A gzip object whose trailer cannot tell its size (multi-member, over 4 GiB) counts as this many times its size.
  gzipFallbackRatio: 20,
  batchRows: 50_000,
  // Nine writers × 8 MiB. Measured against the writer's own 32 MiB default, alternating runs: 1.08M lines, peak RSS
  // 1,245–1,385 → 1,106–1,147 MB; 300k lines, 861–900 → 740–818 MB; CPU within noise both times. The price: an
  // hour that is still filling when a writer flushes can get a second file (300k lines: 1,276 → 1,542 files).
  writerFlushBytes: 8 * 1024 * 1024,
  // The run's writers stage at most a few 64 MB partitions (TableWriterOptions.maxStagedBytes) and COPY
  // in-order bronze without a sort, so DuckDB's working set stays near this; past it DuckDB spills. Measured with a
  // 512 MB JS heap cap over 4.1 M DHCP lines in 5 runs (100,000 devices): peak RSS 1,116 MB at 512MB, 966 at 256MB,
  // 1,028 at 128MB; CPU 354 / 353 / 366 s. Over 0.94 M lines in 2 runs: 855 → 753 MB.
  engineMemoryLimit: '256MB',
  // DuckDB keeps up to 128 MiB its allocator freed for reuse by default; a run's bulk loads and COPYs then hold it.
  // Measured over 0.94 M lines in 2 runs (JS heap capped at 512 MB): peak RSS 772–823 MB (4 runs) with DuckDB's
  // default, 746 MB at 16MB, 704 MB at 4MB (with the background thread, which the run always turns on).
  engineAllocatorFlushThreshold: '4MB',
  maxLineBytes: 64 * 1024 * 1024,
  // A safety limit, not a policy: a year of hourly copies (see EtlOptions.maxIntervalHours).
  maxIntervalHours: 366 * 24,
  leaseMs: 60_000,
  heartbeatMs: 10_000,
  onBusy: 'exit' as BusyPolicy,
  waitTimeoutMs: 10 * 60_000,
  timeZone: 'UTC',
} as const;

export function resolveEtlOptions(options: EtlOptions): ResolvedEtlOptions {
  return {
    store: options.store,
    engine: options.engine,
    cache: options.cache,
    onProgress: options.onProgress,
    afterStep: options.afterStep,
    timeZones: {
      dhcp: options.timeZones?.dhcp ?? etlDefaults.timeZone,
      ise: options.timeZones?.ise ?? etlDefaults.timeZone,
    },
    maxObjectsPerRun: options.maxObjectsPerRun ?? etlDefaults.maxObjectsPerRun,
    maxBytesPerRun: options.maxBytesPerRun ?? etlDefaults.maxBytesPerRun,
    engineMemoryLimit: checkSize('engineMemoryLimit', options.engineMemoryLimit ?? etlDefaults.engineMemoryLimit),
    engineAllocatorFlushThreshold: checkSize(
      'engineAllocatorFlushThreshold',
      options.engineAllocatorFlushThreshold ?? etlDefaults.engineAllocatorFlushThreshold,
    ),
    batchRows: options.batchRows ?? etlDefaults.batchRows,
    writerFlushBytes: checkPositiveInteger('writerFlushBytes', options.writerFlushBytes ?? etlDefaults.writerFlushBytes),
    maxLineBytes: options.maxLineBytes ?? etlDefaults.maxLineBytes,
    maxIntervalHours: options.maxIntervalHours ?? etlDefaults.maxIntervalHours,
    attribution: resolveAttributionOptions(options.attribution),
    iseParser: resolveIseParserOptions(options.iseParser),
    leaseMs: options.leaseMs ?? etlDefaults.leaseMs,
    heartbeatMs: options.heartbeatMs ?? etlDefaults.heartbeatMs,
    onBusy: options.onBusy ?? etlDefaults.onBusy,
    waitTimeoutMs: options.waitTimeoutMs ?? etlDefaults.waitTimeoutMs,
    owner: options.owner ?? `pid ${process.pid}`,
    now: options.now ?? Date.now,
  };
}

function checkPositiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`etl: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** A DuckDB size setting: a number and a unit (DuckDB's own message for a bad one names no option). */
function checkSize(name: string, value: string): string {
  if (!/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(value)) {
    throw new Error(`etl: ${name} must be a size such as '512MB' or '1GB', got ${JSON.stringify(value)}`);
  }
  return value.trim();
}
