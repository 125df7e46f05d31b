import type { Engine } from '../engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../lake/gold.js';
import type { ObjectStore } from '../storage/types.js';
import type { LocalFileSource } from '../table/index.js';
import { ScanInstrumentation } from './instrumentation.js';
import { Scanner } from './scanner.js';
import { QuerySession } from './session.js';
import { TableSource } from './table-source.js';

export interface QueryLayerOptions {
  store: ObjectStore;
  engine: Engine;
  /** Where S3 data files are cached locally for DuckDB; unused for local lakes. */
  files?: LocalFileSource;
  instrumentation?: ScanInstrumentation;
}

export interface SessionOptions {
  /** Aborted when the request's time is up: pending batches then fail with QueryTimeoutError. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The gateway's only way into the lake: gold tables by Delta snapshot, file lists pruned by partition and
 * stats, DuckDB scans with projection and predicates pushed down. Long-lived (one per server); requests
 * get a QuerySession each.
 */
export class QueryLayer {
  readonly instrumentation: ScanInstrumentation;
  private readonly scanner: Scanner;
  private readonly attributions: TableSource;
  private readonly events: TableSource;

  constructor(private readonly options: QueryLayerOptions) {
    this.instrumentation = options.instrumentation ?? new ScanInstrumentation();
    this.scanner = new Scanner(options.engine, this.instrumentation);
    this.attributions = new TableSource(options.store, ipAttributionGold, options.files);
    this.events = new TableSource(options.store, ipLookupGold, options.files);
  }

  session(options: SessionOptions = {}): QuerySession {
    return new QuerySession(
      { scanner: this.scanner, attributions: this.attributions, events: this.events },
      options.signal,
      options.timeoutMs,
    );
  }

  /** Health probe: the lake answers a listing of the gold prefix (an empty lake is healthy). */
  async checkLake(): Promise<void> {
    const listing = this.options.store.list('gold/')[Symbol.asyncIterator]();
    try {
      await listing.next();
    } finally {
      await listing.return?.();
    }
  }
}
