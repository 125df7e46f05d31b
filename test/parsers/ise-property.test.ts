/**
 * Property-based tests: whatever the input, the ISE parser never throws, accounts for every line exactly once and
 * keeps the raw text of every line it refuses; and splitting a real message into segments (in any order, cut
 * between pairs or inside a value) yields the same record as the unsplit message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findIseHeader, IseReassembler, parseFirstSegmentBody, parseIseLines } from '../../src/parsers/ise/index.js';
import type { IseRecord, LineRef, ParseResult } from '../../src/parsers/types.js';

const EXTERNAL = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'external');

function fixtureLines(rel: string): string[] {
  return readFileSync(path.join(EXTERNAL, rel), 'utf8').split('\n').filter((l) => l !== '');
}

const METRON = fixtureLines('apache-metron-ise/IseParserTest.txt');
const ELASTIC = ['radius-accounting', 'passed-authentications', 'posture-client-provisioning-audit', 'device-sensor-fragments'].flatMap((f) =>
  fixtureLines(`elastic-integrations-cisco-ise/test-pipeline-${f}.log`),
);
const REAL = [...METRON.filter((_, i) => i % 7 === 0), ...ELASTIC];
/** Real single-segment messages that become records, for the split/rejoin property. */
const RECORD_LINES = [...METRON, ...ELASTIC].filter((l) => {
  const r = [...parseIseLines([{ line: l, ref: { object: 'x', line: 1, offset: 0 } }])];
  return r.length === 1 && r[0]?.ok === true;
});

function refs(n: number): LineRef[] {
  return Array.from({ length: n }, (_, i) => ({ object: 'landing/ise/p.log', line: i + 1, offset: i }));
}

/** Runs lines through one reassembler and checks the invariants every input must satisfy. */
function checkInvariants(lines: string[], opts = {}): ParseResult<IseRecord>[] {
  const r = new IseReassembler(opts);
  const rs = refs(lines.length);
  const results: ParseResult<IseRecord>[] = [];
  lines.forEach((line, i) => results.push(...r.push(line, rs[i] as LineRef)));
  results.push(...r.flush());
  const seen = results.flatMap((x) => x.lines.map((l) => l.line)).sort((a, b) => a - b);
  expect(seen).toEqual(rs.map((l) => l.line));
  for (const x of results) {
    if (x.ok) continue;
    expect(typeof x.reason).toBe('string');
    expect(x.detail.length).toBeGreaterThan(0);
    expect(x.raw).toEqual(x.lines.map((l) => lines[l.line - 1]));
  }
  expect(r.pendingMessages).toBe(0);
  return results;
}

const isePiece = fc.constantFrom(
  'CISE_RADIUS_Accounting ',
  'CISE_Profiler 0000034521 2 1 ',
  'CISE_Passed_Authentications 1 1 0 ',
  '2014-08-07 00:00:20.554 -07:00 ',
  '0098650319 3000 NOTICE Radius-Accounting: ',
  'User-Name=frsung, ',
  'Framed-IP-Address=10.33.250.89, ',
  '\\, ',
  '\\\\,',
  '={',
  '}, ',
  '#015',
  '\\',
  '\u0000',
  '\uFFFD',
  ' 2 0 ',
  ' 3 2 ',
  '<181>Mar  3 11:37:34 host ',
);
const lineArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.array(fc.oneof(isePiece, fc.string({ maxLength: 12 })), { maxLength: 25 }).map((parts) => parts.join('')),
);

/** A real line, damaged: truncated, spliced, or with a span replaced. */
const mutatedArb = fc
  .tuple(fc.constantFrom(...REAL), fc.nat(), fc.nat(), fc.string({ maxLength: 20 }), fc.constantFrom('truncate', 'splice', 'replace', 'asis'))
  .map(([line, a, b, insert, how]) => {
    const i = a % (line.length + 1);
    const j = b % (line.length + 1);
    const [lo, hi] = i < j ? [i, j] : [j, i];
    if (how === 'truncate') return line.slice(0, lo);
    if (how === 'splice') return line.slice(0, lo) + insert + line.slice(lo);
    if (how === 'replace') return line.slice(0, lo) + insert + line.slice(hi);
    return line;
  });

