import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../src/storage/local.js';
import type { TableSpec } from '../../src/table/types.js';

/** A table that uses every column type the lake supports. */
export const allTypesSpec: TableSpec = {
  layer: 'silver',
  name: 'all_types',
  description: 'Test table with one column per supported type.',
  columns: [
    { name: 'Key', type: 'string', nullable: true, description: 'Sort key.' },
    { name: 'At', type: 'timestamp', nullable: false, description: 'Event time.' },
    { name: 'Big', type: 'long', nullable: true, description: 'A long.' },
    { name: 'Small', type: 'integer', nullable: true, description: 'An integer.' },
    { name: 'Ratio', type: 'double', nullable: true, description: 'A double.' },
    { name: 'Flag', type: 'boolean', nullable: true, description: 'A boolean.' },
    { name: 'Day', type: 'date', nullable: true, description: 'A date.' },
    { name: 'Raw', type: 'binary', nullable: true, description: 'Raw bytes.' },
  ],
  partitionColumns: ['dt', 'hr'],
  sortBy: ['Key', 'At'],
  rowGroupSize: 100,
};

export async function tempStore(): Promise<{ store: LocalStore; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'iplake-table-test-'));
  return { store: new LocalStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Partition values of an epoch-ms time. */
export function hourOf(ms: number): { dt: string; hr: string } {
  const iso = new Date(ms).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}
