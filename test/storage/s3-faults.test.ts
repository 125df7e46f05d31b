import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { expectCode } from './contract.js';

/** Reliability of S3Store against the proxy's injected faults: retries, resumed streams, clear final errors. */
describe('S3Store under injected faults', () => {
  let h: S3Harness;
  beforeAll(async () => {
    h = await startS3();
  });
  afterEach(() => h.proxy.setFaults({}));
  afterAll(async () => {
    await h.stop();
  });

  const bytes = (s: string) => new TextEncoder().encode(s);
  const failedTotal = () => Object.values(h.proxy.counters().failed).reduce((a, b) => a + b, 0);

  it('survives 5xx answers and connection resets on every kind of call', async () => {
    const store = await h.store(undefined, { maxAttempts: 8 });
    h.proxy.setFaults({ failRate: 0.25, resetRate: 0.15, statuses: [500, 503], seed: 11 });
    const objects = Array.from({ length: 12 }, (_, i) => ({ key: `o/${i}`, body: new Uint8Array(randomBytes(2000 + i)) }));
    for (const o of objects) await store.put(o.key, o.body);
    for (const o of objects) expect(Buffer.from(await store.get(o.key)).equals(Buffer.from(o.body))).toBe(true);
    const listed: string[] = [];
    for await (const info of store.list('o/')) listed.push(info.key);
    expect(listed).toHaveLength(objects.length);
    expect((await store.head('o/3'))?.size).toBe(2003);
    const c = h.proxy.counters();
    expect(failedTotal()).toBeGreaterThan(0);
    expect(c.failed[500] ?? 0).toBeGreaterThan(0);
    expect(c.failed[503] ?? 0).toBeGreaterThan(0);
    expect(c.resets).toBeGreaterThan(0);
  });

  it('retries a streamed putFile with a fresh stream after resets and 5xx', async () => {
    const store = await h.store(undefined, { maxAttempts: 10 });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-faults-'));
    try {
      const content = randomBytes(3 * 1024 * 1024 + 7);
      await writeFile(path.join(dir, 'f.bin'), content);
      const faultsBefore = failedTotal() + h.proxy.counters().resets;
      h.proxy.setFaults({ failRate: 0.3, resetRate: 0.3, methods: ['PUT'], seed: 8 });
      for (let i = 0; i < 4; i++) await store.putFile(`files/${i}`, path.join(dir, 'f.bin'));
      h.proxy.setFaults({});
      expect(failedTotal() + h.proxy.counters().resets - faultsBefore).toBeGreaterThan(0);
      for (let i = 0; i < 4; i++) expect(Buffer.from(await store.get(`files/${i}`)).equals(content)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('detects truncated bodies and re-fetches them (get, getRange, getStream)', async () => {
    const store = await h.store(undefined, { maxAttempts: 10 });
    const body = new Uint8Array(randomBytes(512 * 1024));
    await store.put('big', body);
    h.proxy.setFaults({ truncateRate: 0.5, methods: ['GET'], seed: 5 });
    for (let i = 0; i < 4; i++) {
      expect(Buffer.from(await store.get('big')).equals(Buffer.from(body))).toBe(true);
      const range = await store.getRange('big', 1000, 300_000);
      expect(Buffer.from(range).equals(Buffer.from(body.subarray(1000, 300_000)))).toBe(true);
      const streamed = Buffer.concat(await collect(await store.getStream('big')));
      expect(streamed.equals(Buffer.from(body))).toBe(true);
      // A re-fetch of a stream that started part way resumes at the right absolute offset.
      const tail = Buffer.concat(await collect(await store.getStream('big', { start: 70_001 })));
      expect(tail.equals(Buffer.from(body.subarray(70_001)))).toBe(true);
    }
    expect(h.proxy.counters().truncated).toBeGreaterThan(0);
  });

  it('gives up with UNAVAILABLE after maxAttempts, naming endpoint, key and attempts', async () => {
    const store = await h.store(undefined, { maxAttempts: 3 });
    await store.put('k', bytes('x'));
    h.proxy.setFaults({ failRate: 1, statuses: [503] });
    const before = h.proxy.counters().requests;
    const err = await expectCode(store.get('k'), 'UNAVAILABLE');
    expect(h.proxy.counters().requests - before).toBe(3);
    expect(err.message).toContain(h.endpoint);
    expect(err.message).toContain('k');
    expect(err.message).toContain('after 3 attempts');
    expect(err.message).toContain('SlowDown');
  });

  it('does not retry what cannot succeed (NOT_FOUND is answered once)', async () => {
    const store = await h.store();
    const before = h.proxy.counters().requests;
    await expectCode(store.get('missing'), 'NOT_FOUND');
    expect(h.proxy.counters().requests - before).toBe(1);
  });

  it('putIfAbsent: a write applied upstream whose response was lost still counts as won', async () => {
    const store = await h.store();
    h.proxy.setFaults({ dropResponseRate: 1, methods: ['PUT'] });
    // First try is applied but its response dropped; the retry meets 412 and reads the object back to decide.
    expect(await store.putIfAbsent('_log/0.json', bytes('mine'))).toBe(true);
    h.proxy.setFaults({});
    expect(h.proxy.counters().dropped).toBeGreaterThan(0);
    expect(await store.putIfAbsent('_log/0.json', bytes('theirs'))).toBe(false);
    expect(new TextDecoder().decode(await store.get('_log/0.json'))).toBe('mine');
  });

  it('putIfAbsent races stay exclusive while requests fail and reset', async () => {
    const store = await h.store(undefined, { maxAttempts: 10 });
    h.proxy.setFaults({ failRate: 0.2, resetRate: 0.1, dropResponseRate: 0.1, seed: 3 });
    const winners = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 6 }, async (_, writer) => {
        for (let version = 0; version < 20; version++) {
          if (await store.putIfAbsent(`_log/${version}.json`, bytes(`writer ${writer}`))) {
            expect(winners.has(version)).toBe(false);
            winners.set(version, writer);
            return;
          }
        }
        throw new Error(`writer ${writer} never committed`);
      }),
    );
    h.proxy.setFaults({});
    expect([...winners.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [version, writer] of winners) {
      expect(new TextDecoder().decode(await store.get(`_log/${version}.json`))).toBe(`writer ${writer}`);
    }
  });

  it('the proxy replays the same fault sequence for the same seed', async () => {
    const store = await h.store(undefined, { maxAttempts: 20 });
    await store.put('s', bytes('x'));
    const run = async () => {
      h.proxy.setFaults({ failRate: 0.5, statuses: [500], seed: 99 });
      const before = failedTotal();
      for (let i = 0; i < 5; i++) await store.head('s');
      return failedTotal() - before;
    };
    const first = await run();
    expect(first).toBeGreaterThan(0);
    expect(await run()).toBe(first);
  });
});

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return chunks;
}
