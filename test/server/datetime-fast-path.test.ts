import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isRfc3339Instant, parseDateTime } from '../../src/resolvers/scalars.js';

/** What DateTime arguments meant before the fast path: Luxon's ISO 8601 reading, years 0001–9999. */
function luxon(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}/.test(trimmed)) return null;
  const parsed = DateTime.fromISO(trimmed, { zone: 'utc', setZone: true });
  if (!parsed.isValid) return null;
  const ms = parsed.toMillis();
  return isRfc3339Instant(ms) ? ms : null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('DateTime arguments', () => {
  it('the RFC 3339 fast path reads every text exactly as Luxon does, invalid fields included', () => {
    const text = fc.record({
      y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1, 99, 100, 1900, 2000, 2024, 2100)),
      mo: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      h: fc.integer({ min: 0, max: 25 }),
      mi: fc.integer({ min: 0, max: 60 }),
      s: fc.integer({ min: 0, max: 61 }),
      frac: fc.constantFrom('', '.5', '.25', '.123', '.999'),
      zone: fc.constantFrom('Z', '+00:00', '-00:00', '+01:00', '-05:30', '+14:00', '+23:59', '-12:45', '+15:00'),
    }).map((p) => `${pad(p.y, 4)}-${pad(p.mo, 2)}-${pad(p.d, 2)}T${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}${p.frac}${p.zone}`);
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDateTime(t)).toBe(luxon(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the spellings only Luxon reads', () => {
    for (const t of ['2026-11-28', '2026-11-28T09:14', '2026-11-28T09:14:00.123456Z', '2026-W48-6', '2024-02-29T00:00:00Z', ' 2026-11-28T09:14:00Z ']) {
      expect(parseDateTime(t), t).toBe(luxon(t));
    }
    expect(parseDateTime('2024-02-29T12:00:00+01:00')).toBe(Date.parse('2024-02-29T11:00:00Z'));
    expect(parseDateTime('2023-02-29T12:00:00Z')).toBeNull();
  });
});
