import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../src/storage/local.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { startS3, type S3Harness } from '../../test/helpers/s3.js';

/** Copies of the gold tables on s3rver (behind the test harness's proxy), for the S3 section. */
export interface S3Lake {
  harness: S3Harness;
  uri: string;
  objects: number;
  bytes: number;
  uploadMs: number;
}

const PREFIX = 'bench-lake';
const PARALLEL_UPLOADS = 8;

/** Start s3rver and copy the local lake's gold tables (data files and commit logs) through the store API. */
export async function copyLakeToS3(root: string): Promise<S3Lake> {
  const harness = await startS3({ bucket: 'iplake-bench' });
  const target = await harness.store(PREFIX);
  const source = new LocalStore(root);
  const started = performance.now();
  const keys: { key: string; size: number }[] = [];
  for await (const o of source.list('gold/')) keys.push({ key: o.key, size: o.size });
  await copyAll(source, target, keys);
  return {
    harness,
    uri: harness.lakeUri(PREFIX),
    objects: keys.length,
    bytes: keys.reduce((n, k) => n + k.size, 0),
    uploadMs: Math.round(performance.now() - started),
  };
}

async function copyAll(source: LocalStore, target: ObjectStore, keys: readonly { key: string }[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const { key } = keys[next++] as { key: string };
      const file = source.localPath(key);
      if (file === undefined) throw new Error(`bench: ${key} has no local path in ${source.root}`);
      await target.putFile(key, file);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
}

/** A fresh, empty directory for a gateway's S3 file cache (a cold cache). */
export async function freshCacheDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-bench-cache-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
