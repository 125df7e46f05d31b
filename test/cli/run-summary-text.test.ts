import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/run-summary-text.js';
import { emptyCounters, emptyIntervalCounts, type RunSummary } from '../../src/etl/summary.js';

function summary(extra: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r1',
    status: 'completed',
    versions: [1, 2],
    resumed: [],
    commits: [],
    ...emptyCounters(),
    intervals: emptyIntervalCounts(),
    watermark: null,
    startedAt: 0,
    finishedAt: 1000,
    durationMs: 1000,
    linesPerSecond: 0,
    ...extra,
  };
}

describe('formatRunSummary', () => {
  it('names the objects read in part, where each run started and stopped, and the gzip text skipped', () => {
    const text = formatRunSummary(summary({
      ranges: [
        { version: 1, key: 'landing/dhcp/a.log.gz', from: { offset: 0, line: 0 }, to: { offset: 4096, line: 40 } },
        { version: 2, key: 'landing/dhcp/a.log.gz', from: { offset: 4096, line: 40 }, to: null },
      ],
      skippedBytes: 4_096_000,
    }));
    expect(text).toContain('part of  landing/dhcp/a.log.gz: run 1 read from line 1 to line 40 (byte 4096)');
    expect(text).toContain('part of  landing/dhcp/a.log.gz: run 2 read from line 41 to its end');
    expect(text).toContain('skipped  4.1 MB of gzip text read by earlier runs');
  });

  it('says nothing of ranges when every object was read whole', () => {
    const text = formatRunSummary(summary({}));
    expect(text).not.toContain('part of');
    expect(text).not.toContain('skipped');
  });
});