describe('ISE parser properties', () => {
  it('random lines never throw, every line ends in exactly one result and refused lines keep their raw text', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.boolean(), (lines, headerless) => {
        checkInvariants(lines, { headerlessContinuations: headerless, maxPendingMessages: 4, maxLineDistance: 8 });
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real lines, mixed with random ones, keep the invariants', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(mutatedArb, mutatedArb, lineArb), { maxLength: 20 }), (lines) => {
        checkInvariants(lines);
      }),
      { numRuns: 200 },
    );
  });

  it('a real message split into segments, delivered in any order, gives the unsplit record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORD_LINES),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.nat(),
        (line, cutSeeds, midValue, orderSeed) => {
          const whole = [...parseIseLines([{ line, ref: { object: 'x', line: 1, offset: 0 } }])][0];
          if (whole === undefined || !whole.ok) throw new Error('fixture line no longer parses');
          const segments = splitIntoSegments(line, cutSeeds, midValue);
          if (segments.length < 2) return;
          const order = permutation(segments.length, orderSeed);
          const results = checkInvariants(order.map((i) => segments[i] as string));
          expect(results).toHaveLength(1);
          const got = results[0];
          if (got === undefined || !got.ok) throw new Error(`expected a record, got ${JSON.stringify(got)}`);
          expect(got.record.segments).toBe(segments.length);
          expect({ ...got.record, segments: 1 }).toEqual(whole.record);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a split message with parts lost gives a record only when segment 0 and a gap-free prefix arrived', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RECORD_LINES), fc.array(fc.nat(), { minLength: 2, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (line, cutSeeds, keep) => {
        const segments = splitIntoSegments(line, cutSeeds, false);
        const kept = segments.map((_, i) => i).filter((i) => keep[i] === true);
        if (segments.length < 2 || kept.length === 0) return;
        const results = checkInvariants(kept.map((i) => segments[i] as string));
        expect(results).toHaveLength(1);
        const r = results[0] as ParseResult<IseRecord>;
        const prefix = kept.every((v, i) => v === i);
        if (!kept.includes(0)) expect(r).toMatchObject({ ok: false, reason: 'orphan_segment' });
        else if (prefix) expect(r.ok && r.record.segments).toBe(kept.length);
        else expect(r).toMatchObject({ ok: false, reason: 'incomplete_message' });
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * Re-emits a single-segment line as `total` segments with the same header. Cuts fall just after a `, ` separator
 * (outside braces) or, with `midValue`, inside a value between two ordinary characters.
 */
function splitIntoSegments(line: string, cutSeeds: number[], midValue: boolean): string[] {
  const header = findIseHeader(line, 512);
  const body = header === null ? null : parseFirstSegmentBody(line, header.bodyStart);
  if (header === null || body === null) return [line];
  const attrStart = body.attributesStart + 1;
  const candidates: number[] = [];
  let depth = 0;
  for (let i = attrStart; i < line.length - 1; i++) {
    const c = line[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (midValue) {
      if (/[A-Za-z0-9]/.test(c ?? '') && /[A-Za-z0-9]/.test(line[i + 1] ?? '') && line.lastIndexOf('=', i) > line.lastIndexOf(', ', i)) candidates.push(i + 1);
    } else if (c === ',' && line[i + 1] === ' ' && line[i - 1] !== '\\' && i + 2 < line.length) {
      candidates.push(i + 2);
    }
  }
  if (candidates.length === 0) return [line];
  const cuts = [...new Set(cutSeeds.map((s) => candidates[s % candidates.length] as number))].sort((a, b) => a - b);
  const prefix = line.slice(0, header.bodyStart).replace(/ 1 0 $/, '');
  const bounds = [header.bodyStart, ...cuts, line.length];
  const total = bounds.length - 1;
  return bounds.slice(0, -1).map((start, i) => `${prefix} ${total} ${i} ${line.slice(start, bounds[i + 1])}`);
}

/** A deterministic permutation of 0…n-1 from a seed. */
function permutation(n: number, seed: number): number[] {
  const items = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
  return items;
}
