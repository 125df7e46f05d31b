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
