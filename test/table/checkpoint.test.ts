import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlString } from '../../src/engine/sql.js';
import { createLogger, type Logger } from '../../src/util/log.js';
import { DeltaTable, vacuum, type DataFile, type Snapshot } from '../../src/table/index.js';
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

const root = 'silver/all_types';
const logKey = (v: number, suffix = 'json'): string => `${root}/_delta_log/${String(v).padStart(20, '0')}.${suffix}`;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function file(name: string, hr = '09'): DataFile {
  return {
    path: `dt=2026-11-28/hr=${hr}/${name}.parquet`,
    partitionValues: { dt: '2026-11-28', hr },
    size: 100 + name.length,
    modificationTime: 1_700_000_000_000 + name.length,
    stats: {
      numRecords: 3,
      minValues: { Key: `${name}-a`, At: Date.UTC(2026, 10, 28, 9), Big: -5, Day: '2026-11-28' },
      maxValues: { Key: `${name}-z`, At: Date.UTC(2026, 10, 28, 9, 59), Big: 7, Day: '2026-11-28' },
      nullCount: { Key: 0, At: 0, Big: 1, Raw: 3 },
    },
  };
}

/**
 * Versions 1..n: adds across two hours, a compaction that removes two files, and txn watermarks.
 * Returns the writer's in-memory snapshot after each version: the JSON log applied commit by commit.
 */
async function buildLog(table: DeltaTable, n: number): Promise<Snapshot[]> {
  const applied = [table.snapshot()];
  for (let v = 1; v <= n; v += 1) {
    const readVersion = v - 1;
    if (v === 4) {
      await table.commit(
        { operation: 'OPTIMIZE', add: [file('c4')], remove: [file('f1'), file('f2', '10')], dataChange: false },
        { readVersion },
      );
    } else {
      await table.commit(
        { operation: 'WRITE', add: [file(`f${v}`, v % 2 ? '09' : '10')], txn: { appId: v % 3 ? 'etl' : 'backfill', version: v } },
        { readVersion },
      );
    }
    applied.push(table.snapshot());
  }
  return applied;
}

/** Everything a reader sees in a snapshot, in a comparable form. */
function stateOf(s: Snapshot): unknown {
  return {
    version: s.version,
    protocol: s.protocol,
    metadata: s.metadata,
    files: [...s.files].sort((a, b) => a.path.localeCompare(b.path)),
    tombstones: [...s.tombstones()].sort((a, b) => a.path.localeCompare(b.path)),
    txns: { etl: s.txnVersion('etl'), backfill: s.txnVersion('backfill') },
  };
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) }), lines };
}

