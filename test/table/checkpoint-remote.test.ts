import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/duckdb.js';
import type { S3Store } from '../../src/storage/s3.js';
import { DeltaTable, type DataFile } from '../../src/table/index.js';
import { createLogger } from '../../src/util/log.js';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { allTypesSpec } from './helpers.js';

let h: S3Harness;
let engine: Engine;
beforeAll(async () => {
  h = await startS3();
  engine = await Engine.create({ threads: 1, connections: 1 });
});
afterAll(async () => {
  await engine.close();
  await h.stop();
});

const root = 'silver/all_types';
const logKey = (v: number): string => `${root}/_delta_log/${String(v).padStart(20, '0')}.json`;

function file(name: string, hr: string): DataFile {
  return {
    path: `dt=2026-11-28/hr=${hr}/${name}.parquet`,
    partitionValues: { dt: '2026-11-28', hr },
    size: 1_000 + name.length,
    modificationTime: 1_700_000_000_000,
    stats: {
      numRecords: 4,
      minValues: { Key: `${name}-a`, At: Date.UTC(2026, 10, 28, Number(hr)), Big: -3 },
      maxValues: { Key: `${name}-z`, At: Date.UTC(2026, 10, 28, Number(hr), 59), Big: 9_007_199_254_740 },
      nullCount: { Key: 0, At: 0, Big: 1 },
    },
  };
}

describe('checkpoints on a remote store', () => {
  it('are read from the object itself, without a local copy, a temp directory or an engine from the caller', async () => {
    const store: S3Store = await h.store();
    const writer = await DeltaTable.create(store, allTypesSpec, { engine, checkpointInterval: 4, configuration: { 'delta.appendOnly': 'false' } });
    for (let v = 1; v <= 5; v += 1) {
      const remove = v === 3 ? [file('f1', '01')] : [];
      await writer.commit({ operation: 'WRITE', add: [file(`f${v}`, String(v).padStart(2, '0'))], remove, txn: { appId: 'etl', version: v } }, { readVersion: v - 1 });
    }
    // Only the checkpoint can say what versions 0–4 hold once their JSON commits are gone.
    for (let v = 0; v <= 4; v += 1) await store.delete(logKey(v));

    const lines: string[] = [];
    const reader = await DeltaTable.open(store, allTypesSpec, {
      // Nothing may be written locally to read a checkpoint: this directory cannot be created.
      tempDirectory: '/dev/null/iplake-no-temp',
      logger: createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) }),
    });
    const got = reader.snapshot();
    const want = writer.snapshot();
    expect(lines.filter((l) => l.includes('unusable'))).toEqual([]);
    expect(got.version).toBe(5);
    expect(got.metadata).toEqual(want.metadata);
    expect(got.protocol).toEqual(want.protocol);
    expect([...got.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual([...want.files].sort((a, b) => a.path.localeCompare(b.path)));
    expect(got.tombstones().map((t) => t.path)).toEqual(['dt=2026-11-28/hr=01/f1.parquet']);
    expect(got.txnVersion('etl')).toBe(5);
    await store.close();
  });
});
