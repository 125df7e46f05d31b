/**
 * Time normalisation: every time in the lake is epoch milliseconds, UTC.
 * - ISE body timestamps carry their own offset: parsed by hand (fixed layout, no allocation).
 * - RFC 3164 syslog clocks have no year and no zone: the zone is per source (`ctx.timeZone`), the year is
 *   inferred from when the object was ingested. Zone offsets come from luxon, cached per local hour, so the
 *   hot path creates no luxon objects.
 */
import { DateTime, IANAZone } from 'luxon';
import type { ParseContext } from '../types.js';

/** A syslog clock up to this far after the ingest time is clock skew, not last year's log. */
const FUTURE_SKEW_MS = 24 * 3600 * 1000;

/** Bound on the offset cache; cleared wholesale when full (a lake spans few distinct local hours per zone). */
const MAX_CACHE_ENTRIES = 100_000;

const MONTHS = new Map<string, number>(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]),
);

/** Month by its three lower-cased char codes packed into one number: no string allocation in the hot path. */
const MONTH_CODES = new Map<number, number>([...MONTHS].map(([name, n]) => [packMonth(name, 0), n]));

function packMonth(text: string, pos: number): number {
  return ((text.charCodeAt(pos) | 0x20) << 16) | ((text.charCodeAt(pos + 1) | 0x20) << 8) | (text.charCodeAt(pos + 2) | 0x20);
}

/** 1-12 for an English three-letter month abbreviation in any case, else null. */
export function monthNumber(text: string): number | null {
  if (text.length !== 3) return null;
  return MONTH_CODES.get(packMonth(text, 0)) ?? null;
}

/** monthNumber of the three characters of `text` at `pos` (for scanners that have not sliced the token). */
export function monthNumberAt(text: string, pos: number): number | null {
  if (pos + 3 > text.length) return null;
  return MONTH_CODES.get(packMonth(text, pos)) ?? null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): integer arithmetic,
 * several times cheaper than Date.UTC on the per-line path.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of a UTC wall-clock time whose fields are already validated. */
export function utcEpoch(year: number, month: number, day: number, hh: number, mm: number, ss: number, ms = 0): number {
  return daysFromCivil(year, month, day) * 86_400_000 + hh * 3_600_000 + mm * 60_000 + ss * 1000 + ms;
}

/** True for `UTC` and any IANA zone luxon knows (for validating configuration up front). */
export function isValidTimeZone(zone: string): boolean {
  return zone === 'UTC' || IANAZone.isValidZone(zone);
}

/** Per zone: local hour (numeric key yyyymmddhh) → epoch ms of its start, or null when luxon rejects it. */
const hourStartCache = new Map<string, Map<number, number | null>>();

/** Epoch ms of local `year-month-day hour:00:00` in `zone` (luxon's DST rules), cached. */
let lastHour = { zone: '', key: -1, value: null as number | null };

function localHourStart(year: number, month: number, day: number, hour: number, zone: string): number | null {
  const key = ((year * 100 + month) * 100 + day) * 100 + hour;
  // Consecutive log lines share their hour: answer those without a map lookup.
  if (lastHour.key === key && lastHour.zone === zone) return lastHour.value;
  const value = lookupHourStart(year, month, day, hour, key, zone);
  lastHour = { zone, key, value };
  return value;
}

function lookupHourStart(year: number, month: number, day: number, hour: number, key: number, zone: string): number | null {
  let zoneCache = hourStartCache.get(zone);
  if (zoneCache === undefined) {
    zoneCache = new Map();
    hourStartCache.set(zone, zoneCache);
  }
  const cached = zoneCache.get(key);
  if (cached !== undefined) return cached;
  const dt = DateTime.fromObject({ year, month, day, hour }, { zone });
  const value = dt.isValid ? dt.toMillis() : null;
  if (zoneCache.size >= MAX_CACHE_ENTRIES) zoneCache.clear();
  zoneCache.set(key, value);
  return value;
}

/** Epoch ms of a local wall-clock time in `zone`, or null for impossible dates (Feb 30) or unknown zones. */
function localToEpoch(year: number, month: number, day: number, hh: number, mm: number, ss: number, zone: string): number | null {
  if (day > daysInMonth(year, month)) return null;
  if (zone === 'UTC') return utcEpoch(year, month, day, hh, mm, ss);
  const hourStart = localHourStart(year, month, day, hh, zone);
  return hourStart === null ? null : hourStart + mm * 60_000 + ss * 1000;
}

