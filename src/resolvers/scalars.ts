import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTime } from 'luxon';
import { normalizeIp, normalizeMac } from '../parsers/normalize/index.js';

/**
 * Custom scalars. Parsing does not reject bad text: it returns a ScalarInput that records the problem, and the
 * resolver's argument check turns it into BAD_USER_INPUT naming the argument (`Argument "at": …`). GraphQL's own
 * coercion errors cannot name the argument of a literal, and one error shape for literals and variables is
 * simpler for clients. Non-string input (a number for an IP) is still a plain GraphQL type error.
 */
export type ScalarInput<T> = { ok: true; value: T } | { ok: false; text: string; problem: string };

function scalar<T>(
  name: string,
  description: string,
  parse: (text: string) => T | null,
  problem: string,
  serialize: (value: unknown) => string,
): GraphQLScalarType<ScalarInput<T>, string> {
  const fromText = (text: string): ScalarInput<T> => {
    const value = text.length <= 256 ? parse(text) : null;
    return value === null ? { ok: false, text, problem: `${quote(text)} ${problem}` } : { ok: true, value };
  };
  return new GraphQLScalarType<ScalarInput<T>, string>({
    name,
    description,
    serialize,
    parseValue(value: unknown) {
      if (typeof value !== 'string') throw new GraphQLError(`${name} must be a string, got ${typeof value}`);
      return fromText(value);
    },
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string literal`);
      return fromText(node.value);
    },
  });
}

/**
 * RFC 3339 instants only: years 0001–9999 in UTC. Luxon also accepts ISO 8601 extended years (`+275760-…`),
 * which overflow Date and partition arithmetic further down, and could not be written back as RFC 3339.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Accepts any ISO 8601 date-time (a date alone means midnight) with a 4-digit year; no offset means UTC. Returns epoch ms. */
export function parseDateTime(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}/.test(trimmed)) return null;
  const fast = parseRfc3339(trimmed);
  if (fast !== null) return isRfc3339Instant(fast) ? fast : null;
  const parsed = DateTime.fromISO(trimmed, { zone: 'utc', setZone: true });
  if (!parsed.isValid) return null;
  const ms = parsed.toMillis();
  return isRfc3339Instant(ms) ? ms : null;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * The common wire form (`2026-11-28T09:14:00Z`, `…:00.250+01:00`) without Luxon, which costs more than the rest of
 * a cached whoHad request. Only plainly valid fields are taken here; anything else (a 30 February, hour 24, other
 * ISO 8601 spellings) returns null and goes to Luxon, so both paths accept and reject the same text.
 */
function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // setUTCFullYear keeps years 0–99 as given (Date.UTC would map them to 19xx)
  date.setUTCHours(h, mi, s, ms);
  return date.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Epoch ms that Date can format as an RFC 3339 instant (years 0001–9999). */
export function isRfc3339Instant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const DateTimeScalar = scalar<number>(
  'DateTime',
  'ISO 8601 date-time; UTC with Z on output.',
  parseDateTime,
  'is not an ISO 8601 date-time with a year from 0001 to 9999 (e.g. 2026-11-28T09:14:00Z)',
  (value) => {
    if (typeof value === 'number' && Number.isFinite(value)) return formatDateTime(value);
    throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  },
);

export const IPAddressScalar = scalar<string>(
  'IPAddress',
  'IPv4 or IPv6 address in canonical text.',
  normalizeIp,
  'is not an IPv4 or IPv6 address',
  (value) => {
    if (typeof value === 'string') return value;
    throw new GraphQLError(`IPAddress cannot represent ${String(value)}`);
  },
);

export const MACAddressScalar = scalar<string>(
  'MACAddress',
  'MAC address as aa:bb:cc:dd:ee:ff.',
  normalizeMac,
  'is not a MAC address (e.g. aa:bb:cc:dd:ee:ff)',
  (value) => {
    if (typeof value === 'string') return value;
    throw new GraphQLError(`MACAddress cannot represent ${String(value)}`);
  },
);

function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
