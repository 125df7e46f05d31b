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
  const parsed = DateTime.fromISO(trimmed, { zone: 'utc', setZone: true });
  if (!parsed.isValid) return null;
  const ms = parsed.toMillis();
  return isRfc3339Instant(ms) ? ms : null;
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
