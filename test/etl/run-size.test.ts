import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { decompressedSize } from '../../src/etl/decompressed-size.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { tempLake, type TempLake } from './helpers.js';

/**
 * maxBytesPerRun bounds what one run parses and holds, so it must count decompressed bytes: a gzip landing
 * object of 100 KB on disk can be 2 MB of lines. A large backlog is then processed as several bounded runs.
 */

let engine: Engine;
let work: TempLake;

beforeAll(async () => {
  engine = await Engine.create();
  work = await tempLake();
});

afterAll(async () => {
  await engine.close();
  await work.cleanup();
});

/** About `bytes` bytes of DHCPDISCOVER lines within one minute (few partitions: a fast run). */
function dhcpText(bytes: number): Buffer {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i += 1) {
    const mac = `98:d6:f7:e0:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    const line = `<30>Nov  1 06:27:${String(i % 60).padStart(2, '0')} infoblox-01.corp.example.com dhcpd[5021]: DHCPDISCOVER from ${mac} via 10.64.2.1 TransID ${i.toString(16).padStart(8, '0')}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

describe('decompressedSize', () => {
  it('reads a gzip object’s size from its trailer, and takes a plain object’s size as it is', async () => {
    const text = dhcpText(50_000);
    const gz = gzipSync(text);
    await work.store.put('landing/dhcp/x/a.log.gz', gz);
    await work.store.put('landing/dhcp/x/b.log', text);
    expect(gz.length).toBeLessThan(text.length / 4);
    expect(await decompressedSize(work.store, 'landing/dhcp/x/a.log.gz', gz.length, 20)).toBe(text.length);
    expect(await decompressedSize(work.store, 'landing/dhcp/x/b.log', text.length, 20)).toBe(text.length);
  });

  it('falls back to size × ratio when the trailer is smaller than the object (not a plain gzip)', async () => {
    // Two members: ISIZE is the last (empty) member's, 0.
    const body = Buffer.concat([gzipSync(dhcpText(10_000)), gzipSync(Buffer.alloc(0))]);
    await work.store.put('landing/dhcp/x/c.log.gz', body);
    expect(await decompressedSize(work.store, 'landing/dhcp/x/c.log.gz', body.length, 20)).toBe(body.length * 20);
  });

  it('counts a tiny object as its size', async () => {
    await work.store.put('landing/dhcp/x/d.log', Buffer.from([0x1f, 0x8b]));
    expect(await decompressedSize(work.store, 'landing/dhcp/x/d.log', 2, 20)).toBe(2);
  });
});

describe('maxBytesPerRun', () => {
  it('splits a gzip backlog into runs by decompressed bytes, each read in full', async () => {
    const lake = await tempLake();
    try {
      const files: string[] = [];
      let lines = 0;
      for (let i = 0; i < 4; i += 1) {
        const text = dhcpText(60_000);
        lines += text.toString('utf8').split('\n').length - 1;
        const file = path.join(lake.scratch, `dhcp-${i}.log.gz`);
        await writeFile(file, gzipSync(text));
        files.push(file);
      }
      await ingestFiles(lake.store, 'dhcp', files);
      // All four fit by stored size (a few KB each); by decompressed size each is a run of its own.
      const summary = await runEtl({ store: lake.store, engine, maxBytesPerRun: 100_000 });
      expect(summary.versions).toEqual([1, 2, 3, 4]);
      expect(summary.objects).toBe(4);
      expect(summary.lines.dhcp).toBe(lines);
    } finally {
      await lake.cleanup();
    }
  });
});
