import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/duckdb.js';
import { DeltaTable, scanPaths, TableFormatError, TableWriter, vacuum, type DataFile } from '../../src/table/index.js';
import { allTypesSpec, tempStore } from './helpers.js';

let engine: Engine;
let env: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  engine = await Engine.create({ threads: 1, connections: 2 });
});
afterAll(async () => {
  await engine.close();
});
beforeEach(async () => {
  env = await tempStore();
});
afterEach(async () => {
  await env.cleanup();
});

const log = (v: number): string => `silver/all_types/_delta_log/${String(v).padStart(20, '0')}.json`;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function writeOneFile(table: DeltaTable, key: string): Promise<DataFile[]> {
  const writer = await TableWriter.create(engine, table);
  await writer.append({ dt: '2026-11-28', hr: '09' }, [key, Date.UTC(2026, 10, 28, 9), 1, 1, 1, true, '2026-11-28', null]);
  return writer.finish();
}

describe('bad logs', () => {
  it.each([
    ['not JSON', '{"add": {', /commit 1 of silver\/all_types is corrupt: line 1 is not JSON/],
    ['an unknown action', '{"frobnicate": {}}', /commit 1 of silver\/all_types is corrupt: line 1 \(frobnicate\): unknown action "frobnicate"/],
    ['an add without size', '{"add": {"path": "x.parquet", "partitionValues": {}, "modificationTime": 1, "dataChange": true}}', /line 1 \(add\): field size must be a non-negative integer, got nothing/],
    ['two actions on one line', '{"add": {}, "remove": {}}', /line 1 has 2 keys; an action has exactly one/],
    ['bad stats', '{"add": {"path": "x", "partitionValues": {}, "size": 1, "modificationTime": 1, "dataChange": true, "stats": "{"}}', /stats is not valid JSON/],
  ])('a commit with %s is one clear error naming the table, the version and the fix', async (_what, body, pattern) => {
    await DeltaTable.create(env.store, allTypesSpec);
    await env.store.put(log(1), enc(body));
    const err = await DeltaTable.open(env.store, allTypesSpec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableFormatError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).toMatch(/restore the commit file from backup/);
  });

  it('a corrupt commit found by refresh leaves the loaded snapshot in place', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    await env.store.put(log(1), enc('garbage'));
    await expect(table.refresh()).rejects.toThrow(/commit 1 of silver\/all_types is corrupt/);
    expect(table.snapshot().version).toBe(0);
  });

  it('a gap in versions is an error naming the missing version', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    await table.commit({ operation: 'WRITE' }, { readVersion: 0 });
    await table.commit({ operation: 'WRITE' }, { readVersion: 1 });
    await env.store.delete(log(1));
    await expect(DeltaTable.open(env.store, allTypesSpec)).rejects.toThrow(
      /silver\/all_types has a gap in its log: version 1 is missing .* but version 2 exists; restore the missing commit file/,
    );
  });

  it('a protocol this reader does not support is refused', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    await env.store.put(log(1), enc('{"protocol": {"minReaderVersion": 3, "minWriterVersion": 7}}\n'));
    await expect(table.refresh()).rejects.toThrow(/commit 1 of silver\/all_types cannot be applied: protocol needs reader version 3/);
  });
});

describe('data files', () => {
  it('a file named in the log but missing from storage is one clear error', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    const files = await writeOneFile(table, 'k');
    await table.commit({ operation: 'WRITE', add: files }, { readVersion: 0 });
    await env.store.delete(table.dataKey(files[0]!));
    await expect(scanPaths(table, table.snapshot().files)).rejects.toThrow(
      /data file dt=2026-11-28\/hr=09\/part-.*\.parquet of silver\/all_types \(snapshot version 1\) is named in the log but missing .*restore it from backup/,
    );
  });

  it('an interrupted write (data file uploaded, no commit) is invisible, and vacuum removes it once old enough', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    const committed = await writeOneFile(table, 'kept');
    await table.commit({ operation: 'WRITE', add: committed }, { readVersion: 0 });
    const orphans = await writeOneFile(table, 'crashed-before-commit'); // the "crash": never committed
    expect(await env.store.head(table.dataKey(orphans[0]!))).toBeDefined();

    const reader = await DeltaTable.open(env.store, allTypesSpec);
    expect(reader.snapshot().files.map((f) => f.path)).toEqual(committed.map((f) => f.path));
    const paths = await scanPaths(reader, reader.snapshot().files);
    const rows = await engine.query<{ Key: string }>(`SELECT "Key" FROM read_parquet([${paths.map((p) => `'${p}'`).join(',')}])`);
    expect(rows).toEqual([{ Key: 'kept' }]);

    // Young orphans are kept (a live writer may be about to commit them).
    expect((await vacuum(reader, 60_000)).deleted).toEqual([]);
    const later = Date.now() + 120_000;
    const dry = await vacuum(reader, 60_000, { now: later, dryRun: true });
    expect(dry.deleted).toEqual([table.dataKey(orphans[0]!)]);
    expect(await env.store.head(table.dataKey(orphans[0]!))).toBeDefined();
    await vacuum(reader, 60_000, { now: later });
    expect(await env.store.head(table.dataKey(orphans[0]!))).toBeUndefined();
    expect(await env.store.head(table.dataKey(committed[0]!))).toBeDefined();
  });

  it('vacuum keeps removed files inside the retention window and deletes them after it', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec);
    const old = await writeOneFile(table, 'old');
    await table.commit({ operation: 'WRITE', add: old }, { readVersion: 0 });
    const replacement = await writeOneFile(table, 'new');
    await table.commit({ operation: 'OPTIMIZE', add: replacement, remove: old, dataChange: false }, { readVersion: 1 });
    const now = Date.now() + 10_000; // every file is older than a 1 s retention by then
    expect((await vacuum(table, 3_600_000, { now })).deleted).toEqual([]); // removed 10 s ago: a reader of v1 may still read it
    const result = await vacuum(table, 1_000, { now });
    expect(result.deleted).toEqual([table.dataKey(old[0]!)]);
    expect(await env.store.head(table.dataKey(replacement[0]!))).toBeDefined();
    // The log is never vacuumed, and time travel still describes version 1.
    expect((await table.snapshotAt(1)).files.map((f) => f.path)).toEqual(old.map((f) => f.path));
  });
});
