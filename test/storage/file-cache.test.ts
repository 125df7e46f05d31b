import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileCache } from '../../src/storage/file-cache.js';
import { LocalStore } from '../../src/storage/local.js';
import type { S3Store } from '../../src/storage/s3.js';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { expectCode } from './contract.js';

const KB = 1024;

describe('LocalFileCache', () => {
  let h: S3Harness;
  let scratch: string;
  let dirs = 0;
  beforeAll(async () => {
    h = await startS3();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'iplake-cache-'));
  });
  afterEach(() => h.proxy.setFaults({}));
  afterAll(async () => {
    await h.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  const cacheDir = () => path.join(scratch, `cache-${++dirs}`);
  const gets = () => h.proxy.counters().forwarded;

  /** A store holding `count` random objects of `size` bytes named f0, f1, …; returns their bodies. */
  async function seeded(count: number, size: number): Promise<{ store: S3Store; bodies: Buffer[] }> {
    const store = await h.store();
    const bodies = Array.from({ length: count }, () => randomBytes(size));
    await Promise.all(bodies.map((b, i) => store.put(`dt=2026-11-28/f${i}.parquet`, b)));
    return { store, bodies };
  }
  const key = (i: number) => `dt=2026-11-28/f${i}.parquet`;

  it('downloads once, then serves the same complete file from disk', async () => {
    const { store, bodies } = await seeded(1, 64 * KB);
    const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: 10 * 1024 * KB });
    const before = gets();
    const first = await cache.localFile(store, key(0), 64 * KB);
    const second = await cache.localFile(store, key(0));
    expect(second).toBe(first);
    expect(first.endsWith('.parquet')).toBe(true);
    expect((await readFile(first)).equals(bodies[0]!)).toBe(true);
    expect(gets() - before).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, coalesced: 0, bytes: 64 * KB, files: 1, evictions: 0 });
  });

  it('coalesces concurrent requests for one key into a single download', async () => {
    const { store, bodies } = await seeded(1, 256 * KB);
    const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: 10 * 1024 * KB });
    const before = gets();
    const paths = await Promise.all(Array.from({ length: 10 }, () => cache.localFile(store, key(0))));
    expect(new Set(paths).size).toBe(1);
    expect(gets() - before).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, coalesced: 9 });
    expect((await readFile(paths[0]!)).equals(bodies[0]!)).toBe(true);
  });

  it('evicts the least recently used files beyond maxBytes', async () => {
    const { store } = await seeded(3, 100 * KB);
    const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: 250 * KB, holdMs: 0 });
    const f0 = await cache.localFile(store, key(0));
    const f1 = await cache.localFile(store, key(1));
    await cache.localFile(store, key(0)); // f0 is now more recent than f1
    const f2 = await cache.localFile(store, key(2));
    expect(cache.stats()).toMatchObject({ evictions: 1, files: 2, bytes: 200 * KB });
    const onDisk = await readdir(path.dirname(f0));
    expect(onDisk.sort()).toEqual([path.basename(f0), path.basename(f2)].sort());
    expect(onDisk).not.toContain(path.basename(f1));
    // An evicted key is simply downloaded again.
    const again = await cache.localFile(store, key(1));
    expect(again).not.toBe(f1);
    expect(cache.stats().misses).toBe(4);
  });

  it('never evicts files handed out within holdMs, nor pinned files while withFiles runs', async () => {
    const { store, bodies } = await seeded(4, 100 * KB);
    const held = new LocalFileCache({ dir: cacheDir(), maxBytes: 150 * KB, holdMs: 60_000 });
    for (let i = 0; i < 3; i++) await held.localFile(store, key(i));
    expect(held.stats()).toMatchObject({ evictions: 0, files: 3 });

    const pinned = new LocalFileCache({ dir: cacheDir(), maxBytes: 150 * KB, holdMs: 0 });
    const seen = await pinned.withFiles(store, [key(0), { key: key(1), size: 100 * KB }, key(2)], async (paths) => {
      // 300 KB pinned against a 150 KB budget: all three stay readable until fn settles.
      expect(pinned.stats()).toMatchObject({ files: 3, evictions: 0 });
      const contents = await Promise.all(paths.map((p) => readFile(p)));
      contents.forEach((c, i) => expect(c.equals(bodies[i]!)).toBe(true));
      return paths;
    });
    expect(seen).toHaveLength(3);
    // Released: back under budget.
    expect(pinned.stats().bytes).toBeLessThanOrEqual(150 * KB);
    expect(pinned.stats().evictions).toBe(2);
  });

  it('survives truncated downloads and never leaves partial files', async () => {
    const { store, bodies } = await seeded(3, 300 * KB);
    const dir = cacheDir();
    const cache = new LocalFileCache({ dir, maxBytes: 10 * 1024 * KB });
    h.proxy.setFaults({ truncateRate: 0.6, methods: ['GET'], seed: 21 });
    const paths = await Promise.all([0, 1, 2].map((i) => cache.localFile(store, key(i), 300 * KB)));
    expect(h.proxy.counters().truncated).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await readFile(paths[i]!)).equals(bodies[i]!)).toBe(true);
    expect((await readdir(dir)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('a failed download or a size mismatch leaves nothing behind', async () => {
    const { store } = await seeded(2, 50 * KB);
    const dir = cacheDir();
    const cache = new LocalFileCache({ dir, maxBytes: 10 * 1024 * KB });
    const wrong = await expectCode(cache.localFile(store, key(0), 12345), 'IO');
    expect(wrong.message).toContain('expected 12345');

    const fragile = await h.store(store.prefix, { maxAttempts: 2 });
    h.proxy.setFaults({ failRate: 1, statuses: [500], methods: ['GET'] });
    await expectCode(cache.localFile(fragile, key(1)), 'UNAVAILABLE');
    h.proxy.setFaults({});
    expect(await readdir(dir)).toEqual([]);
    expect(cache.stats()).toMatchObject({ files: 0, bytes: 0 });
  });

  it('re-downloads a cached copy whose size no longer matches the object', async () => {
    const { store } = await seeded(1, 10 * KB);
    const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: 10 * 1024 * KB, holdMs: 0 });
    const old = await cache.localFile(store, key(0));
    const replacement = randomBytes(20 * KB);
    await store.put(key(0), replacement);
    const fresh = await cache.localFile(store, key(0), 20 * KB);
    expect(fresh).not.toBe(old);
    expect((await readFile(fresh)).equals(replacement)).toBe(true);
    expect(cache.stats()).toMatchObject({ misses: 2, files: 1, bytes: 20 * KB });
  });

  it('adopts complete copies left by an earlier process', async () => {
    const { store, bodies } = await seeded(1, 30 * KB);
    const dir = cacheDir();
    const path1 = await new LocalFileCache({ dir, maxBytes: 10 * 1024 * KB }).localFile(store, key(0));
    const restarted = new LocalFileCache({ dir, maxBytes: 10 * 1024 * KB });
    const before = gets();
    const path2 = await restarted.localFile(store, key(0), 30 * KB);
    expect(path2).toBe(path1);
    expect(gets() - before).toBe(0);
    expect(restarted.stats()).toMatchObject({ hits: 1, misses: 0, files: 1, bytes: 30 * KB });
    expect((await readFile(path2)).equals(bodies[0]!)).toBe(true);
  });

  it('close keeps a configured directory for the next process, and removes a per-process one', async () => {
    const { store } = await seeded(1, 8 * KB);
    const kept = cacheDir();
    const shared = new LocalFileCache({ dir: kept, maxBytes: 10 * 1024 * KB });
    const copy = await shared.localFile(store, key(0));
    await shared.close();
    expect((await readFile(copy)).length).toBe(8 * KB);
    await expectCode(shared.localFile(store, key(0)), 'IO');

    const own = cacheDir();
    const perProcess = new LocalFileCache({ dir: own, maxBytes: 10 * 1024 * KB, removeOnClose: true });
    await perProcess.localFile(store, key(0));
    // A request racing the close is refused or finishes first; either way the directory goes with everything in it.
    const racing = perProcess.localFile(store, key(0)).catch(() => undefined);
    await perProcess.close();
    await racing;
    await expect(readdir(own)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(perProcess.stats()).toMatchObject({ bytes: 0, files: 0 });
  });

  it('a per-process cache sweeps the directories killed processes left beside it, and nothing else', async () => {
    const { store } = await seeded(1, 8 * KB);
    const parent = cacheDir();
    // A pid whose process is gone: a child that has exited.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    const past = new Date(Date.now() - 60 * 60_000);
    const orphan = path.join(parent, String(deadPid));
    const fresh = path.join(parent, String(deadPid + 1_000_000)); // gone too, but touched just now
    const alive = path.join(parent, String(process.ppid));
    const foreign = path.join(parent, 'not-a-pid');
    for (const dir of [orphan, fresh, alive, foreign]) {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'left-behind.parquet'), 'x');
    }
    for (const dir of [orphan, alive, foreign]) await utimes(dir, past, past);

    const own = path.join(parent, String(process.pid));
    const cache = new LocalFileCache({ dir: own, maxBytes: 10 * 1024 * KB, removeOnClose: true, orphanMinAgeMs: 10 * 60_000 });
    await cache.localFile(store, key(0));
    await cache.close(); // waits for the sweep
    expect((await readdir(parent)).sort()).toEqual([String(deadPid + 1_000_000), String(process.ppid), 'not-a-pid'].sort());

    // A configured (shared) directory never sweeps its neighbours.
    await utimes(fresh, past, past);
    const shared = new LocalFileCache({ dir: own, maxBytes: 10 * 1024 * KB, orphanMinAgeMs: 0 });
    await shared.localFile(store, key(0));
    await shared.close();
    expect(await readdir(parent)).toContain(String(deadPid + 1_000_000));
  });

  it('hands DuckDB a Parquet file it can read (the reason the cache exists)', async () => {
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const conn = await db.connect();
    try {
      const written = path.join(scratch, 'written.parquet');
      await conn.run(`COPY (SELECT range AS n, 'ip-' || range AS ip FROM range(5000)) TO '${written}' (FORMAT parquet)`);
      const store = await h.store();
      await store.putFile('gold/part-0.parquet', written);
      const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: 10 * 1024 * KB });
      const rows = await cache.withFiles(store, ['gold/part-0.parquet'], async ([file]) => {
        const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS c, sum(n)::BIGINT AS s FROM read_parquet('${file}')`);
        return reader.getRowObjects();
      });
      expect(rows).toEqual([{ c: 5000, s: BigInt((4999 * 5000) / 2) }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('serves a local store in place, without copying', async () => {
    const root = path.join(scratch, 'local-lake');
    const local = new LocalStore(root);
    await local.put('gold/x.parquet', new Uint8Array([1, 2, 3]));
    const cache = new LocalFileCache({ dir: cacheDir(), maxBytes: KB });
    expect(await cache.localFile(local, 'gold/x.parquet')).toBe(path.join(root, 'gold', 'x.parquet'));
    const viaWith = await cache.withFiles(local, ['gold/x.parquet'], async (paths) => paths);
    expect(viaWith).toEqual([path.join(root, 'gold', 'x.parquet')]);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, files: 0 });
  });
});
