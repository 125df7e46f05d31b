import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, scanPaths, type DataFile, type LocalFileSource, type Snapshot, type TableSpec } from '../table/index.js';
import { queryLayerDefaults } from './options.js';

export interface TableSourceOptions {
  /** Where S3 data files are cached locally for DuckDB; unused for local lakes. */
  files?: LocalFileSource | undefined;
  /** How long a checked snapshot serves requests without I/O; default queryLayerDefaults.snapshotMaxAgeMs. */
  snapshotMaxAgeMs?: number | undefined;
  /** Clock (epoch ms), injectable for tests. */
  now?: (() => number) | undefined;
}

/** How current the gateway's view of a table is, for the `pipeline` report. */
export interface SnapshotFreshness {
  /** The pinned snapshot's version; null while the table does not exist (or was never checked). */
  version: number | null;
  /** When the table's log was last checked for new commits (epoch ms), or null before the first check. */
  checkedAt: number | null;
}

/**
 * One gold table as the gateway sees it: opened lazily (the server must start on an empty lake and pick up
 * tables the ETL creates later) and re-checked for new commits at most once per `snapshotMaxAgeMs`.
 *
 * Guarantee: a request sees every commit that landed more than `snapshotMaxAgeMs` before it started. Inside
 * the window requests get the pinned snapshot with no I/O (a check is a failed read of the next log version:
 * on S3 a GET answered 404, most of a warm request). The first request after it starts one check that later
 * requests share while it is younger than the max age; older checks are not joined (they could have missed a
 * commit the request must see). With 0 every request checks, joining only a check that has not started yet.
 */
export class TableSource {
  private table: DeltaTable | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly files: LocalFileSource | undefined;
  /** The last successful check's result, settled; what requests inside the window get. */
  private pinned: Promise<Snapshot | null> | null = null;
  private pinnedVersion: number | null = null;
  /** When the last successful check started: it saw every commit made before this instant. */
  private checkedAt: number | null = null;
  private running: { started: number; result: Promise<Snapshot | null> } | null = null;
  private queued: Promise<Snapshot | null> | null = null;

  constructor(
    private readonly store: ObjectStore,
    readonly spec: TableSpec,
    options: TableSourceOptions = {},
  ) {
    this.maxAgeMs = options.snapshotMaxAgeMs ?? queryLayerDefaults.snapshotMaxAgeMs;
    if (!Number.isFinite(this.maxAgeMs) || this.maxAgeMs < 0) {
      throw new Error(`query: snapshotMaxAgeMs must be 0 or more, got ${this.maxAgeMs}`);
    }
    this.now = options.now ?? Date.now;
    this.files = options.files;
  }

  get name(): string {
    return this.spec.name;
  }

  /** The latest committed snapshot as of at most `snapshotMaxAgeMs` ago, or null while the table does not exist yet. */
  latest(): Promise<Snapshot | null> {
    const now = this.now();
    if (this.pinned && this.checkedAt !== null && now - this.checkedAt < this.maxAgeMs) return this.pinned;
    if (this.running && now - this.running.started < this.maxAgeMs) return this.running.result;
    return this.check();
  }

  /**
   * Check the log now, ignoring the max age and any check that started before this call: for a writer in this
   * process (the embedded ETL) whose commit must be visible to the very next request.
   */
  refresh(): Promise<Snapshot | null> {
    return this.check();
  }

  /** The pinned snapshot's version and when it was checked (no I/O). */
  freshness(): SnapshotFreshness {
    return { version: this.pinnedVersion, checkedAt: this.checkedAt };
  }

  /**
   * Open the table now (if it exists) so the first request does not pay for the log: call when the server
   * starts. Resolves false on a lake without this table yet (it is opened later, by the first request
   * after the ETL creates it); a storage or format error rejects, for the caller to log.
   */
  async warm(): Promise<boolean> {
    return (await this.latest()) !== null;
  }

  /** Local paths DuckDB can read for the given files (S3 objects come through the bounded file cache). */
  async localPaths(files: readonly DataFile[]): Promise<string[]> {
    if (!this.table) throw new Error(`query: table ${this.spec.layer}/${this.spec.name} is not open`);
    return scanPaths(this.table, files, this.files);
  }

  /** A check that starts after this call: a new one, or the one already queued behind the running one. */
  private check(): Promise<Snapshot | null> {
    if (this.queued) return this.queued;
    const running = this.running;
    if (!running) return this.start();
    const next = running.result.catch(() => null).then(() => this.start());
    this.queued = next;
    next.finally(() => {
      if (this.queued === next) this.queued = null;
    }).catch(() => undefined);
    return next;
  }

  private start(): Promise<Snapshot | null> {
    const started = this.now();
    const result = this.refreshOrOpen().then((snapshot) => {
      // A failed check keeps the previous pin and time, so the next request past the window tries again.
      this.pinned = Promise.resolve(snapshot);
      this.pinnedVersion = snapshot?.version ?? null;
      this.checkedAt = Math.max(this.checkedAt ?? started, started);
      return snapshot;
    });
    const run = { started, result };
    this.running = run;
    result.finally(() => {
      if (this.running === run) this.running = null;
    }).catch(() => undefined);
    return result;
  }

  private async refreshOrOpen(): Promise<Snapshot | null> {
    if (this.table) return this.table.refresh();
    // The first commit's presence is the cheap, unambiguous test for "the table exists".
    const firstCommit = `${this.spec.layer}/${this.spec.name}/_delta_log/${'0'.repeat(20)}.json`;
    if ((await this.store.head(firstCommit)) === undefined) return null;
    this.table = await DeltaTable.open(this.store, this.spec);
    return this.table.snapshot();
  }
}
