/**
 * Latency medians of S3Store against s3rver, through the test proxy and direct.
 * Not a test (no timing assertions belong in tests); run: node --import tsx test/storage/measure-s3.ts
 * Could move to bench/ — it lives here because bench/ belongs to another part of the project.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalFileCache } from '../../src/storage/file-cache.js';
import { S3Store } from '../../src/storage/s3.js';
import { startS3 } from '../helpers/s3.js';

const ROUNDS = 30;

async function median(fn: (i: number) => Promise<unknown>): Promise<number> {
  await fn(-1); // warm-up
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const h = await startS3();
const scratch = await mkdtemp(path.join(os.tmpdir(), 'iplake-measure-'));
try {
  const small = randomBytes(4 * 1024);
  const file = randomBytes(350 * 1024);
  const rows: Array<[string, number, number]> = [];
  const proxied = await h.store('measure');
  const direct = new S3Store({ ...h.s3Options, endpoint: h.directEndpoint, bucket: h.bucket, prefix: 'measure' });
  for (let i = 0; i < 24; i++) await proxied.put(`day/f${i}`, small);
  await proxied.put('file', file);

  const both = async (label: string, fn: (s: S3Store, i: number) => Promise<unknown>) =>
    rows.push([label, await median((i) => fn(proxied, i)), await median((i) => fn(direct, i))]);
  await both('put 4 KB', (s, i) => s.put(`w/${i}`, small));
  await both('putIfAbsent 4 KB (new key)', (s, i) => s.putIfAbsent(`c/${s === direct ? 'd' : 'p'}${i}`, small));
  await both('get 4 KB', (s) => s.get('day/f0'));
  await both('get 350 KB', (s) => s.get('file'));
  await both('getRange 8 B at end (absolute)', (s) => s.getRange('file', file.length - 8, file.length));
  await both('head', (s) => s.head('file'));
  await both('list 24 keys', async (s) => {
    for await (const _ of s.list('day/')) void _;
  });
  const cache = new LocalFileCache({ dir: path.join(scratch, 'cache'), maxBytes: 1 << 30 });
  await cache.localFile(proxied, 'file');
  rows.push(['cache hit (localFile)', await median(() => cache.localFile(proxied, 'file')), NaN]);
  await direct.close();

  console.log(`medians of ${ROUNDS} runs after 1 warm-up, ms (s3rver on 127.0.0.1, Node ${process.version})`);
  console.log('operation'.padEnd(34), 'via proxy'.padStart(10), 'direct'.padStart(10));
  for (const [label, viaProxy, viaDirect] of rows) {
    console.log(label.padEnd(34), viaProxy.toFixed(2).padStart(10), (Number.isNaN(viaDirect) ? '-' : viaDirect.toFixed(2)).padStart(10));
  }
} finally {
  await h.stop();
  await rm(scratch, { recursive: true, force: true });
}
