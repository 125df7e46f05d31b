import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { expectCode, runStoreContract } from './contract.js';

let root: string | undefined;
let counter = 0;

runStoreContract('local directory', {
  async create() {
    root ??= await mkdtemp(path.join(os.tmpdir(), 'iplake-local-'));
    counter += 1;
    return new LocalStore(path.join(root, `store-${counter}`));
  },
  async cleanup() {
    if (root) await rm(root, { recursive: true, force: true });
  },
});

describe('openStore for local lakes', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'iplake-open-'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates the root directory for a path or file:// URL and returns a LocalStore', async () => {
    const byPath = await openStore(path.join(base, 'a', 'lake'));
    expect(byPath.kind).toBe('local');
    expect(byPath.uri).toBe(path.join(base, 'a', 'lake'));
    expect((await stat(byPath.uri)).isDirectory()).toBe(true);
    const byUrl = await openStore(pathToFileURL(path.join(base, 'b')).href);
    await byUrl.put('x/y', new Uint8Array([7]));
    expect(await readFile(path.join(base, 'b', 'x', 'y'))).toEqual(Buffer.from([7]));
  });

  it('rejects unsupported URIs before touching anything', async () => {
    await expectCode(openStore('gs://bucket/lake'), 'INVALID_URI');
    await expectCode(openStore('s3://Bad_Bucket'), 'INVALID_URI');
  });

  it('reports a root that cannot be created', async () => {
    const file = path.join(base, 'plain-file');
    await writeFile(file, 'x');
    const err = await expectCode(openStore(path.join(file, 'lake')), 'IO');
    expect(err.message).toContain('cannot create lake directory');
  });
});
