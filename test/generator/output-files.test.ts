import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backpressure, BufferedTextFile } from '../../src/generator/output-files.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('BufferedTextFile', () => {
  it('writes every line in order across chunk boundaries, with over-long lines and raw latin1 bytes intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iplake-gen-files-'));
    dirs.push(dir);
    const backpressure = new Backpressure();
    const file = new BufferedTextFile(join(dir, 'out.log'), backpressure.waits);
    const expected: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      // Mostly short lines, now and then one far longer than a chunk, and some bytes ≥ 0x80.
      const text = i % 9973 === 0 ? 'L'.repeat(300_000 + i) : `line ${i} ${'x'.repeat(i % 500)}${i % 7 === 0 ? '\u00e9\u00ff\u0080' : ''}`;
      expected.push(text);
      file.line(text);
      if (backpressure.congested) await backpressure.drained();
    }
    await file.close();
    await backpressure.drained();
    const bytes = await readFile(join(dir, 'out.log'));
    const joined = `${expected.join('\n')}\n`;
    expect(bytes.length).toBe(joined.length); // one byte per character
    expect(bytes.equals(Buffer.from(joined, 'latin1'))).toBe(true);
  });

  it('reports a write failure with the path instead of losing lines silently', async () => {
    const backpressure = new Backpressure();
    const file = new BufferedTextFile(join(tmpdir(), 'iplake-no-such-dir', 'x', 'out.log'), backpressure.waits);
    file.line('hello');
    await expect(file.close()).rejects.toThrow(/iplake-no-such-dir.*out\.log/);
  });
});
