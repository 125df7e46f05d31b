import { compareStatValues } from './compare.js';
import { partitionPath } from './partition-path.js';
import type { DataFile, PruneRequest, RangePredicate } from './types.js';

/**
 * Keep every file that may hold a row matching the request, drop the rest.
 * A file without stats for a ranged column is always kept (unknown is not "cannot match").
 */
export function pruneFiles(files: Iterable<DataFile>, partitionColumns: readonly string[], req: PruneRequest): DataFile[] {
  const kept: DataFile[] = [];
  for (const file of files) {
    if (mayMatch(file, partitionColumns, req)) kept.push(file);
  }
  return kept;
}

function mayMatch(file: DataFile, partitionColumns: readonly string[], req: PruneRequest): boolean {
  for (const p of req.partitions ?? []) {
    const value = file.partitionValues[p.column];
    if (value === undefined || !p.values.has(value)) return false;
  }
  if (req.partitionTuples && !req.partitionTuples.has(partitionPath(partitionColumns, file.partitionValues))) return false;
  for (const range of req.ranges ?? []) {
    if (!rangeMayMatch(file, partitionColumns, range)) return false;
  }
  return true;
}

function rangeMayMatch(file: DataFile, partitionColumns: readonly string[], range: RangePredicate): boolean {
  if (partitionColumns.includes(range.column)) {
    const value = file.partitionValues[range.column];
    return value === undefined || overlaps(value, value, range);
  }
  const stats = file.stats;
  if (!stats) return true;
  // A column that is null in every row matches no range.
  if (stats.numRecords > 0 && stats.nullCount[range.column] === stats.numRecords) return false;
  const min = stats.minValues[range.column];
  const max = stats.maxValues[range.column];
  if (min === undefined || min === null || max === undefined || max === null) return true;
  if (typeof min === 'boolean' || typeof max === 'boolean') return true;
  return overlaps(min, max, range);
}

function overlaps(fileMin: string | number, fileMax: string | number, range: RangePredicate): boolean {
  if (range.min !== undefined && compareStatValues(fileMax, coerce(range.min, fileMax)) < 0) return false;
  if (range.max !== undefined && compareStatValues(fileMin, coerce(range.max, fileMin)) > 0) return false;
  return true;
}

/** A timestamp bound given as ISO text is compared as epoch ms against numeric (timestamp) stats. */
function coerce(bound: string | number, like: string | number): string | number {
  if (typeof like === 'number' && typeof bound === 'string') {
    const ms = Date.parse(bound);
    return Number.isNaN(ms) ? bound : ms;
  }
  return bound;
}
