/**
 * Golden test: every line of every external fixture file goes through the DHCP parser and must match the
 * expectation written for it in test/fixtures/golden/dhcp-<folder>--<file>.json (a record, or a failure reason).
 * ISE files are included on purpose: the DHCP parser must turn every one of their lines into a reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDhcpLine, type DhcpRecord, type LineRef } from '../../src/parsers/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const externalRoot = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'external');
const goldenRoot = path.join(repoRoot, 'test', 'fixtures', 'golden');

type ExpectedRecord = Omit<DhcpRecord, 'source' | 'eventTime' | 'leaseStart' | 'leaseEnd'> & {
  eventTime: string;
  leaseStart: string | null;
  leaseEnd: string | null;
};
type Expectation = { line: number; record: ExpectedRecord } | { line: number; reason: string };
interface GoldenFile {
  fixture: string;
  ingestTime: string;
  timeZone: string;
  expectations: Expectation[];
}

/** Log files only: SOURCE.md and Metron's expected-parse JSON are documentation, not input. */
const fixtureFiles = readdirSync(externalRoot, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(log|txt)$/.test(f))
  .map((f) => f.split(path.sep).join('/'))
  .sort();

function goldenName(fixture: string): string {
  const [dir, file] = fixture.split('/') as [string, string];
  return `dhcp-${dir}--${file.replace(/\.(log|txt)$/, '')}.json`;
}

/** Physical lines with their LineRefs (1-based number, byte offset), as the ETL would read them. */
function readLines(fixture: string): { text: string; ref: LineRef }[] {
  const content = readFileSync(path.join(externalRoot, fixture), 'utf8');
  const out: { text: string; ref: LineRef }[] = [];
  let offset = 0;
  const parts = content.split('\n');
  if (parts.at(-1) === '') parts.pop();
  parts.forEach((text, i) => {
    out.push({ text, ref: { object: fixture, line: i + 1, offset } });
    offset += Buffer.byteLength(text, 'utf8') + 1;
  });
  return out;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('golden: DHCP parser over every external fixture line', () => {
  it('finds the fixtures and has a golden file for each', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(7);
    const golden = new Set(readdirSync(goldenRoot).filter((f) => f.startsWith('dhcp-')));
    for (const fixture of fixtureFiles) expect(golden.has(goldenName(fixture)), `missing golden for ${fixture}`).toBe(true);
  });

  describe.each(fixtureFiles)('%s', (fixture) => {
    const golden = JSON.parse(readFileSync(path.join(goldenRoot, goldenName(fixture)), 'utf8')) as GoldenFile;
    const lines = readLines(fixture);
    const ctx = { ingestTime: Date.parse(golden.ingestTime), timeZone: golden.timeZone };

    it('has one expectation per line', () => {
      expect(golden.fixture).toBe(fixture);
      expect(golden.expectations.map((e) => e.line)).toEqual(lines.map((l) => l.ref.line));
    });

    it('parses every line to its expected record or reason, keeping raw text and LineRef', () => {
      for (const [i, { text, ref }] of lines.entries()) {
        const expected = golden.expectations[i]!;
        const result = parseDhcpLine(text, ref, ctx);
        const where = `${fixture}:${ref.line}`;
        if ('reason' in expected) {
          expect(result.ok, where).toBe(false);
          if (!result.ok) {
            expect(result.reason, where).toBe(expected.reason);
            expect(result.detail.length, where).toBeGreaterThan(0);
            expect(result.raw, where).toEqual([text]);
          }
        } else {
          expect(result.ok, `${where}: ${result.ok ? '' : result.detail}`).toBe(true);
          if (result.ok) {
            const { source, eventTime, leaseStart, leaseEnd, ...rest } = result.record;
            expect(source).toBe('dhcp');
            expect({ eventTime: iso(eventTime), ...rest, leaseStart: iso(leaseStart), leaseEnd: iso(leaseEnd) }, where).toEqual(expected.record);
          }
        }
        expect(result.lines, where).toEqual([ref]);
      }
    });
  });
});
