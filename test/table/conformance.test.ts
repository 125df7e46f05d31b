import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/duckdb.js';
import { sqlStringList } from '../../src/engine/sql.js';
import { DeltaTable, scanPaths, TableWriter } from '../../src/table/index.js';
import { allTypesSpec, tempStore } from './helpers.js';

/**
 * Delta protocol conformance: every action the writer leaves in `_delta_log` is checked against the
 * required fields and types of Delta PROTOCOL.md (reader 1 / writer 2). DuckDB's delta extension would be
 * a second oracle but cannot be installed offline, so this test is the check.
 */
let engine: Engine;
let env: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  engine = await Engine.create({ threads: 1, connections: 2 });
  env = await tempStore();
});
afterAll(async () => {
  await engine.close();
  await env.cleanup();
});

type Json = Record<string, unknown>;
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
const isStringMap = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function checkProtocol(p: Json): void {
  expect(p).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
}

function checkMetaData(m: Json): void {
  expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(m.format).toEqual({ provider: 'parquet', options: {} });
  expect(m.partitionColumns).toEqual(['dt', 'hr']);
  expect(isStringMap(m.configuration)).toBe(true);
  expect(isInt(m.createdTime)).toBe(true);
  expect(typeof m.schemaString).toBe('string');
  const schema = JSON.parse(m.schemaString as string) as { type: string; fields: Json[] };
  expect(schema.type).toBe('struct');
  const fields = schema.fields.map((f) => [f.name, f.type, f.nullable]);
  expect(fields).toEqual([
    ...allTypesSpec.columns.map((c) => [c.name, c.type, c.nullable]),
    ['dt', 'string', false],
    ['hr', 'string', false],
  ]);
  for (const f of schema.fields) {
    expect(Object.keys(f).sort()).toEqual(['metadata', 'name', 'nullable', 'type']);
    expect(typeof (f.metadata as Json).comment).toBe('string');
  }
}

