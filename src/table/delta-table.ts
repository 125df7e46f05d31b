import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '../storage/types.js';
import {
  addActionOf,
  ENGINE_INFO,
  removeActionOf,
  serializeCommit,
  type Action,
  type MetaDataAction,
} from './actions.js';
import { readCheckpoint, readLastCheckpoint, writeCheckpoint, type CheckpointIo } from './checkpoint.js';
import { CommitConflictError, TableFormatError } from './errors.js';
import { sharedLogEngine } from './log-engine.js';
import { commitKey, listLog, readCommit, readCommits, readCommitsFrom } from './log.js';
import { resolveDeltaTableOptions, type DeltaTableOptions } from './options.js';
import { partitionPath } from './partition-path.js';
import { schemaDifferences, schemaStringOf } from './schema.js';
import { READER_VERSION, Snapshot, VersionedError, WRITER_VERSION } from './snapshot.js';
import type { DataFile, TableSpec } from './types.js';

/** How to open a table: engine for writing checkpoints, checkpoint interval, logger (options.ts). */
export type OpenOptions = Partial<DeltaTableOptions>;

export interface CreateOptions extends OpenOptions {
  /** Delta table properties stored in metaData.configuration. */
  configuration?: Record<string, string>;
}

export interface CommitRequest {
  /** Recorded in commitInfo, e.g. 'WRITE', 'OPTIMIZE', 'DELETE'. */
  operation: string;
  operationParameters?: Record<string, string>;
  add?: readonly DataFile[];
  remove?: readonly DataFile[];
  /** Idempotent writers: record that appId has committed its batch `version`. */
  txn?: { appId: string; version: number };
  /** false for rewrites that change no data (compaction); default true. */
  dataChange?: boolean;
}

export interface CommitOptions {
  /** The snapshot version the commit was planned against; the commit becomes readVersion + 1. */
  readVersion: number;
}

export interface RetryOptions {
  /** Attempts before giving up with the last CommitConflictError. Default 10. */
  maxAttempts?: number;
  /** Fail on any concurrent commit instead of retrying (writers that need the table to themselves). */
  exclusive?: boolean;
}

export interface CommitResult {
  version: number;
  attempts: number;
  /** True when the table already held a txn of this appId at or beyond txn.version: nothing was written. */
  alreadyCommitted: boolean;
}

/**
 * A Delta Lake table rooted at `<layer>/<name>/` in an ObjectStore.
 * Commits publish `_delta_log/%020d.json` with putIfAbsent, so concurrent writers never overwrite each other.
 * The object caches its latest snapshot; `refresh` applies only commits it has not seen.
 */
export class DeltaTable {
  readonly root: string;
  readonly name: string;
  private current: Snapshot;

  private constructor(
    readonly store: ObjectStore,
    readonly spec: TableSpec,
    snapshot: Snapshot,
    private readonly options: DeltaTableOptions,
  ) {
    this.root = rootOf(spec);
    this.name = this.root;
    this.current = snapshot;
  }

  /** Create the table if it does not exist (commit 0 = protocol + metaData), else open it. Safe to race. */
  static async create(store: ObjectStore, spec: TableSpec, options: CreateOptions = {}): Promise<DeltaTable> {
    const root = rootOf(spec);
    const now = Date.now();
    const metaData: MetaDataAction = {
      id: randomUUID(),
      name: spec.name,
      description: spec.description,
      format: { provider: 'parquet', options: {} },
      schemaString: schemaStringOf(spec),
      partitionColumns: [...spec.partitionColumns],
      configuration: options.configuration ?? {},
      createdTime: now,
    };
    const actions: Action[] = [
      {
        commitInfo: {
          timestamp: now,
          operation: 'CREATE TABLE',
          operationParameters: { partitionBy: JSON.stringify(spec.partitionColumns) },
          engineInfo: ENGINE_INFO,
        },
      },
      { protocol: { minReaderVersion: READER_VERSION, minWriterVersion: WRITER_VERSION } },
      { metaData },
    ];
    // Losing the race is fine: the winner's table is opened and its schema checked against ours.
    await store.putIfAbsent(commitKey(root, 0), serializeCommit(actions));
    const { configuration: _configuration, ...openOptions } = options;
    return DeltaTable.open(store, spec, openOptions);
  }

