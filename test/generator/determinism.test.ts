import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInto, type Generated } from './helpers.js';

const runs: Generated[] = [];
afterAll(async () => Promise.all(runs.map((r) => r.cleanup())));

async function digests(g: Generated): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of g.summary.files) out[f] = createHash('sha256').update(await readFile(join(g.dir, f))).digest('hex');
  return out;
}

describe('generator determinism', () => {
  it('writes byte-identical files for the same (start, seed, sizes), and different ones for another seed', async () => {
    const options = { start: '2026-01-05T00:00:00Z', days: 2, devices: 250, seed: 42 };
    const a = await generateInto(options);
    const b = await generateInto(options);
    const c = await generateInto({ ...options, seed: 43 });
    runs.push(a, b, c);
    expect(a.summary.files.length).toBeGreaterThan(4);
    expect(b.summary.files).toEqual(a.summary.files);
    expect(await digests(b)).toEqual(await digests(a));
    const { durationMs: _a, linesPerSecond: _b, out: _c, ...sa } = a.summary;
    const { durationMs: _d, linesPerSecond: _e, out: _f, ...sb } = b.summary;
    expect(sb).toEqual(sa);
    expect((await digests(c))['truth.jsonl']).not.toBe((await digests(a))['truth.jsonl']);
  });

  it('keeps the truth unchanged when only the noise rate changes (noise never touches the simulation)', async () => {
    const options = { start: '2026-01-05T00:00:00Z', days: 1, devices: 200, seed: 9 };
    const noisy = await generateInto({ ...options, noiseRate: 0.05 });
    const clean = await generateInto({ ...options, noiseRate: 0 });
    runs.push(noisy, clean);
    expect(clean.summary.malformedLines + clean.summary.irrelevantLines).toBe(0);
    expect(noisy.summary.malformedLines).toBeGreaterThan(0);
    expect(noisy.summary.lines.total).toBeGreaterThan(clean.summary.lines.total);
    expect((await digests(noisy))['truth.jsonl']).toBe((await digests(clean))['truth.jsonl']);
  });
});
