import { partitionPath, type DataFile, type PruneRequest, type Snapshot } from '../table/index.js';
import { pruneFiles } from '../table/index.js';

/**
 * A snapshot's files grouped by partition path, built once per snapshot (snapshots are immutable), so a
 * request naming a few hour partitions looks at their files only instead of testing every file of the table.
 */
const byPartition = new WeakMap<Snapshot, Map<string, DataFile[]>>();

function partitionsOf(snapshot: Snapshot): Map<string, DataFile[]> {
  let index = byPartition.get(snapshot);
  if (!index) {
    index = new Map();
    const columns = snapshot.metadata.partitionColumns;
    for (const file of snapshot.files) {
      const key = partitionPath(columns, file.partitionValues);
      const list = index.get(key);
      if (list) list.push(file);
      else index.set(key, [file]);
    }
    byPartition.set(snapshot, index);
  }
  return index;
}

/** The same files as `snapshot.prune(request)`, found through the partition index when partitions are listed. */
export function pruneSnapshot(snapshot: Snapshot, request: PruneRequest): DataFile[] {
  if (!request.partitionTuples) return snapshot.prune(request);
  const index = partitionsOf(snapshot);
  const candidates: DataFile[] = [];
  for (const tuple of request.partitionTuples) candidates.push(...(index.get(tuple) ?? []));
  return pruneFiles(candidates, snapshot.metadata.partitionColumns, request);
}

/**
 * The files of the snapshot's newest partition (the greatest partition path: `dt=YYYY-MM-DD/hr=HH` sorts by time),
 * and that partition's values; null for a table without files.
 */
export function newestPartition(snapshot: Snapshot): { values: DataFile['partitionValues']; files: DataFile[] } | null {
  let newest: string | undefined;
  const index = partitionsOf(snapshot);
  for (const key of index.keys()) if (newest === undefined || key > newest) newest = key;
  if (newest === undefined) return null;
  const files = index.get(newest) as DataFile[];
  return { values: (files[0] as DataFile).partitionValues, files };
}

/** The files of the partition with exactly these values (same path), none when it has no files. */
export function partitionFiles(snapshot: Snapshot, values: DataFile['partitionValues']): DataFile[] {
  return partitionsOf(snapshot).get(partitionPath(snapshot.metadata.partitionColumns, values)) ?? [];
}
