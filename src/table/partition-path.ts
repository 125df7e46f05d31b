import type { PartitionValues } from './types.js';

/** Partition values become path segments, so they are held to a conservative alphabet. */
const SAFE_VALUE = /^[A-Za-z0-9_.-]+$/;

/** 'dt=2026-11-28/hr=09': the partition's directory under the table root, columns in spec order. */
export function partitionPath(columns: readonly string[], values: PartitionValues): string {
  return columns
    .map((column) => {
      const value = values[column];
      if (value === undefined) {
        throw new Error(`table: partition value for ${column} is missing (got ${JSON.stringify(values)})`);
      }
      if (!SAFE_VALUE.test(value)) {
        throw new Error(`table: partition value ${column}=${JSON.stringify(value)} must match ${SAFE_VALUE}`);
      }
      return `${column}=${value}`;
    })
    .join('/');
}

/** The inverse of partitionPath for the leading `k=v` segments of a relative path. */
export function parsePartitionPath(relativePath: string): PartitionValues {
  const values: PartitionValues = {};
  for (const segment of relativePath.split('/')) {
    const eq = segment.indexOf('=');
    if (eq <= 0) break;
    values[segment.slice(0, eq)] = segment.slice(eq + 1);
  }
  return values;
}
