import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipLookupGold } from '../../src/lake/gold.js';
import { TableSource } from '../../src/query/table-source.js';
import { DeltaTable } from '../../src/table/index.js';
import { tempStore } from '../table/helpers.js';

let env: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  env = await tempStore();
});
afterEach(async () => {
  await env.cleanup();
});

describe('TableSource.warm', () => {
  it('is a no-op on a lake without the table, and opens the table once it exists', async () => {
    // Max age 0: every call checks the log (bounded freshness is covered in table-source-max-age.test.ts).
    const source = new TableSource(env.store, ipLookupGold, { snapshotMaxAgeMs: 0 });
    expect(await source.warm()).toBe(false);
    expect(await source.latest()).toBeNull();

    const table = await DeltaTable.create(env.store, ipLookupGold, { checkpointInterval: 0 });
    await table.commit({ operation: 'WRITE' }, { readVersion: 0 });
    expect(await source.warm()).toBe(true);
    // Opened: file paths are now served, and later commits still reach the next request.
    expect(await source.localPaths([])).toEqual([]);
    await table.commit({ operation: 'WRITE' }, { readVersion: 1 });
    expect((await source.latest())?.version).toBe(2);
  });
});
