import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitConflictError, DeltaTable, TableFormatError, type DataFile, type TableSpec } from '../../src/table/index.js';
import { allTypesSpec, tempStore } from './helpers.js';

let env: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  env = await tempStore();
});
afterEach(async () => {
  await env.cleanup();
});

/** A log-only data file entry: commit semantics do not need the Parquet bytes. */
function fakeFile(name: string, hr = '09'): DataFile {
  return {
    path: `dt=2026-11-28/hr=${hr}/${name}.parquet`,
    partitionValues: { dt: '2026-11-28', hr },
    size: 10,
    modificationTime: 1,
    stats: { numRecords: 1, minValues: { Key: name, At: Date.UTC(2026, 10, 28, 9) }, maxValues: { Key: name, At: Date.UTC(2026, 10, 28, 9, 30) }, nullCount: { Key: 0 } },
  };
}

describe('creating and opening', () => {
  it('lets racing creators both succeed on one table', async () => {
    const [a, b] = await Promise.all([DeltaTable.create(env.store, allTypesSpec), DeltaTable.create(env.store, allTypesSpec)]);
    expect(a.snapshot().metadata.id).toBe(b.snapshot().metadata.id);
    expect(a.snapshot().version).toBe(0);
  });

  it('refuses to open a missing table, or one whose schema differs from the spec', async () => {
    await expect(DeltaTable.open(env.store, allTypesSpec)).rejects.toThrow(/table silver\/all_types does not exist .*DeltaTable.create/);
    await DeltaTable.create(env.store, allTypesSpec);
    const changed: TableSpec = {
      ...allTypesSpec,
      columns: allTypesSpec.columns.map((c) => (c.name === 'Big' ? { ...c, type: 'string' } : c)),
    };
    const err = await DeltaTable.open(env.store, changed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableFormatError);
    expect((err as Error).message).toMatch(/silver\/all_types .*different schema.*column Big is Big long, the spec wants Big string/);
    await expect(DeltaTable.create(env.store, { ...allTypesSpec, partitionColumns: ['dt'] })).rejects.toThrow(/partition columns are \[dt, hr\], the spec wants \[dt\]/);
  });
});

describe('commits', () => {
  it('one of two writers racing for the same version wins; the loser gets CommitConflictError and retries', async () => {
    const a = await DeltaTable.create(env.store, allTypesSpec);
    const b = await DeltaTable.open(env.store, allTypesSpec);
    const results = await Promise.allSettled([
      a.commit({ operation: 'WRITE', add: [fakeFile('a')] }, { readVersion: 0 }),
      b.commit({ operation: 'WRITE', add: [fakeFile('b')] }, { readVersion: 0 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const conflict = lost[0]?.reason as CommitConflictError;
    expect(conflict).toBeInstanceOf(CommitConflictError);
    expect(conflict.winningVersion).toBe(1);
    expect(conflict.message).toMatch(/commit 1 of silver\/all_types lost a race/);

    const loser = (results[0]?.status === 'rejected' ? a : b) as DeltaTable;
    const name = loser === a ? 'a' : 'b';
    const result = await loser.commitWithRetry({ operation: 'WRITE', add: [fakeFile(name)] });
    expect(result).toMatchObject({ version: 2, alreadyCommitted: false });
    const fresh = await DeltaTable.open(env.store, allTypesSpec);
    expect(fresh.snapshot().files.map((f) => f.path).sort()).toEqual([fakeFile('a').path, fakeFile('b').path]);
  });

  it('commitWithRetry lands every append from many concurrent writers exactly once', async () => {
    await DeltaTable.create(env.store, allTypesSpec);
    const writers = await Promise.all(Array.from({ length: 6 }, () => DeltaTable.open(env.store, allTypesSpec)));
    const results = await Promise.all(writers.map((w, i) => w.commitWithRetry({ operation: 'WRITE', add: [fakeFile(`w${i}`)] }, { maxAttempts: 20 })));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const snapshot = await writers[0]!.refresh();
    expect(snapshot.version).toBe(6);
    expect(snapshot.fileCount).toBe(6);
  });

  it('exclusive writers fail instead of retrying, and removing an already-removed file is a conflict', async () => {
    const a = await DeltaTable.create(env.store, allTypesSpec);
    const b = await DeltaTable.open(env.store, allTypesSpec);
    await a.commit({ operation: 'WRITE', add: [fakeFile('x')] }, { readVersion: 0 });
    await expect(b.commit({ operation: 'WRITE', add: [fakeFile('y')] }, { readVersion: 0 })).rejects.toBeInstanceOf(CommitConflictError);
    // b has not seen version 1; commitWithRetry refreshes first, so exclusive succeeds when nothing races it.
    await expect(b.commitWithRetry({ operation: 'WRITE', add: [fakeFile('y')] }, { exclusive: true })).resolves.toMatchObject({ version: 2 });
    // Two compactions of the same file: the second must not re-remove it.
    const file = a.snapshot().files[0] as DataFile;
    await (await a.refresh(), a).commit({ operation: 'OPTIMIZE', remove: [file], add: [fakeFile('x2')], dataChange: false }, { readVersion: 2 });
    await expect(b.commitWithRetry({ operation: 'OPTIMIZE', remove: [file], add: [fakeFile('x3')], dataChange: false })).rejects.toThrow(
      /already removed by a concurrent commit/,
    );
  });

  it('idempotent writers: a txn version already in the table is not committed twice', async () => {
    const t = await DeltaTable.create(env.store, allTypesSpec);
    const req = { operation: 'WRITE', add: [fakeFile('batch7')], txn: { appId: 'etl', version: 7 } };
    expect(await t.commitWithRetry(req)).toMatchObject({ version: 1, alreadyCommitted: false });
    expect(await t.commitWithRetry(req)).toMatchObject({ version: 1, alreadyCommitted: true });
    expect(t.snapshot().txnVersion('etl')).toBe(7);
    expect(t.snapshot().txnVersion('other')).toBeUndefined();
  });
});

describe('snapshots', () => {
  it('reads the table as of any version, and refresh applies only new commits', async () => {
    const writer = await DeltaTable.create(env.store, allTypesSpec);
    const reader = await DeltaTable.open(env.store, allTypesSpec);
    const held = reader.snapshot();
    await writer.commit({ operation: 'WRITE', add: [fakeFile('one')] }, { readVersion: 0 });
    await writer.commit({ operation: 'WRITE', add: [fakeFile('two')] }, { readVersion: 1 });
    await writer.commit({ operation: 'DELETE', remove: [fakeFile('one')] }, { readVersion: 2 });

    expect(reader.snapshot().version).toBe(0);
    const latest = await reader.refresh();
    expect(latest.version).toBe(3);
    expect(latest.files.map((f) => f.path)).toEqual([fakeFile('two').path]);
    expect(held.version).toBe(0); // an old snapshot is never mutated
    expect(held.fileCount).toBe(0);
    expect(await reader.refresh()).toBe(latest); // nothing new: same object

    const v1 = await reader.snapshotAt(1);
    expect(v1.files.map((f) => f.path)).toEqual([fakeFile('one').path]);
    expect(v1.files[0]?.stats).toEqual(fakeFile('one').stats);
    expect((await reader.snapshotAt(2)).fileCount).toBe(2);
    await expect(reader.snapshotAt(9)).rejects.toThrow(/has no version 9; the latest is 3/);
  });
});
