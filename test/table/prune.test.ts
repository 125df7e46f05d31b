import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytewise, partitionPath, parsePartitionPath, type DataFile } from '../../src/table/index.js';
import { pruneFiles } from '../../src/table/prune.js';

const H = (h: number): number => Date.UTC(2026, 10, 28, h);

function file(name: string, hr: string, min: Record<string, string | number>, max: Record<string, string | number>, nulls: Record<string, number> = {}): DataFile {
  return {
    path: `dt=2026-11-28/hr=${hr}/${name}.parquet`,
    partitionValues: { dt: '2026-11-28', hr },
    size: 1,
    modificationTime: 0,
    stats: { numRecords: 10, minValues: min, maxValues: max, nullCount: nulls },
  };
}

const files: DataFile[] = [
  file('a', '09', { IpAddress: '10.0.0.1', EventTimestamp: H(9) }, { IpAddress: '10.0.0.50', EventTimestamp: H(9) + 3_599_999 }),
  file('b', '09', { IpAddress: '10.0.0.6', EventTimestamp: H(9) }, { IpAddress: '10.0.0.9', EventTimestamp: H(9) + 1000 }),
  file('c', '10', { IpAddress: '192.168.0.1', EventTimestamp: H(10) }, { IpAddress: '192.168.9.9', EventTimestamp: H(10) + 5 }),
  file('d', '10', { EventTimestamp: H(10) }, { EventTimestamp: H(10) }, { IpAddress: 10 }), // IP null in every row
  { ...file('e', '11', {}, {}), stats: null }, // no stats: must always be kept by ranges
];
const names = (fs: DataFile[]): string[] => fs.map((f) => f.path.split('/')[2]!.replace('.parquet', ''));
const cols = ['dt', 'hr'];

describe('pruning', () => {
  it('by partition values and by (dt, hr) tuples', () => {
    expect(names(pruneFiles(files, cols, { partitions: [{ column: 'hr', values: new Set(['09', '11']) }] }))).toEqual(['a', 'b', 'e']);
    expect(names(pruneFiles(files, cols, { partitions: [{ column: 'dt', values: new Set(['2026-11-29']) }] }))).toEqual([]);
    expect(names(pruneFiles(files, cols, { partitionTuples: new Set([partitionPath(cols, { dt: '2026-11-28', hr: '10' })]) }))).toEqual(['c', 'd']);
  });

  it('by string stats in byte order: 10.0.0.10 sorts between 10.0.0.1 and 10.0.0.50, not within 10.0.0.6..9', () => {
    const ip = (v: string) => ({ ranges: [{ column: 'IpAddress', min: v, max: v }] });
    expect(names(pruneFiles(files, cols, ip('10.0.0.10')))).toEqual(['a', 'e']);
    expect(names(pruneFiles(files, cols, ip('10.0.0.7')))).toEqual(['b', 'e']);
    expect(names(pruneFiles(files, cols, ip('192.168.1.1')))).toEqual(['c', 'e']);
    expect(names(pruneFiles(files, cols, ip('8.8.8.8')))).toEqual(['e']);
  });

  it('by timestamp stats as epoch ms (or ISO text), with open-ended ranges and partition-column ranges', () => {
    const window = { ranges: [{ column: 'EventTimestamp', min: H(9) + 2000, max: H(9) + 3000 }] };
    expect(names(pruneFiles(files, cols, window))).toEqual(['a', 'e']);
    expect(names(pruneFiles(files, cols, { ranges: [{ column: 'EventTimestamp', min: new Date(H(10)).toISOString() }] }))).toEqual(['c', 'd', 'e']);
    expect(names(pruneFiles(files, cols, { ranges: [{ column: 'EventTimestamp', max: H(9) }] }))).toEqual(['a', 'b', 'e']);
    expect(names(pruneFiles(files, cols, { ranges: [{ column: 'hr', min: '10', max: '10' }] }))).toEqual(['c', 'd']);
  });

  it('combines partitions and ranges with AND', () => {
    const req = { partitions: [{ column: 'hr', values: new Set(['10']) }], ranges: [{ column: 'IpAddress', min: '192.168.0.0', max: '192.168.255.255' }] };
    expect(names(pruneFiles(files, cols, req))).toEqual(['c']);
  });
});

describe('compareBytewise', () => {
  it('orders like UTF-8 bytes (and DuckDB/Parquet), unlike JS < on astral vs U+E000..U+FFFF', () => {
    expect(compareBytewise('\uFFFF', '😀')).toBeLessThan(0);
    expect('\uFFFF' < '😀').toBe(false); // the JS order this function exists to avoid
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const expected = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect(Math.sign(compareBytewise(a, b))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('partition paths', () => {
  it('round-trip and refuse unsafe values', () => {
    expect(partitionPath(cols, { hr: '09', dt: '2026-11-28' })).toBe('dt=2026-11-28/hr=09');
    expect(parsePartitionPath('dt=2026-11-28/hr=09/part-1.parquet')).toEqual({ dt: '2026-11-28', hr: '09' });
    expect(() => partitionPath(cols, { dt: '../x', hr: '09' })).toThrow(/partition value dt="..\/x" must match/);
    expect(() => partitionPath(cols, { dt: '2026-11-28' })).toThrow(/partition value for hr is missing/);
  });
});