  /**
   * Open an existing table; TableFormatError if it does not exist or its schema differs from the spec.
   * Loads the newest checkpoint (named by `_last_checkpoint`, else found by listing) and replays only
   * the JSON commits after it; a missing or unreadable checkpoint falls back to older ones, then to
   * replaying the JSON log from version 0.
   */
  static async open(store: ObjectStore, spec: TableSpec, options: OpenOptions = {}): Promise<DeltaTable> {
    const resolved = resolveDeltaTableOptions(options);
    const root = rootOf(spec);
    const loader = new LogLoader(store, root, resolved);
    const snapshot = await loader.latest();
    checkSchema(spec, snapshot, store);
    return new DeltaTable(store, spec, snapshot, resolved);
  }

  /** The latest snapshot this object has loaded (no I/O). */
  snapshot(): Snapshot {
    return this.current;
  }

  /** Apply commits newer than the loaded snapshot. Costs one GET when nothing changed. */
  async refresh(): Promise<Snapshot> {
    let snapshot = this.current;
    for (;;) {
      const next = snapshot.version + 1;
      const actions = await readCommit(this.store, this.root, this.root, next);
      if (!actions) break;
      snapshot = applyOrExplain(snapshot, [{ version: next, actions }], this.root);
    }
    if (snapshot.version > this.current.version) {
      checkSchema(this.spec, snapshot, this.store);
      this.current = snapshot;
    }
    return this.current;
  }

  /** The table as of `version`: from the newest checkpoint at or before it, else replayed from version 0. */
  async snapshotAt(version: number): Promise<Snapshot> {
    if (!Number.isInteger(version) || version < 0) {
      throw new Error(`delta: ${this.root}: version must be a non-negative integer, got ${version}`);
    }
    if (version > this.current.version) await this.refresh();
    if (version > this.current.version) {
      throw new TableFormatError(this.root, `delta: ${this.root} has no version ${version}; the latest is ${this.current.version}`);
    }
    if (version === this.current.version) return this.current;
    return new LogLoader(this.store, this.root, this.options).at(version);
  }