let lastIngest: { time: number; zone: string; year: number; month: number } | null = null;

/** Year and month of the ingest instant as seen in `zone` (memoised: one ingest time per landing object). */
function ingestYearMonth(ingestTime: number, zone: string): { year: number; month: number } | null {
  if (lastIngest !== null && lastIngest.time === ingestTime && lastIngest.zone === zone) return lastIngest;
  let year: number;
  let month: number;
  if (zone === 'UTC') {
    const d = new Date(ingestTime);
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
  } else {
    const dt = DateTime.fromMillis(ingestTime, { zone });
    if (!dt.isValid) return null;
    year = dt.year;
    month = dt.month;
  }
  if (!Number.isFinite(year)) return null;
  lastIngest = { time: ingestTime, zone, year, month };
  return lastIngest;
}

function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Epoch ms of a year-less RFC 3164 clock (`Mar  7 09:08:00`) read in zone `ctx.timeZone ?? 'UTC'`.
 * The year is the ingest year, minus one when the month is later than the ingest month (December logs read
 * in January); a clock in the month after ingest but at most a day ahead of it is taken as skew (same or next year).
 * Null for an unknown month, out-of-range fields, impossible dates (Feb 30, Feb 29 of a common year) or an unknown zone.
 */
export function resolveSyslogTime(month: string, day: number, hh: number, mm: number, ss: number, ctx: ParseContext): number | null {
  const m = monthNumber(month);
  return m === null ? null : resolveSyslogClock(m, day, hh, mm, ss, ctx);
}

/**
 * Start (epoch ms) of every local hour of the year resolved so far, by (month, day, hour), for one (ingest time, zone):
 * syslog lines come in any order within a landing object, so a one-entry cache missed on most lines.
 * NaN: not resolved yet; -Infinity: resolves to null (impossible date, unknown zone). Hours in the
 * month-after-ingest skew window are not cached (the skew rule looks at the exact instant).
 */
const HOURS_PER_YEAR = 12 * 31 * 24;
const hourStarts = { ingestTime: NaN, zone: '', starts: new Float64Array(HOURS_PER_YEAR).fill(NaN) };

/** resolveSyslogTime with the month already a number (1–12). */
export function resolveSyslogClock(m: number, day: number, hh: number, mm: number, ss: number, ctx: ParseContext): number | null {
  if (!isIntIn(m, 1, 12) || !isIntIn(day, 1, 31) || !isIntIn(hh, 0, 23) || !isIntIn(mm, 0, 59) || !isIntIn(ss, 0, 59)) return null;
  const zone = ctx.timeZone ?? 'UTC';
  if (!Object.is(hourStarts.ingestTime, ctx.ingestTime) || hourStarts.zone !== zone) {
    hourStarts.ingestTime = ctx.ingestTime;
    hourStarts.zone = zone;
    hourStarts.starts.fill(NaN);
  }
  const slot = ((m - 1) * 31 + (day - 1)) * 24 + hh;
  const start = hourStarts.starts[slot]!;
  if (start === start) return start === -Infinity ? null : start + mm * 60_000 + ss * 1000; // not NaN: cached
  const t = resolveUncached(m, day, hh, mm, ss, ctx, zone);
  if (!isSkewMonth(m, ctx.ingestTime, zone)) hourStarts.starts[slot] = t === null ? -Infinity : t - mm * 60_000 - ss * 1000;
  return t;
}

function isSkewMonth(m: number, ingestTime: number, zone: string): boolean {
  const ingest = ingestYearMonth(ingestTime, zone);
  return ingest === null || m === (ingest.month % 12) + 1;
}

function resolveUncached(m: number, day: number, hh: number, mm: number, ss: number, ctx: ParseContext, zone: string): number | null {
  const ingest = ingestYearMonth(ctx.ingestTime, zone);
  if (ingest === null) return null;
  if (m === (ingest.month % 12) + 1) {
    const nextYear = ingest.month === 12 ? ingest.year + 1 : ingest.year;
    const t = localToEpoch(nextYear, m, day, hh, mm, ss, zone);
    if (t !== null && t - ctx.ingestTime <= FUTURE_SKEW_MS) return t;
  }
  const year = m > ingest.month ? ingest.year - 1 : ingest.year;
  return localToEpoch(year, m, day, hh, mm, ss, zone);
}