function checkAdd(a: Json, dataChange: boolean): void {
  expect(Object.keys(a).sort()).toEqual(['dataChange', 'modificationTime', 'partitionValues', 'path', 'size', 'stats']);
  expect(a.path).toMatch(/^dt=\d{4}-\d{2}-\d{2}\/hr=\d{2}\/part-[0-9a-f-]+\.(zstd|uncompressed)\.parquet$/);
  expect(decodeURIComponent(a.path as string)).toBe(a.path); // a relative URI with nothing to escape
  expect(isStringMap(a.partitionValues)).toBe(true);
  expect(Object.keys(a.partitionValues as Json).sort()).toEqual(['dt', 'hr']);
  expect(a.path).toContain(`dt=${(a.partitionValues as Json).dt}/hr=${(a.partitionValues as Json).hr}/`);
  expect(isInt(a.size) && (a.size as number) > 0).toBe(true);
  expect(isInt(a.modificationTime)).toBe(true);
  expect(a.dataChange).toBe(dataChange);
  const stats = JSON.parse(a.stats as string) as Json;
  expect(Object.keys(stats).sort()).toEqual(['maxValues', 'minValues', 'nullCount', 'numRecords']);
  expect(isInt(stats.numRecords)).toBe(true);
  const nullCount = stats.nullCount as Json;
  expect(Object.keys(nullCount).sort()).toEqual(allTypesSpec.columns.map((c) => c.name).sort());
  for (const v of Object.values(nullCount)) expect(isInt(v)).toBe(true);
  for (const bound of [stats.minValues, stats.maxValues] as Json[]) {
    expect(bound.At).toMatch(ISO); // timestamps as ISO-8601 per the Delta spec
    expect(typeof bound.Big).toBe('number');
    expect(typeof bound.Key).toBe('string');
    expect(bound.Day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(bound.Raw).toBeUndefined(); // no min/max for binary
  }
}

function checkRemove(r: Json): void {
  expect(Object.keys(r).sort()).toEqual(['dataChange', 'deletionTimestamp', 'extendedFileMetadata', 'partitionValues', 'path', 'size']);
  expect(typeof r.path).toBe('string');
  expect(isInt(r.deletionTimestamp)).toBe(true);
  expect(r.dataChange).toBe(false);
  expect(r.extendedFileMetadata).toBe(true);
  expect(isStringMap(r.partitionValues)).toBe(true);
  expect(isInt(r.size)).toBe(true);
}

function checkTxn(t: Json): void {
  expect(Object.keys(t).sort()).toEqual(['appId', 'lastUpdated', 'version']);
  expect(t.appId).toBe('etl-gold');
  expect(isInt(t.version)).toBe(true);
  expect(isInt(t.lastUpdated)).toBe(true);
}

function checkCommitInfo(c: Json): void {
  expect(isInt(c.timestamp)).toBe(true);
  expect(typeof c.operation).toBe('string');
  expect(isStringMap(c.operationParameters)).toBe(true);
  expect(c.engineInfo).toMatch(/^iplake\//);
}

describe('Delta protocol conformance of _delta_log', () => {
  it('writes only well-formed actions for create, append with txn, and compaction', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { configuration: { 'delta.appendOnly': 'false' } });
    const t0 = Date.UTC(2026, 10, 28, 9);
    const write = async (offset: number): Promise<ReturnType<TableWriter['finish']>> => {
      const writer = await TableWriter.create(engine, table);
      for (let i = 0; i < 20; i += 1) {
        await writer.append({ dt: '2026-11-28', hr: '09' }, [`k${i + offset}`, t0 + i, i, i, i / 2, i % 2 === 0, '2026-11-28', new Uint8Array([i])]);
      }
      return writer.finish();
    };
    const first = await write(0);
    await table.commit({ operation: 'WRITE', add: first, txn: { appId: 'etl-gold', version: 1 } }, { readVersion: 0 });
    const second = await write(100);
    await table.commit({ operation: 'WRITE', add: second, txn: { appId: 'etl-gold', version: 2 } }, { readVersion: 1 });
    // Compaction: rewrite the hour from both files, remove them, dataChange false.
    const live = table.snapshot().files;
    const writer = await TableWriter.create(engine, table);
    const paths = await scanPaths(table, live);
    const compacted = await writer.writeFromQuery(
      { dt: '2026-11-28', hr: '09' },
      `SELECT * FROM read_parquet(${sqlStringList(paths)}, hive_partitioning=false)`,
    );
    await writer.abort();
    expect(compacted.stats?.numRecords).toBe(40);
    await table.commit(
      { operation: 'OPTIMIZE', operationParameters: { predicate: '[]' }, add: [compacted], remove: live, dataChange: false },
      { readVersion: 2 },
    );

    const seen = new Map<string, number>();
    const logKeys: string[] = [];
    for await (const info of env.store.list(`${table.root}/_delta_log/`)) logKeys.push(info.key);
    expect(logKeys).toEqual([0, 1, 2, 3].map((v) => `${table.root}/_delta_log/${String(v).padStart(20, '0')}.json`));
    for (const [version, key] of logKeys.entries()) {
      const text = new TextDecoder().decode(await env.store.get(key));
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n');
      let commitInfos = 0;
      for (const line of lines) {
        const action = JSON.parse(line) as Json;
        const kinds = Object.keys(action);
        expect(kinds).toHaveLength(1);
        const kind = kinds[0] as string;
        const body = action[kind] as Json;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        switch (kind) {
          case 'protocol':
            expect(version).toBe(0);
            checkProtocol(body);
            break;
          case 'metaData':
            expect(version).toBe(0);
            checkMetaData(body);
            expect(body.configuration).toEqual({ 'delta.appendOnly': 'false' });
            break;
          case 'add':
            checkAdd(body, version !== 3);
            break;
          case 'remove':
            expect(version).toBe(3);
            checkRemove(body);
            break;
          case 'txn':
            checkTxn(body);
            expect(body.version).toBe(version);
            break;
          case 'commitInfo':
            commitInfos += 1;
            checkCommitInfo(body);
            break;
          default:
            throw new Error(`unexpected action ${kind} in version ${version}`);
        }
      }
      expect(commitInfos).toBe(1);
    }
    expect(Object.fromEntries(seen)).toEqual({ commitInfo: 4, protocol: 1, metaData: 1, add: 3, txn: 2, remove: 2 });

    // Replaying the log gives the compacted file only, and the txn watermark.
    const reopened = await DeltaTable.open(env.store, allTypesSpec);
    expect(reopened.snapshot().files.map((f) => f.path)).toEqual([compacted.path]);
    expect(reopened.snapshot().txnVersion('etl-gold')).toBe(2);
    expect(reopened.snapshot().files[0]?.stats).toEqual(compacted.stats);
  });
});
