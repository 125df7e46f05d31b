import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines, type LineChunk, type RawLine } from '../../src/etl/lines.js';

async function collect(body: Buffer, maxLineBytes = 1024 * 1024, chunkSize = 7): Promise<{ lines: RawLine[]; failures: LineChunk[] }> {
  // Small chunks force lines to straddle chunk boundaries.
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += chunkSize) pieces.push(body.subarray(i, i + chunkSize));
  const lines: RawLine[] = [];
  const failures: LineChunk[] = [];
  for await (const chunk of readLines(Readable.from(pieces), maxLineBytes)) {
    if (chunk.kind === 'lines') lines.push(...chunk.lines);
    else failures.push(chunk);
  }
  return { lines, failures };
}

describe('readLines', () => {
  it('splits on \\n, drops \\r of \\r\\n, keeps numbers and byte offsets, and a last unterminated line', async () => {
    const body = Buffer.from('alpha\r\n\nbé ta\ngamma', 'utf8');
    const { lines, failures } = await collect(body);
    expect(failures).toEqual([]);
    expect(lines.map((l) => [l.number, l.offset, l.bytes.toString('utf8'), l.length])).toEqual([
      [1, 0, 'alpha', 5],
      [2, 7, '', 0],
      [3, 8, 'bé ta', 6],
      [4, 15, 'gamma', 5],
    ]);
    // Every offset points at the line's bytes in the original object.
    for (const line of lines) expect(body.subarray(line.offset, line.offset + line.length)).toEqual(line.bytes);
  });

  it('keeps NUL bytes and invalid UTF-8 exactly', async () => {
    const body = Buffer.concat([Buffer.from('a\0b\n'), Buffer.from([0xff, 0xfe, 0x41, 0x0a])]);
    const { lines } = await collect(body);
    expect(lines[0]?.bytes).toEqual(Buffer.from('a\0b'));
    expect(lines[1]?.bytes).toEqual(Buffer.from([0xff, 0xfe, 0x41]));
  });

  it('gunzips by magic number, whatever the name, and reads multi-member gzip', async () => {
    const body = Buffer.concat([gzipSync('one\ntwo\n'), gzipSync('three\n')]);
    const { lines, failures } = await collect(body, 1024, 5);
    expect(failures).toEqual([]);
    expect(lines.map((l) => l.bytes.toString())).toEqual(['one', 'two', 'three']);
    expect(lines.map((l) => l.offset)).toEqual([0, 4, 8]);
  });

  it('reports a truncated gzip after delivering the lines before the cut, and does not throw', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const full = gzipSync(text);
    const { lines, failures } = await collect(full.subarray(0, Math.floor(full.length * 0.6)), 1 << 20, 4096);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(2000);
    expect(lines[0]?.bytes.toString()).toBe('line 0 ');
    expect(failures).toHaveLength(1);
    const failure = failures[0];
    expect(failure?.kind === 'failure' && failure.failure.reason).toBe('truncated_gzip');
  });

  it('passes a 10 MB line through whole and cuts lines beyond maxLineBytes, keeping their full length', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const body = Buffer.concat([Buffer.from('head\n'), big, Buffer.from('\ntail\n')]);
    const { lines } = await collect(body, 16 * 1024 * 1024, 65_536);
    expect(lines.map((l) => l.length)).toEqual([4, big.length, 4]);
    expect(lines[1]?.bytes.equals(big)).toBe(true);
    expect(lines[2]?.offset).toBe(5 + big.length + 1);

    const cut = await collect(body, 1000, 65_536);
    expect(cut.lines[1]?.bytes.length).toBe(1000);
    expect(cut.lines[1]?.length).toBe(big.length);
    expect(cut.lines[2]?.bytes.toString()).toBe('tail');
  });
});