/** Value of `count` decimal digits at `pos`, or -1. */
function digitsAt(text: string, pos: number, count: number): number {
  let value = 0;
  for (let i = pos; i < pos + count; i++) {
    const code = text.charCodeAt(i);
    if (!(code >= 48 && code <= 57)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/**
 * Epoch ms of an ISE body timestamp `2014-08-07 00:00:20.554 -07:00`: 1–9 fractional digits (µs truncated to ms),
 * offset `±hh:mm`, `±hhmm` or `Z`, one optional space before it; `T` is accepted as the date/time separator.
 * Null for anything else, including impossible dates.
 */
export function parseIseTimestamp(text: string): number | null {
  const s = text.trim();
  if (s.length < 20 || s.length > 40) return null;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hh = digitsAt(s, 11, 2);
  const mm = digitsAt(s, 14, 2);
  const ss = digitsAt(s, 17, 2);
  const sep = s.charCodeAt(10);
  if (s[4] !== '-' || s[7] !== '-' || (sep !== 32 && sep !== 84) || s[13] !== ':' || s[16] !== ':') return null;
  if (year < 1000 || !isIntIn(month, 1, 12) || day < 1 || day > daysInMonth(year, month)) return null;
  if (!isIntIn(hh, 0, 23) || !isIntIn(mm, 0, 59) || !isIntIn(ss, 0, 59)) return null;

  // Fraction and offset read in place: this runs once per ISE message, and the slices were garbage.
  let pos = 19;
  let ms = 0;
  if (s[pos] === '.') {
    pos++;
    const fracStart = pos;
    while (pos < s.length && s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) pos++;
    const fracLen = pos - fracStart;
    if (fracLen < 1 || fracLen > 9) return null;
    // Milliseconds: the first three digits, a shorter fraction padded with zeros (`.5` is 500 ms); further digits are truncated.
    ms = (s.charCodeAt(fracStart) - 48) * 100;
    if (fracLen >= 2) ms += (s.charCodeAt(fracStart + 1) - 48) * 10;
    if (fracLen >= 3) ms += s.charCodeAt(fracStart + 2) - 48;
  }
  if (s[pos] === ' ') pos++;

  let offsetMinutes: number;
  const restLength = s.length - pos;
  if (restLength === 1 && s[pos] === 'Z') {
    offsetMinutes = 0;
  } else {
    const signChar = s[pos];
    const sign = signChar === '+' ? 1 : signChar === '-' ? -1 : 0;
    if (sign === 0) return null;
    let oh: number;
    let om: number;
    if (restLength === 6 && s[pos + 3] === ':') {
      oh = digitsAt(s, pos + 1, 2);
      om = digitsAt(s, pos + 4, 2);
    } else if (restLength === 5) {
      oh = digitsAt(s, pos + 1, 2);
      om = digitsAt(s, pos + 3, 2);
    } else {
      return null;
    }
    if (!isIntIn(oh, 0, 23) || !isIntIn(om, 0, 59)) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return utcEpoch(year, month, day, hh, mm, ss, ms) - offsetMinutes * 60_000;
}

/**
 * Epoch ms of epoch seconds as logged (`1407394820`, `Event-Timestamp`, r-l-e bounds); an optional fraction is
 * truncated to ms. Null for non-numeric text, 0 (an unset field, not 1970) and values past year 9999.
 */
export function parseEpochSeconds(text: string): number | null {
  const s = text.trim();
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  if (whole.length < 1 || whole.length > 12 || (dot >= 0 && (frac.length < 1 || frac.length > 9))) return null;
  const seconds = digitsAt(whole, 0, whole.length);
  if (seconds < 0 || (frac !== '' && digitsAt(frac, 0, frac.length) < 0)) return null;
  if (seconds === 0 || seconds > 253_402_300_799) return null;
  return seconds * 1000 + (frac === '' ? 0 : digitsAt((frac + '00').slice(0, 3), 0, 3));
}
