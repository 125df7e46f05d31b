import type { ObjectStore } from '../storage/types.js';
import { DeltaTable, scanPaths, type DataFile, type LocalFileSource, type Snapshot, type TableSpec } from '../table/index.js';

/**
 * One gold table as the gateway sees it: opened lazily (the server must start on an empty lake and pick up
 * tables the ETL creates later) and refreshed before each request, so a new commit is visible to the next
 * request without a restart. Refreshes are coalesced: a request joins a refresh that has not started yet,
 * never one that started before it arrived (which could miss a commit that landed in between).
 */
export class TableSource {
  private table: DeltaTable | null = null;
  private running: Promise<Snapshot | null> | null = null;
  private queued: Promise<Snapshot | null> | null = null;

  constructor(
    private readonly store: ObjectStore,
    readonly spec: TableSpec,
    private readonly files?: LocalFileSource,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** The latest committed snapshot, or null while the table does not exist yet. */
  latest(): Promise<Snapshot | null> {
    if (this.queued) return this.queued;
    if (this.running) {
      const next = this.running.catch(() => null).then(() => this.load());
      this.queued = next;
      next.finally(() => {
        if (this.queued === next) this.queued = null;
      }).catch(() => undefined);
      return next;
    }
    return this.load();
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

  private load(): Promise<Snapshot | null> {
    const run = this.refreshOrOpen();
    this.running = run;
    run.finally(() => {
      if (this.running === run) this.running = null;
    }).catch(() => undefined);
    return run;
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
