import {
  addActionOf,
  dataFileOf,
  metadataOf,
  type Action,
  type MetaDataAction,
  type ProtocolAction,
  type RemoveAction,
  type TableMetadata,
} from './actions.js';
import { pruneFiles } from './prune.js';
import type { ColumnType, DataFile, PartitionValues, PruneRequest } from './types.js';

/** Highest protocol versions this implementation reads and writes. */
export const READER_VERSION = 1;
export const WRITER_VERSION = 2;

/** A remove action still inside the vacuum retention window. */
export interface Tombstone {
  path: string;
  deletionTimestamp: number;
}

/**
 * The table as of one version: the live data files, the metadata and the txn watermarks.
 * Immutable; `applyCommit` returns a new snapshot so a reader holding an old one is never disturbed.
 */
export class Snapshot {
  private constructor(
    readonly table: string,
    readonly version: number,
    readonly protocol: ProtocolAction,
    readonly metadata: TableMetadata,
    /** The metaData action as logged, so a checkpoint carries it unchanged. */
    private readonly metaDataAction: MetaDataAction,
    private readonly filesByPath: ReadonlyMap<string, DataFile>,
    private readonly txns: ReadonlyMap<string, number>,
    private readonly removed: ReadonlyMap<string, Tombstone>,
    private readonly columnTypes: ReadonlyMap<string, ColumnType>,
  ) {}

  /** Version 0 must establish protocol and metadata. */
  static initial(table: string, actions: readonly Action[]): Snapshot {
    return Snapshot.fromActions(table, 0, actions, 'version 0');
  }

  /** The table as a checkpoint of `version` describes it: its actions are the whole reconciled state. */
  static fromCheckpoint(table: string, version: number, actions: readonly Action[]): Snapshot {
    return Snapshot.fromActions(table, version, actions, `the checkpoint of version ${version}`);
  }

  private static fromActions(table: string, version: number, actions: readonly Action[], what: string): Snapshot {
    let protocol: ProtocolAction | undefined;
    let metaData: MetaDataAction | undefined;
    for (const a of actions) {
      if ('protocol' in a) protocol = a.protocol;
      if ('metaData' in a) metaData = a.metaData;
    }
    if (!protocol || !metaData) {
      throw new Error(`${what} has no protocol or no metaData action`);
    }
    const metadata = metadataOf(metaData);
    const types = new Map(metadata.schema.map((f) => [f.name, f.type]));
    const empty = new Snapshot(table, -1, protocol, metadata, metaData, new Map(), new Map(), new Map(), types);
    return empty.applyCommits([{ version, actions }]);
  }

  get files(): readonly DataFile[] {
    return [...this.filesByPath.values()];
  }

  /** Number of live files, without copying them. */
  get fileCount(): number {
    return this.filesByPath.size;
  }

  hasFile(path: string): boolean {
    return this.filesByPath.has(path);
  }

  /** The last version an idempotent writer (appId) committed, or undefined if it never did. */
  txnVersion(appId: string): number | undefined {
    return this.txns.get(appId);
  }

  prune(req: PruneRequest): DataFile[] {
    return pruneFiles(this.filesByPath.values(), this.metadata.partitionColumns, req);
  }

  filesInPartition(values: PartitionValues): DataFile[] {
    const columns = this.metadata.partitionColumns;
    return [...this.filesByPath.values()].filter((f) => columns.every((c) => f.partitionValues[c] === values[c]));
  }

  /** Removed files and when; vacuum keeps the ones removed within its retention window. */
  tombstones(): readonly Tombstone[] {
    return [...this.removed.values()];
  }

  /** Replay one commit on top of this snapshot. Throws a plain Error on a semantic problem. */
  applyCommit(version: number, actions: readonly Action[]): Snapshot {
    return this.applyCommits([{ version, actions }]);
  }

  /**
   * Replay consecutive commits on top of this snapshot, copying the file maps once (not once per
   * commit). Throws a plain Error naming the version on a semantic problem.
   */
  applyCommits(commits: readonly { version: number; actions: readonly Action[] }[]): Snapshot {
    let protocol = this.protocol;
    let metadata = this.metadata;
    let metaDataAction = this.metaDataAction;
    let columnTypes = this.columnTypes;
    let version = this.version;
    const files = new Map(this.filesByPath);
    const txns = new Map(this.txns);
    const removed = new Map(this.removed);
    for (const commit of commits) {
      version = commit.version;
      // Protocol and metadata first, so adds in the same commit use the new schema.
      for (const a of commit.actions) {
        if ('protocol' in a) protocol = a.protocol;
        if ('metaData' in a) {
          metaDataAction = a.metaData;
          metadata = metadataOf(a.metaData);
          columnTypes = new Map(metadata.schema.map((f) => [f.name, f.type]));
        }
      }
      if (protocol.minReaderVersion > READER_VERSION) {
        throw new VersionedError(version, `protocol needs reader version ${protocol.minReaderVersion}; iplake reads version ${READER_VERSION}`);
      }
      for (const a of commit.actions) {
        if ('add' in a) {
          files.set(a.add.path, dataFileOf(a.add, columnTypes));
          removed.delete(a.add.path);
        } else if ('remove' in a) {
          files.delete(a.remove.path);
          removed.set(a.remove.path, tombstoneOf(a.remove));
        } else if ('txn' in a) {
          txns.set(a.txn.appId, a.txn.version);
        }
      }
    }
    return new Snapshot(this.table, version, protocol, metadata, metaDataAction, files, txns, removed, columnTypes);
  }

  /**
   * The reconciled state as Delta checkpoint actions: protocol, metaData, one txn per appId,
   * one add per live file and one remove per tombstone (vacuum still needs them).
   */
  checkpointActions(): Action[] {
    const actions: Action[] = [{ protocol: this.protocol }, { metaData: this.metaDataAction }];
    for (const [appId, version] of this.txns) actions.push({ txn: { appId, version } });
    for (const file of this.filesByPath.values()) actions.push({ add: addActionOf(file, this.columnTypes, false) });
    for (const t of this.removed.values()) {
      actions.push({ remove: { path: t.path, deletionTimestamp: t.deletionTimestamp, dataChange: false, extendedFileMetadata: false } });
    }
    return actions;
  }

  /** Column name → Delta type, for stats (de)serialization. */
  get types(): ReadonlyMap<string, ColumnType> {
    return this.columnTypes;
  }
}

function tombstoneOf(remove: RemoveAction): Tombstone {
  return { path: remove.path, deletionTimestamp: remove.deletionTimestamp ?? 0 };
}

/** A replay problem that knows which version caused it. */
export class VersionedError extends Error {
  constructor(
    readonly version: number,
    message: string,
  ) {
    super(message);
  }
}
