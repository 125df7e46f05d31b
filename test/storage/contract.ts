import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type ObjectInfo, type ObjectStore } from '../../src/storage/types.js';

/** Makes a fresh, empty store for one test; `cleanup` runs after the suite. */
export interface StoreFactory {
  create(): Promise<ObjectStore>;
  cleanup?(): Promise<void>;
}

/**
 * The storage contract every backend must honour. Each test gets its own empty store,
 * so tests do not depend on each other's keys.
 */
export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let scratch: string;
    beforeAll(async () => {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'iplake-contract-'));
    });
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
      await factory.cleanup?.();
    });

    it('round-trips binary, empty and 1 MB objects byte for byte', async () => {
      const store = await factory.create();
      const binary = new Uint8Array(256).map((_, i) => i);
      const big = new Uint8Array(randomBytes(1024 * 1024));
      await store.put('bin/all-bytes', binary);
      await store.put('bin/empty', new Uint8Array(0));
      await store.put('bin/one-mb', big);
      expect(Buffer.from(await store.get('bin/all-bytes')).equals(Buffer.from(binary))).toBe(true);
      expect((await store.get('bin/empty')).byteLength).toBe(0);
      expect(Buffer.from(await store.get('bin/one-mb')).equals(Buffer.from(big))).toBe(true);
    });

    it('put replaces an existing object', async () => {
      const store = await factory.create();
      await store.put('k', bytes('first version'));
      await store.put('k', bytes('second'));
      expect(text(await store.get('k'))).toBe('second');
    });

    it('getRange returns [start, end), clipped at the end of the object', async () => {
      const store = await factory.create();
      await store.put('r', bytes('0123456789'));
      expect(text(await store.getRange('r', 3, 7))).toBe('3456');
      expect(text(await store.getRange('r', 6, 10))).toBe('6789');
      expect(text(await store.getRange('r', 8, 20))).toBe('89');
      expect((await store.getRange('r', 10, 15)).byteLength).toBe(0);
      expect((await store.getRange('r', 25, 30)).byteLength).toBe(0);
      expect((await store.getRange('r', 4, 4)).byteLength).toBe(0);
      await expectCode(store.getRange('r', 5, 2), 'IO');
    });

    it('getStream yields the whole object', async () => {
      const store = await factory.create();
      const body = new Uint8Array(randomBytes(300_000));
      await store.put('s/obj', body);
      expect(Buffer.concat(await collect(await store.getStream('s/obj'))).equals(Buffer.from(body))).toBe(true);
      await store.put('s/empty', new Uint8Array(0));
      expect(Buffer.concat(await collect(await store.getStream('s/empty'))).length).toBe(0);
    });

    it('getStream from a start offset yields the rest of the object, and nothing past its end', async () => {
      const store = await factory.create();
      const body = Buffer.from(randomBytes(300_000));
      await store.put('s/ranged', new Uint8Array(body));
      for (const start of [0, 1, 123_457, 299_999]) {
        expect(Buffer.concat(await collect(await store.getStream('s/ranged', { start }))).equals(body.subarray(start)), `start ${start}`).toBe(true);
      }
      for (const start of [300_000, 400_000]) {
        expect(Buffer.concat(await collect(await store.getStream('s/ranged', { start }))).length, `start ${start}`).toBe(0);
      }
      await expectCode(store.getStream('s/no-such', { start: 5 }), 'NOT_FOUND');
      await expectCode(store.getStream('s/ranged', { start: -1 }), 'IO');
    });

    it('head reports size and time, or undefined when absent', async () => {
      const store = await factory.create();
      const before = Date.now();
      await store.put('h/obj', bytes('hello'));
      const info = await store.head('h/obj');
      expect(info?.key).toBe('h/obj');
      expect(info?.size).toBe(5);
      // Allow clock granularity: S3 reports whole seconds.
      expect(info!.lastModified.getTime()).toBeGreaterThan(before - 5_000);
      expect(await store.head('h/missing')).toBeUndefined();
      expect(await store.head('h')).toBeUndefined();
    });

    it('lists by prefix in ascending key order, nested, without partial-prefix leaks', async () => {
      const store = await factory.create();
      const keys = ['a/b/2', 'a/b/1', 'a/bc/x', 'a/b-c', 'a/b/deep/z', 'b/0', 'a0', 'a/a'];
      for (const key of keys) await store.put(key, bytes(key));
      const all = await listKeys(store, '');
      expect(all).toEqual([...keys].sort());
      expect(await listKeys(store, 'a/b/')).toEqual(['a/b/1', 'a/b/2', 'a/b/deep/z']);
      // A bare prefix is a string prefix, as in S3: it matches a/b-c and a/bc/… too.
      expect(await listKeys(store, 'a/b')).toEqual(['a/b-c', 'a/b/1', 'a/b/2', 'a/b/deep/z', 'a/bc/x']);
      expect(await listKeys(store, 'a/bc/')).toEqual(['a/bc/x']);
      expect(await listKeys(store, 'nothing/')).toEqual([]);
      const sizes = await collectList(store.list('a/b/'));
      expect(sizes.map((o) => o.size)).toEqual([5, 5, 10]);
    });

    it('delete removes an object and is idempotent', async () => {
      const store = await factory.create();
      await store.put('d/x', bytes('x'));
      await store.delete('d/x');
      expect(await store.head('d/x')).toBeUndefined();
      await store.delete('d/x');
      await store.delete('d/never-existed');
      expect(await listKeys(store, 'd/')).toEqual([]);
    });

    it('reports NOT_FOUND with the key in the message', async () => {
      const store = await factory.create();
      // Thunks, so each rejection is awaited as soon as it exists (no unhandled rejections in between).
      for (const attempt of [() => store.get('no/such'), () => store.getRange('no/such', 0, 4), () => store.getStream('no/such')]) {
        const err = await expectCode(attempt(), 'NOT_FOUND');
        expect(err.message).toContain('no/such');
      }
    });

    it('putFile uploads a multi-MB file byte-identical', async () => {
      const store = await factory.create();
      const content = randomBytes(6 * 1024 * 1024 + 123);
      const file = path.join(scratch, `upload-${name}-${Date.now()}.bin`);
      await writeFile(file, content);
      await store.putFile('files/big.bin', file);
      expect((await store.head('files/big.bin'))?.size).toBe(content.length);
      expect(Buffer.from(await store.get('files/big.bin')).equals(content)).toBe(true);
      await expectCode(store.putFile('files/none', path.join(scratch, 'does-not-exist')), 'IO');
    });

    it('putIfAbsent: exactly one of N concurrent writers wins; losers move on to the next key', async () => {
      const store = await factory.create();
      const writers = 8;
      const versions = 3;
      // Like a commit log: each writer tries version 0, 1, 2 … until one is its own.
      const claimed = new Map<number, number>();
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let version = 0; ; version++) {
            const key = `_log/${String(version).padStart(3, '0')}.json`;
            if (await store.putIfAbsent(key, bytes(`writer ${writer}`))) {
              expect(claimed.has(version)).toBe(false);
              claimed.set(version, writer);
              return;
            }
            if (version > writers + versions) throw new Error('writer never won a version');
          }
        }),
      );
      expect([...claimed.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i));
      for (const [version, writer] of claimed) {
        expect(text(await store.get(`_log/${String(version).padStart(3, '0')}.json`))).toBe(`writer ${writer}`);
      }
      expect(await store.putIfAbsent('_log/000.json', bytes('late'))).toBe(false);
    });

    it('rejects invalid keys with INVALID_KEY', async () => {
      const store = await factory.create();
      for (const key of ['', '/abs', 'a/../b', './a', 'a\\b', 'a/./b']) {
        await expectCode(store.put(key, bytes('x')), 'INVALID_KEY');
        await expectCode(store.get(key), 'INVALID_KEY');
      }
    });

    it('reports its kind and a canonical uri', async () => {
      const store = await factory.create();
      expect(['local', 's3']).toContain(store.kind);
      if (store.kind === 's3') {
        expect(store.uri).toMatch(/^s3:\/\/[a-z0-9.-]+(\/.+)?$/);
        expect(store.localPath('x')).toBeUndefined();
      } else {
        expect(path.isAbsolute(store.uri)).toBe(true);
        expect(store.localPath('a/b')).toBe(path.join(store.uri, 'a', 'b'));
      }
    });
  });
}

function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function text(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks;
}

async function collectList(it: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of it) out.push(o);
  return out;
}

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await collectList(store.list(prefix))).map((o) => o.key);
}

export async function expectCode(promise: Promise<unknown>, code: StorageError['code']): Promise<StorageError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  return err as StorageError;
}
