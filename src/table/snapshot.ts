import { dataFileOf, metadataOf, type Action, type ProtocolAction, type RemoveAction, type TableMetadata } from './actions.js';
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
    private readonly filesByPath: ReadonlyMap<string, DataFile>,
    private readonly txns: ReadonlyMap<string, number>,
    private readonly removed: ReadonlyMap<string, Tombstone>,
    private readonly columnTypes: ReadonlyMap<string, ColumnType>,
  ) {}

  /** Version 0 must establish protocol and metadata. */
  static initial(table: string, actions: readonly Action[]): Snapshot {
    let protocol: ProtocolAction | undefined;
    let metaData: TableMetadata | undefined;
    for (const a of actions) {
      if ('protocol' in a) protocol = a.protocol;
      if ('metaData' in a) metaData = metadataOf(a.metaData);
    }
    if (!protocol || !metaData) {
      throw new Error('version 0 has no protocol or no metaData action');
    }
    const types = new Map(metaData.schema.map((f) => [f.name, f.type]));
    const empty = new Snapshot(table, -1, protocol, metaData, new Map(), new Map(), new Map(), types);
    return empty.applyCommit(0, actions);
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
    let protocol = this.protocol;
    let metadata = this.metadata;
    let columnTypes = this.columnTypes;
    const files = new Map(this.filesByPath);
    const txns = new Map(this.txns);
    const removed = new Map(this.removed);
    // Protocol and metadata first, so adds in the same commit use the new schema.
    for (const a of actions) {
      if ('protocol' in a) protocol = a.protocol;
      if ('metaData' in a) {
        metadata = metadataOf(a.metaData);
        columnTypes = new Map(metadata.schema.map((f) => [f.name, f.type]));
      }
    }
    if (protocol.minReaderVersion > READER_VERSION) {
      throw new Error(`protocol needs reader version ${protocol.minReaderVersion}; iplake reads version ${READER_VERSION}`);
    }
    for (const a of actions) {
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
    return new Snapshot(this.table, version, protocol, metadata, files, txns, removed, columnTypes);
  }

  /** Column name → Delta type, for stats (de)serialization. */
  get types(): ReadonlyMap<string, ColumnType> {
    return this.columnTypes;
  }
}

function tombstoneOf(remove: RemoveAction): Tombstone {
  return { path: remove.path, deletionTimestamp: remove.deletionTimestamp ?? 0 };
}