describe('Delta checkpoints', () => {
  it('writes a checkpoint every N commits whose schema and contents match the JSON replay', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { engine, checkpointInterval: 5 });
    const applied = await buildLog(table, 12);
    const keys: string[] = [];
    for await (const info of env.store.list(`${root}/_delta_log/`)) keys.push(info.key.slice(root.length + 12));
    expect(keys.filter((k) => !k.endsWith('.json'))).toEqual([
      '00000000000000000005.checkpoint.parquet',
      '00000000000000000010.checkpoint.parquet',
      '_last_checkpoint',
    ]);
    const last = JSON.parse(new TextDecoder().decode(await env.store.get(`${root}/_delta_log/_last_checkpoint`))) as { version: number; size: number };

    // Schema per PROTOCOL.md: one struct column per action kind; partitionValues a string map; stats a JSON string.
    const path = env.store.localPath(logKey(10, 'checkpoint.parquet')) as string;
    const columns = await engine.query<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(path)}))`,
    );
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type.replaceAll('"', '')])); // quoting varies by DuckDB version
    expect(Object.keys(types).sort()).toEqual(['add', 'metaData', 'protocol', 'remove', 'txn']);
    expect(types.add).toMatch(/^STRUCT\(path VARCHAR, partitionValues MAP\(VARCHAR, VARCHAR\), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR\)$/);
    expect(types.remove).toMatch(/^STRUCT\(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN/);
    expect(types.metaData).toMatch(/^STRUCT\(id VARCHAR, .*format STRUCT\(provider VARCHAR, options MAP\(VARCHAR, VARCHAR\)\), schemaString VARCHAR, partitionColumns VARCHAR\[\], configuration MAP\(VARCHAR, VARCHAR\), createdTime BIGINT\)$/);
    expect(types.protocol).toBe('STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)');
    expect(types.txn).toBe('STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)');

    // Contents: exactly one action per row; the set equals the reconciled JSON log at version 10.
    const rows = await engine.query<{ kinds: number; kind: string; add_path: string | null; pv: string | null; stats: string | null; meta: string | null }>(`
      SELECT (txn IS NOT NULL)::INT + ("add" IS NOT NULL)::INT + (remove IS NOT NULL)::INT + ("metaData" IS NOT NULL)::INT + (protocol IS NOT NULL)::INT AS kinds,
             CASE WHEN txn IS NOT NULL THEN 'txn' WHEN "add" IS NOT NULL THEN 'add' WHEN remove IS NOT NULL THEN 'remove'
                  WHEN "metaData" IS NOT NULL THEN 'metaData' ELSE 'protocol' END AS kind,
             "add".path AS add_path, to_json("add"."partitionValues")::VARCHAR AS pv, "add".stats AS stats, to_json("metaData")::VARCHAR AS meta
      FROM read_parquet(${sqlString(path)})`);
    expect(last).toEqual({ version: 10, size: rows.length });
    expect(rows.every((r) => r.kinds === 1)).toBe(true);
    const count = (k: string): number => rows.filter((r) => r.kind === k).length;
    const atTen = await table.snapshotAt(10);
    expect({ protocol: count('protocol'), metaData: count('metaData'), txn: count('txn'), add: count('add'), remove: count('remove') }).toEqual({
      protocol: 1,
      metaData: 1,
      txn: 2,
      add: atTen.fileCount,
      remove: 2,
    });
    const commit0 = new TextDecoder().decode(await env.store.get(logKey(0)));
    const loggedMeta = commit0.split('\n').map((l) => (l ? (JSON.parse(l) as Record<string, unknown>) : {})).find((a) => 'metaData' in a)?.metaData;
    expect(JSON.parse(rows.find((r) => r.kind === 'metaData')?.meta as string)).toEqual(loggedMeta);
    const c4 = rows.find((r) => r.add_path === file('c4').path);
    expect(JSON.parse(c4?.pv as string)).toEqual({ dt: '2026-11-28', hr: '09' });
    expect(JSON.parse(c4?.stats as string)).toMatchObject({ numRecords: 3, minValues: { At: '2026-11-28T09:00:00.000Z' } });

    // The checkpointed snapshot equals the JSON replay (this object applied every commit in memory).
    const fromCheckpoint = await DeltaTable.open(env.store, allTypesSpec, { engine });
    expect(stateOf(fromCheckpoint.snapshot())).toEqual(stateOf(table.snapshot()));
    expect(stateOf(atTen)).toEqual(stateOf(applied[10] as Snapshot));
  });

  it('opens from the checkpoint and replays only the commits after it; older versions still time-travel', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { engine, checkpointInterval: 5 });
    await buildLog(table, 12);
    const expected = stateOf(table.snapshot());
    // Without commits 0..9 only the checkpoint of version 10 can explain the table: opening must use it.
    for (let v = 0; v < 10; v += 1) await env.store.delete(logKey(v));
    await env.store.delete(logKey(5, 'checkpoint.parquet'));
    const reopened = await DeltaTable.open(env.store, allTypesSpec, { engine });
    expect(stateOf(reopened.snapshot())).toEqual(expected);
    expect((await reopened.snapshotAt(11)).version).toBe(11);
    await expect(reopened.snapshotAt(3)).rejects.toThrow(/version 3 is no longer readable: commit 0 is missing .*the log starts at version 10, older commits were removed by log retention/);

    // With the log intact, versions before the checkpoint replay from version 0.
    const other = await tempStore();
    try {
      const t2 = await DeltaTable.create(other.store, allTypesSpec, { engine, checkpointInterval: 5 });
      const applied = await buildLog(t2, 12);
      const fresh = await DeltaTable.open(other.store, allTypesSpec, { engine });
      expect(stateOf(await fresh.snapshotAt(3))).toEqual(stateOf(applied[3] as Snapshot)); // from version 0
      expect(stateOf(await fresh.snapshotAt(7))).toEqual(stateOf(applied[7] as Snapshot)); // from checkpoint 5
      expect(stateOf(await fresh.snapshotAt(10))).toEqual(stateOf(applied[10] as Snapshot));
    } finally {
      await other.cleanup();
    }
  });

  it('falls back to the JSON log, with a debug line, when a checkpoint or _last_checkpoint is corrupt or missing', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { engine, checkpointInterval: 5 });
    await buildLog(table, 7);
    const expected = stateOf(table.snapshot());

    await env.store.put(logKey(5, 'checkpoint.parquet'), enc('PAR1 this is not parquet'));
    const corrupt = capture();
    const a = await DeltaTable.open(env.store, allTypesSpec, { engine, logger: corrupt.logger });
    expect(stateOf(a.snapshot())).toEqual(expected);
    expect(corrupt.lines.join('\n')).toMatch(/"level":"debug".*checkpoint 5 of silver\/all_types is unusable.*falling back/);

    await env.store.delete(logKey(5, 'checkpoint.parquet'));
    const missing = capture();
    expect(stateOf((await DeltaTable.open(env.store, allTypesSpec, { engine, logger: missing.logger })).snapshot())).toEqual(expected);
    expect(missing.lines.join('\n')).toMatch(/checkpoint 5 of silver\/all_types is unusable \(.*does not exist\)/);

    await env.store.put(`${root}/_delta_log/_last_checkpoint`, enc('{"version": "x"'));
    const badHint = capture();
    expect(stateOf((await DeltaTable.open(env.store, allTypesSpec, { engine, logger: badHint.logger })).snapshot())).toEqual(expected);
    expect(badHint.lines.join('\n')).toMatch(/_last_checkpoint of silver\/all_types is unreadable/);
  });

  it('a failed checkpoint write never fails the commit', async () => {
    const broken = await Engine.create({ threads: 1, connections: 1 });
    await broken.close(); // every statement on it now fails
    const warnings = capture();
    const table = await DeltaTable.create(env.store, allTypesSpec, { engine: broken, checkpointInterval: 2, logger: warnings.logger });
    await table.commit({ operation: 'WRITE', add: [file('a')] }, { readVersion: 0 });
    expect(await table.commit({ operation: 'WRITE', add: [file('b')] }, { readVersion: 1 })).toBe(2);
    expect(await env.store.head(logKey(2, 'checkpoint.parquet'))).toBeUndefined();
    expect(warnings.lines.join('\n')).toMatch(/"level":"warn".*could not write the checkpoint of version 2 of silver\/all_types.*engine is closed/);
    expect((await DeltaTable.open(env.store, allTypesSpec, { engine })).snapshot().fileCount).toBe(2);
  });

  it('needs no engine from the caller: the table layer starts its own for log work', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { checkpointInterval: 2 });
    await buildLog(table, 3);
    expect(await env.store.head(logKey(2, 'checkpoint.parquet'))).toBeDefined();
    await env.store.delete(logKey(0));
    await env.store.delete(logKey(1));
    expect(stateOf((await DeltaTable.open(env.store, allTypesSpec)).snapshot())).toEqual(stateOf(table.snapshot()));
  });
});

describe('log retention in vacuum', () => {
  it('deletes commits and checkpoints older than the retention and the newest checkpoint before it, and nothing a reader needs', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { engine, checkpointInterval: 5 });
    await buildLog(table, 12);
    const expected = stateOf(table.snapshot());
    const later = Date.now() + 60_000;
    // Inside the retention window nothing goes.
    expect((await vacuum(table, 1_000, { now: later, logRetentionMs: 3_600_000 })).deletedLog).toEqual([]);
    const dry = await vacuum(table, 1_000, { now: later, logRetentionMs: 1_000, dryRun: true });
    const expectedLog = [...Array.from({ length: 10 }, (_, v) => logKey(v)), logKey(5, 'checkpoint.parquet')].sort();
    expect([...dry.deletedLog].sort()).toEqual(expectedLog);
    expect(await env.store.head(logKey(0))).toBeDefined();
    const result = await vacuum(table, 1_000, { now: later, logRetentionMs: 1_000 });
    expect([...result.deletedLog].sort()).toEqual(expectedLog);
    expect(await env.store.head(logKey(10))).toBeDefined();
    expect(await env.store.head(logKey(10, 'checkpoint.parquet'))).toBeDefined();
    expect(stateOf((await DeltaTable.open(env.store, allTypesSpec, { engine })).snapshot())).toEqual(expected);
    // Without a checkpoint nothing in the log may go.
    const other = await tempStore();
    try {
      const plain = await DeltaTable.create(other.store, allTypesSpec, { engine, checkpointInterval: 0 });
      await buildLog(plain, 3);
      expect((await vacuum(plain, 1_000, { now: later, logRetentionMs: 0 })).deletedLog).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });
});
