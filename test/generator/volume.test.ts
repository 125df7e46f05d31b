import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, resolveGenerateOptions, type GenerateProgress } from '../../src/generator/index.js';
import { readLines } from './helpers.js';

describe('generator volume and streaming', () => {
  it('writes one file per source host per day whose line counts add up to the summary, reporting progress', async () => {
    const out = await mkdtemp(join(tmpdir(), 'iplake-gen-vol-'));
    try {
      const progress: GenerateProgress[] = [];
      const days = 3;
      const summary = await generate({ out, start: '2026-02-27T00:00:00Z', days, devices: 1000, seed: 3 }, (p) => progress.push(p));
      // 2 DHCP servers and 2 ISE nodes, each with one file per UTC day (across a month end), then the truth.
      const dates = ['2026-02-27', '2026-02-28', '2026-03-01'];
      const expected = [...['infoblox-01', 'infoblox-02'].flatMap((h) => dates.map((d) => `dhcp/${h}-${d}.log`)),
        ...['ise-psn01', 'ise-psn02'].flatMap((h) => dates.map((d) => `ise/${h}-${d}.log`)), 'truth.jsonl'];
      expect([...summary.files].sort()).toEqual([...expected].sort());

      let dhcp = 0;
      let ise = 0;
      for (const f of summary.files) {
        const n = (await readLines(join(out, f))).length;
        if (f.startsWith('dhcp/')) dhcp += n;
        else if (f.startsWith('ise/')) ise += n;
        else expect(n).toBe(summary.truthIntervals.total);
        expect((await stat(join(out, f))).size).toBeGreaterThan(0);
      }
      expect({ dhcp, ise, total: dhcp + ise }).toEqual(summary.lines);
      expect(summary.lines.total).toBeGreaterThan(20_000); // a Friday and a weekend
      // ~0.5 % noise by default, split between malformed and irrelevant lines.
      const noise = (summary.malformedLines + summary.irrelevantLines) / summary.lines.total;
      expect(noise).toBeGreaterThan(0.002);
      expect(noise).toBeLessThan(0.01);
      expect(summary.linesPerSecond).toBeGreaterThan(0);

      expect(progress.length).toBeGreaterThanOrEqual(days);
      for (let i = 1; i < progress.length; i++) {
        expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
        expect(progress[i]!.lines).toBeGreaterThanOrEqual(progress[i - 1]!.lines);
      }
      expect(progress.at(-1)!.fraction).toBe(1);
      expect(progress.at(-1)!.lines).toBe(summary.lines.total);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000); // ~27 k lines: well under a second on an idle machine, far more on a shared CI box
});

describe('generator options', () => {
  it('fills defaults in one place: 7 days ending at today UTC midnight, 500 devices, devices/2 users, seed 1', () => {
    const now = Date.parse('2026-06-15T13:45:00Z');
    const o = resolveGenerateOptions({ out: '/tmp/x' }, now);
    expect(new Date(o.startMs).toISOString()).toBe('2026-06-08T00:00:00.000Z');
    expect(new Date(o.endMs).toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect([o.days, o.devices, o.users, o.seed, o.noiseRate]).toEqual([7, 500, 250, 1, 0.005]);
    expect(resolveGenerateOptions({ out: '/tmp/x', days: 2, devices: 10, users: 3 }, now).users).toBe(3);
  });

  it('rejects bad options with a message naming the option', async () => {
    expect(() => resolveGenerateOptions({ out: '' })).toThrow(/"out"/);
    expect(() => resolveGenerateOptions({ out: '/tmp/x', days: 0 })).toThrow(/days must be a positive integer, got 0/);
    expect(() => resolveGenerateOptions({ out: '/tmp/x', devices: 1.5 })).toThrow(/devices/);
    expect(() => resolveGenerateOptions({ out: '/tmp/x', start: 'yesterday' })).toThrow(/start "yesterday" is not an ISO 8601/);
    expect(() => resolveGenerateOptions({ out: '/tmp/x', noiseRate: 2 })).toThrow(/noiseRate/);
    await expect(generate({ out: '/dev/null/not-a-dir', days: 1, devices: 5 })).rejects.toThrow(/cannot create output directory/);
  });
});