  /** Object key of a data file (paths in the log are relative, URI-encoded). */
  dataKey(file: DataFile | string): string {
    const path = typeof file === 'string' ? file : file.path;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) {
      throw new TableFormatError(this.root, `delta: ${this.root} names an absolute data file path ${path}; iplake reads only table-relative paths`);
    }
    return `${this.root}/${decodeURIComponent(path)}`;
  }

  /**
   * Write commit readVersion + 1. Data files must already be in the store.
   * Throws CommitConflictError when another writer took that version first; the table is then unchanged.
   */
  async commit(req: CommitRequest, options: CommitOptions): Promise<number> {
    const version = options.readVersion + 1;
    const actions = this.actionsOf(req, options.readVersion);
    const created = await this.store.putIfAbsent(commitKey(this.root, version), serializeCommit(actions));
    if (!created) throw new CommitConflictError(this.root, version, version);
    if (this.current.version === options.readVersion) {
      this.current = applyOrExplain(this.current, [{ version, actions }], this.root);
      const interval = this.options.checkpointInterval;
      if (interval > 0 && version % interval === 0) await this.checkpointQuietly(this.current);
    } else {
      await this.refresh();
    }
    return version;
  }

  /** Write a checkpoint of `snapshot` now (the commit path does this every checkpointInterval versions). */
  async checkpoint(snapshot: Snapshot = this.current): Promise<void> {
    await writeCheckpoint(await checkpointIo(this.store, this.options), this.root, snapshot);
  }

  /** True when the checkpoint of `version` exists and loads (log retention only relies on such a one). */
  async checkpointIsUsable(version: number): Promise<boolean> {
    try {
      await readCheckpoint(this.store, this.root, version);
      return true;
    } catch {
      return false;
    }
  }

  /** Checkpoints are an optimisation: a failure is logged and never fails the commit that triggered it. */
  private async checkpointQuietly(snapshot: Snapshot): Promise<void> {
    try {
      await this.checkpoint(snapshot);
    } catch (err) {
      this.options.logger.warn(`delta: could not write the checkpoint of version ${snapshot.version} of ${this.root}; readers replay the JSON log instead`, {
        table: this.root,
        version: snapshot.version,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /**
   * Commit against the latest snapshot, re-reading and retrying when other writers got there first
   * and their commits do not conflict logically (they did not remove a file we remove, change the
   * metadata, or record our appId). With `exclusive`, any concurrent commit is an error.
   */
  async commitWithRetry(req: CommitRequest, options: RetryOptions = {}): Promise<CommitResult> {
    const maxAttempts = options.maxAttempts ?? 10;
    let snapshot = await this.refresh();
    for (let attempt = 1; ; attempt += 1) {
      if (req.txn) {
        const done = snapshot.txnVersion(req.txn.appId);
        if (done !== undefined && done >= req.txn.version) return { version: snapshot.version, attempts: attempt - 1, alreadyCommitted: true };
      }
      const missing = (req.remove ?? []).filter((f) => !snapshot.hasFile(f.path));
      if (missing.length > 0) {
        throw new CommitConflictError(
          this.root,
          snapshot.version + 1,
          snapshot.version,
          `file ${missing[0]?.path} was already removed by a concurrent commit`,
        );
      }
      try {
        const version = await this.commit(req, { readVersion: snapshot.version });
        return { version, attempts: attempt, alreadyCommitted: false };
      } catch (err) {
        if (!(err instanceof CommitConflictError) || options.exclusive || attempt >= maxAttempts) throw err;
        const before = snapshot;
        snapshot = await this.refresh();
        // A metaData action anywhere in the winning commits replaces the metadata object.
        if (snapshot.metadata !== before.metadata) {
          throw new CommitConflictError(this.root, err.attemptedVersion, snapshot.version, 'the table metadata changed concurrently');
        }
        // Jitter so racing writers do not collide again in lock-step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private actionsOf(req: CommitRequest, readVersion: number): Action[] {
    const now = Date.now();
    const dataChange = req.dataChange ?? true;
    const types = this.current.types;
    const columns = this.current.metadata.partitionColumns;
    const actions: Action[] = [
      {
        commitInfo: {
          timestamp: now,
          operation: req.operation,
          operationParameters: req.operationParameters ?? {},
          engineInfo: ENGINE_INFO,
          readVersion,
          isBlindAppend: (req.remove ?? []).length === 0,
        },
      },
    ];
    if (req.txn) actions.push({ txn: { appId: req.txn.appId, version: req.txn.version, lastUpdated: now } });
    for (const file of req.remove ?? []) actions.push({ remove: removeActionOf(file, now, dataChange) });
    for (const file of req.add ?? []) {
      partitionPath(columns, file.partitionValues); // validates the values
      actions.push({ add: addActionOf(file, types, dataChange) });
    }
    return actions;
  }
}

function rootOf(spec: TableSpec): string {
  return `${spec.layer}/${spec.name}`;
}

/**
 * Builds snapshots from the log: the newest usable checkpoint plus the JSON commits after it,
 * or the whole JSON log when no checkpoint can be used.
 */
class LogLoader {
  constructor(
    private readonly store: ObjectStore,
    private readonly root: string,
    private readonly options: DeltaTableOptions,
  ) {}

  /** The latest version. */
  async latest(): Promise<Snapshot> {
    let hinted: number | undefined;
    let hintedSize: number | undefined;
    try {
      const last = await readLastCheckpoint(this.store, this.root);
      hinted = last?.version;
      hintedSize = last?.size;
    } catch (err) {
      this.fallback(`_last_checkpoint of ${this.root} is unreadable (${message(err)})`);
    }
    if (hinted !== undefined) {
      const base = await this.tryCheckpoint(hinted, hintedSize);
      if (base) {
        const tail = await readCommitsFrom(this.store, this.root, this.root, hinted + 1);
        return applyOrExplain(base, tail, this.root);
      }
    }
    const listing = await listLog(this.store, this.root);
    const head = listing.commits.at(-1);
    if (head === undefined) {
      throw new TableFormatError(
        this.root,
        `delta: table ${this.root} does not exist in ${this.store.uri} (no ${this.root}/_delta_log/00000000000000000000.json); create it first with DeltaTable.create`,
      );
    }
    return this.build(head, listing.commits, listing.checkpoints.filter((v) => v !== hinted));
  }

  /** Exactly `version` (which must exist). */
  async at(version: number): Promise<Snapshot> {
    const listing = await listLog(this.store, this.root);
    return this.build(version, listing.commits, listing.checkpoints);
  }

  /** Snapshot at `target` from the newest loadable checkpoint ≤ target, else from version 0. */
  private async build(target: number, commits: readonly number[], checkpoints: readonly number[]): Promise<Snapshot> {
    const candidates = checkpoints.filter((v) => v <= target).sort((a, b) => b - a);
    for (const c of candidates) {
      const base = await this.tryCheckpoint(c);
      if (base) return this.replayAfter(base, target, commits);
    }
    const versions = Array.from({ length: target + 1 }, (_, i) => i);
    this.assertPresent(versions, commits, target);
    const loaded = await readCommits(this.store, this.root, this.root, versions);
    return replay(this.root, loaded);
  }

  private async replayAfter(base: Snapshot, target: number, commits: readonly number[]): Promise<Snapshot> {
    const versions = Array.from({ length: target - base.version }, (_, i) => base.version + 1 + i);
    this.assertPresent(versions, commits, target);
    const loaded = await readCommits(this.store, this.root, this.root, versions);
    return applyOrExplain(base, loaded.map((actions, i) => ({ version: versions[i] as number, actions })), this.root);
  }

  /** Every version needed must be in the listing: a hole is a lost commit, or one removed by log retention. */
  private assertPresent(needed: readonly number[], listed: readonly number[], target: number): void {
    const have = new Set(listed);
    const missing = needed.find((v) => !have.has(v));
    if (missing === undefined) return;
    const later = listed.find((v) => v > missing);
    const earlier = listed.some((v) => v < missing);
    let why: string;
    if (later === undefined) {
      why = `delta: ${this.root}: commit ${missing} is missing from ${this.root}/_delta_log/ and no usable checkpoint covers version ${target}`;
    } else if (!earlier) {
      why =
        `delta: ${this.root}: version ${target} is no longer readable: commit ${missing} is missing from ${this.root}/_delta_log/ ` +
        `(the log starts at version ${later}, older commits were removed by log retention) and no usable checkpoint covers it`;
    } else {
      why =
        `delta: ${this.root} has a gap in its log: version ${missing} is missing from ${this.root}/_delta_log/ but version ${later} exists; ` +
        `restore the missing commit file from backup (no usable checkpoint covers it, and version ${target} cannot be read without it)`;
    }
    throw new TableFormatError(this.root, why);
  }

  /** The checkpoint's snapshot, or undefined (logged at debug) when it is missing or unreadable. */
  private async tryCheckpoint(version: number, expectedSize?: number): Promise<Snapshot | undefined> {
    try {
      const actions = await readCheckpoint(this.store, this.root, version, expectedSize);
      return Snapshot.fromCheckpoint(this.root, version, actions);
    } catch (err) {
      this.fallback(`checkpoint ${version} of ${this.root} is unusable (${message(err)})`);
      return undefined;
    }
  }

  private fallback(why: string): void {
    this.options.logger.debug(`delta: ${why}; falling back to an older checkpoint or the JSON log`, { table: this.root });
  }
}

/** Writing needs DuckDB: the caller's engine, else the table layer's own small one (log-engine.ts). */
async function checkpointIo(store: ObjectStore, options: DeltaTableOptions): Promise<CheckpointIo> {
  return { engine: options.engine ?? (await sharedLogEngine()), store, tempDirectory: options.tempDirectory };
}

function replay(table: string, commits: readonly Action[][]): Snapshot {
  const first = commits[0];
  if (!first) throw new TableFormatError(table, `delta: ${table} has no commits`);
  let snapshot: Snapshot;
  try {
    snapshot = Snapshot.initial(table, first);
  } catch (err) {
    throw new TableFormatError(
      table,
      `delta: commit 0 of ${table} is invalid: ${message(err)}; restore the table's log from backup`,
    );
  }
  return applyOrExplain(snapshot, commits.slice(1).map((actions, i) => ({ version: i + 1, actions })), table);
}

function applyOrExplain(snapshot: Snapshot, commits: readonly { version: number; actions: readonly Action[] }[], table: string): Snapshot {
  if (commits.length === 0) return snapshot;
  try {
    return snapshot.applyCommits(commits);
  } catch (err) {
    const version = err instanceof VersionedError ? err.version : (commits[0] as { version: number }).version;
    throw new TableFormatError(table, `delta: commit ${version} of ${table} cannot be applied: ${message(err)}`, { cause: err });
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function checkSchema(spec: TableSpec, snapshot: Snapshot, store: ObjectStore): void {
  const diffs = schemaDifferences(spec, snapshot.metadata.schema, snapshot.metadata.partitionColumns);
  if (diffs.length > 0) {
    const root = rootOf(spec);
    throw new TableFormatError(
      root,
      `delta: table ${root} in ${store.uri} (version ${snapshot.version}) has a different schema than this build expects: ${diffs.join('; ')}. ` +
        'Migrate the table (rewrite it with the new schema) or run a build that matches it',
    );
  }
}
