/**
 * The two-thread mode (simulation here, rendering and writing in a worker) must write exactly what the
 * single-threaded mode writes, and must fail cleanly: a worker failure rejects generate() with context and leaves
 * no thread behind.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generator/index.js';
import { IseEvent } from '../../src/generator/log-events.js';
import { replayBatch } from '../../src/generator/threads/event-batch.js';
import { generateInto, type Generated } from './helpers.js';

const runs: Generated[] = [];
afterAll(async () => Promise.all(runs.map((r) => r.cleanup())));

async function digests(g: Generated): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of g.summary.files) out[f] = createHash('sha256').update(await readFile(join(g.dir, f))).digest('hex');
  return out;
}

/** OS threads of this process (Linux): a worker thread adds one while it lives. */
async function threadCount(): Promise<number> {
  return (await readdir('/proc/self/task')).length;
}

describe('generator threads', () => {
  it('writes byte-identical files and the same summary with one thread and with two', async () => {
    // Heavy noise (the writer's own PRNG), a segmenting ISE node, VPN accounting and several days: every event
    // kind, and enough events for many batches and for the simulation to wait on the worker.
    const options = { start: '2026-03-02T00:00:00Z', days: 3, devices: 600, seed: 17, noiseRate: 0.2, iseSegmentBytes: 600 };
    const single = await generateInto({ ...options, threads: 1 });
    const double = await generateInto({ ...options, threads: 2 });
    runs.push(single, double);
    expect(single.summary.lines.total).toBeGreaterThan(40_000); // ~7 batches of events
    expect(double.summary.files).toEqual(single.summary.files);
    expect(await digests(double)).toEqual(await digests(single));
    const { durationMs: _a, linesPerSecond: _b, out: _c, ...s1 } = single.summary;
    const { durationMs: _d, linesPerSecond: _e, out: _f, ...s2 } = double.summary;
    expect(s2).toEqual(s1);
  });

  it('reports the final line count as its last progress in both modes', async () => {
    for (const threads of [1, 2] as const) {
      const lines: number[] = [];
      const dir = await mkdtemp(join(tmpdir(), 'iplake-gen-threads-'));
      try {
        const summary = await generate({ out: dir, start: '2026-03-02T00:00:00Z', days: 2, devices: 300, seed: 4, threads }, (p) => lines.push(p.lines));
        expect(lines.at(-1)).toBe(summary.lines.total);
        expect(lines.length).toBeGreaterThanOrEqual(2);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it('rejects with the failing file when the writer thread cannot write, and leaves no thread behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iplake-gen-threads-'));
    try {
      const options = { out: dir, start: '2026-03-02T00:00:00Z', days: 2, devices: 200, seed: 4, threads: 2 as const };
      await generate(options); // warms up the I/O thread pool, so the count below is stable
      const before = await threadCount();
      // A directory where the second day's ISE log must go: the worker's write fails mid-run.
      await rm(dir, { recursive: true, force: true });
      const blocked = join(dir, 'ise', 'ise-psn01-2026-03-03.log');
      await mkdir(blocked, { recursive: true });
      await expect(generate(options)).rejects.toThrow(/log writer thread failed: .*ise-psn01-2026-03-03\.log/);
      expect(await threadCount()).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a corrupt event batch instead of writing nonsense', () => {
    const batch = new Float64Array([99, 0, 0, 0, 0]);
    const sink = { dhcp: () => undefined, ise: () => undefined };
    expect(() => replayBatch(batch, batch.length, sink, new IseEvent())).toThrow(/corrupt event batch \(opcode 99 at slot 0/);
  });

  it('rejects an unknown thread count', async () => {
    await expect(generate({ out: join(tmpdir(), 'never-written'), threads: 3 as 2 })).rejects.toThrow(/threads must be 1 or 2, got 3/);
  });
});
