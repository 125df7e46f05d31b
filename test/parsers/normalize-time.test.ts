import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseEpochSeconds, parseIseTimestamp, resolveSyslogTime } from '../../src/parsers/normalize/index.js';

const utc = (iso: string): number => Date.parse(iso);

describe('parseIseTimestamp', () => {
  it.each([
    ['2014-08-07 00:00:20.554 -07:00', '2014-08-07T07:00:20.554Z'],
    ['2014-08-07 00:00:20.554 -0700', '2014-08-07T07:00:20.554Z'],
    ['2020-04-27 11:11:47.028075 -08:00', '2020-04-27T19:11:47.028Z'], // µs truncated
    ['2021-02-26 22:15:22.379 +00:00', '2021-02-26T22:15:22.379Z'],
    ['2021-02-26 22:15:22 +05:30', '2021-02-26T16:45:22.000Z'],
    ['2021-02-26T22:15:22.379Z', '2021-02-26T22:15:22.379Z'],
    ['2024-02-29 23:59:59.999 +01:00', '2024-02-29T22:59:59.999Z'],
  ])('%s', (input, iso) => {
    expect(parseIseTimestamp(input)).toBe(utc(iso));
  });
  it.each([
    '2014-02-30 00:00:20.554 -07:00', '2023-02-29 00:00:00.000 +00:00', '2014-08-07 24:00:20.554 -07:00', '2014-08-07 00:00:20.554',
    '2014-08-07 00:00:20. -07:00', '2014-8-07 00:00:20.554 -07:00', '2014-08-07 00:00:20.554 -7:00', 'Aug  7 00:00:20', '',
    '2014-08-07 00:00:20.554 -07:00 trailing',
  ])('%s → null', (input) => {
    expect(parseIseTimestamp(input)).toBeNull();
  });
  it('pads a 1–2 digit fraction with zeros: .5 is 500 ms, .55 is 550 ms', () => {
    // ISE logs 3 or 6 fraction digits; shorter ones (relays that trim zeros) once came out as 1 ms before the second.
    expect(parseIseTimestamp('2014-08-07 00:00:20.5 +07:00')).toBe(utc('2014-08-06T17:00:20.500Z'));
    expect(parseIseTimestamp('2014-08-07 00:00:20.55Z')).toBe(utc('2014-08-07T00:00:20.550Z'));
    expect(parseIseTimestamp('2014-08-07 00:00:20.05 -07:00')).toBe(utc('2014-08-07T07:00:20.050Z'));
  });
  it('agrees with luxon on random instants and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.boolean(),
        (ms, offset, sixDigits) => {
          const dt = DateTime.fromMillis(ms, { zone: `UTC${offset >= 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}:${String(Math.abs(offset) % 60).padStart(2, '0')}` });
          const text = dt.toFormat(sixDigits ? "yyyy-MM-dd HH:mm:ss.SSS'123' ZZ" : 'yyyy-MM-dd HH:mm:ss.SSS ZZ');
          expect(parseIseTimestamp(text)).toBe(ms);
        },
      ),
    );
  });
});

describe('resolveSyslogTime', () => {
  const ingest = utc('2026-03-15T12:00:00Z');
  it('uses the ingest year and UTC by default', () => {
    expect(resolveSyslogTime('Mar', 7, 9, 8, 0, { ingestTime: ingest })).toBe(utc('2026-03-07T09:08:00Z'));
  });
  it('rolls back a year for months after the ingest month', () => {
    expect(resolveSyslogTime('Dec', 31, 23, 59, 59, { ingestTime: utc('2026-01-02T00:00:00Z') })).toBe(utc('2025-12-31T23:59:59Z'));
    expect(resolveSyslogTime('Apr', 20, 0, 0, 0, { ingestTime: ingest })).toBe(utc('2025-04-20T00:00:00Z'));
  });
  it('treats a clock a few hours ahead across a month or year boundary as skew', () => {
    expect(resolveSyslogTime('Jan', 1, 0, 0, 5, { ingestTime: utc('2025-12-31T23:59:00Z') })).toBe(utc('2026-01-01T00:00:05Z'));
    expect(resolveSyslogTime('Apr', 1, 1, 0, 0, { ingestTime: utc('2026-03-31T23:00:00Z') })).toBe(utc('2026-04-01T01:00:00Z'));
  });
  it('applies the source zone, including DST', () => {
    const ctx = { ingestTime: utc('2026-08-01T00:00:00Z'), timeZone: 'America/Los_Angeles' };
    expect(resolveSyslogTime('Aug', 1 - 1 + 1, 0, 0, 20, { ...ctx, ingestTime: utc('2026-08-10T00:00:00Z') })).toBe(utc('2026-08-01T07:00:20Z'));
    expect(resolveSyslogTime('Jan', 15, 8, 30, 0, ctx)).toBe(utc('2026-01-15T16:30:00Z'));
  });
  it('rejects impossible clocks', () => {
    expect(resolveSyslogTime('Feb', 30, 0, 0, 0, { ingestTime: ingest })).toBeNull();
    expect(resolveSyslogTime('Feb', 29, 0, 0, 0, { ingestTime: ingest })).toBeNull(); // 2026 is not a leap year
    expect(resolveSyslogTime('Foo', 1, 0, 0, 0, { ingestTime: ingest })).toBeNull();
    expect(resolveSyslogTime('Mar', 1, 24, 0, 0, { ingestTime: ingest })).toBeNull();
    expect(resolveSyslogTime('Mar', 1, 0, 0, 0, { ingestTime: ingest, timeZone: 'Not/AZone' })).toBeNull();
  });
  it('matches luxon for random wall clocks that exist in several zones', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, month, day, hour, minute) => {
          const ctx = { ingestTime: utc('2026-12-15T00:00:00Z'), timeZone: zone };
          const name = DateTime.utc(2026, month, 1).toFormat('LLL');
          const local = DateTime.fromObject({ year: 2026, month, day, hour, minute, second: 7 }, { zone });
          // A wall clock in a spring-forward gap never happens (Lord Howe skips 02:00-02:29 on 4 October 2026); the
          // two libraries shift it differently, and the property is about the clocks that exist.
          fc.pre(local.hour === hour && local.minute === minute);
          const expected = local.toMillis();
          expect(resolveSyslogTime(name, day, hour, minute, 7, ctx)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseEpochSeconds', () => {
  it('parses seconds to ms', () => {
    expect(parseEpochSeconds('1457708974')).toBe(1_457_708_974_000);
    expect(parseEpochSeconds('1457708974.25')).toBe(1_457_708_974_250);
  });
  it.each(['', '0', '-5', 'abc', '12a', '1.', '99999999999999', '1457708974.1234567890'])('%s → null', (s) => {
    expect(parseEpochSeconds(s)).toBeNull();
  });
});
