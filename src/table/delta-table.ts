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
import { CommitConflictError, TableFormatError } from './errors.js';
import { assertContiguous, commitKey, listVersions, readCommit, readCommits } from './log.js';
import { partitionPath } from './partition-path.js';
import { schemaDifferences, schemaStringOf } from './schema.js';
import { READER_VERSION, Snapshot, WRITER_VERSION } from './snapshot.js';
import type { DataFile, TableSpec } from './types.js';

export interface CreateOptions {
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
    return DeltaTable.open(store, spec);
  }

  /** Open an existing table; TableFormatError if it does not exist or its schema differs from the spec. */
  static async open(store: ObjectStore, spec: TableSpec): Promise<DeltaTable> {
    const root = rootOf(spec);
    const versions = await listVersions(store, root);
    if (versions.length === 0) {
      throw new TableFormatError(
        root,
        `delta: table ${root} does not exist in ${store.uri} (no ${root}/_delta_log/00000000000000000000.json); create it first with DeltaTable.create`,
      );
    }
    assertContiguous(root, root, versions);
    const commits = await readCommits(store, root, root, versions);
    const snapshot = replay(root, commits, 0);
    checkSchema(spec, snapshot, store);
    return new DeltaTable(store, spec, snapshot);
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
      snapshot = applyOrExplain(snapshot, next, actions, this.root);
    }
    if (snapshot.version > this.current.version) {
      checkSchema(this.spec, snapshot, this.store);
      this.current = snapshot;
    }
    return this.current;
  }

  /** The table as of `version` (replayed from version 0). */
  async snapshotAt(version: number): Promise<Snapshot> {
    if (!Number.isInteger(version) || version < 0) {
      throw new Error(`delta: ${this.root}: version must be a non-negative integer, got ${version}`);
    }
    if (version > this.current.version) await this.refresh();
    if (version > this.current.version) {
      throw new TableFormatError(this.root, `delta: ${this.root} has no version ${version}; the latest is ${this.current.version}`);
    }
    if (version === this.current.version) return this.current;
    const versions = Array.from({ length: version + 1 }, (_, i) => i);
    const commits = await readCommits(this.store, this.root, this.root, versions);
    return replay(this.root, commits, 0);
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
      this.current = applyOrExplain(this.current, version, actions, this.root);
    } else {
      await this.refresh();
    }
    return version;
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

function replay(table: string, commits: readonly Action[][], firstVersion: number): Snapshot {
  const first = commits[0];
  if (!first) throw new TableFormatError(table, `delta: ${table} has no commits`);
  let snapshot: Snapshot;
  try {
    snapshot = Snapshot.initial(table, first);
  } catch (err) {
    throw new TableFormatError(
      table,
      `delta: commit ${firstVersion} of ${table} is invalid: ${err instanceof Error ? err.message : String(err)}; restore the table's log from backup`,
    );
  }
  for (let i = 1; i < commits.length; i += 1) {
    snapshot = applyOrExplain(snapshot, firstVersion + i, commits[i] as Action[], table);
  }
  return snapshot;
}

function applyOrExplain(snapshot: Snapshot, version: number, actions: readonly Action[], table: string): Snapshot {
  try {
    return snapshot.applyCommit(version, actions);
  } catch (err) {
    throw new TableFormatError(
      table,
      `delta: commit ${version} of ${table} cannot be applied: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
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
