import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UtcIsoFormatter } from '../../src/generator/format/utc-iso.js';
import { truthJsonLine, type TruthInterval } from '../../src/generator/truth.js';

describe('truth.jsonl spelling', () => {
  it('truthJsonLine writes exactly what JSON.stringify writes, escapes included', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('CORP\\jdoe', 'a"b', 'x\u0000y', '\ud800'));
    fc.assert(fc.property(
      fc.record({
        ip: text, mac: text, userName: fc.option(text), userKey: fc.option(text), start: text, end: fc.option(text),
        source: fc.constantFrom('dhcp' as const, 'ise_radius' as const),
        endReason: fc.constantFrom('release' as const, 'expire' as const, 'lease_end' as const, 'superseded' as const, 'stop' as const, 'open' as const),
      }),
      (i: TruthInterval) => {
        expect(truthJsonLine(i)).toBe(JSON.stringify(i));
      },
    ), { numRuns: 2000 });
  });

  it('UtcIsoFormatter spells instants as Date.toISOString does, across days and years', () => {
    const f = new UtcIsoFormatter();
    fc.assert(fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_000_000_000_000 }), (ms) => {
      expect(f.format(ms)).toBe(new Date(ms).toISOString());
    }), { numRuns: 5000 });
    for (const ms of [0, -1, 86_399_999, 86_400_000, Date.UTC(2026, 2, 2), Date.UTC(2028, 1, 29, 23, 59, 59, 999)]) {
      expect(f.format(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
