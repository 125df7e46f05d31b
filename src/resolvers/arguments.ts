import type { EventFilter, PageRequest, TimeWindow } from '../query/index.js';
import { DAY_MS, QueryInputError, decodeCursor, type EventKey } from '../query/index.js';
import type { RequestLimits } from './context.js';
import { badInput } from './errors.js';
import { formatDateTime, isRfc3339Instant, type ScalarInput } from './scalars.js';

/**
 * Argument checks, one place for every rule: each failure is BAD_USER_INPUT naming the argument
 * (`filter.from`, `addresses[3]`, …) and saying what is accepted.
 */

export function required<T>(input: ScalarInput<T>, argument: string): T {
  if (!input.ok) throw badInput(argument, input.problem);
  return input.value;
}

export function optional<T>(input: ScalarInput<T> | null | undefined, argument: string): T | undefined {
  return input === null || input === undefined ? undefined : required(input, argument);
}

/** from ≤ to, and no longer than the configured maximum. */
export function requireWindow(
  from: ScalarInput<number>,
  to: ScalarInput<number>,
  limits: RequestLimits,
  prefix = '',
): TimeWindow {
  const window = { from: required(from, `${prefix}from`), to: required(to, `${prefix}to`) };
  if (window.from > window.to) {
    throw badInput(`${prefix}from`, `${formatDateTime(window.from)} is after "to" (${formatDateTime(window.to)})`);
  }
  if (window.to - window.from > limits.maxWindowDays * DAY_MS) {
    const days = ((window.to - window.from) / DAY_MS).toFixed(1);
    throw badInput(
      `${prefix}to`,
      `the window from ${formatDateTime(window.from)} to ${formatDateTime(window.to)} spans ${days} days; ` +
        `the limit is ${limits.maxWindowDays} days: split the question into shorter windows`,
    );
  }
  return window;
}

/** Longest free-text argument (user name, event type): longer text names nothing in the lake. */
export const MAX_TEXT_LENGTH = 256;

/**
 * Control characters (C0, DEL, C1) and lone surrogates never occur in account names or event types, and SQL
 * string literals cannot hold NUL: refusing them here keeps a client's typo from surfacing as an internal error.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free text matched exactly: 1 to MAX_TEXT_LENGTH printable characters. */
export function requireText(text: string, argument: string, what: string): string {
  const found = UNPRINTABLE.exec(text);
  if (found) {
    const code = found[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    throw badInput(argument, `must be ${what} without control characters, found U+${code} at position ${found.index}`);
  }
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH) {
    throw badInput(argument, `must be ${what} of 1 to ${MAX_TEXT_LENGTH} characters, got ${text.length}`);
  }
  return text;
}

export function requireName(name: string, argument: string): string {
  return requireText(name.trim(), argument, 'a user name');
}

export function requirePage(first: number | null | undefined, after: string | null | undefined, limits: RequestLimits): PageRequest {
  const size = first ?? limits.defaultFirst;
  if (!Number.isInteger(size) || size < 0) throw badInput('first', `must be 0 or more, got ${size}`);
  if (size > limits.maxFirst) throw badInput('first', `must be at most ${limits.maxFirst}, got ${size}: page with "after" instead`);
  if (after !== null && after !== undefined) requireCursor(after, 'after');
  return { first: size, after: after ?? undefined };
}

/**
 * A cursor is opaque but client-controlled: a forged one holding control characters or an instant Date cannot
 * format would fail in the SQL quoting, so it is refused here like any cursor this server did not issue.
 */
function requireCursor(cursor: string, argument: string): void {
  let key: EventKey;
  try {
    key = decodeCursor(cursor, argument);
  } catch (err) {
    if (err instanceof QueryInputError) throw badInput(err.field, err.message);
    throw err;
  }
  const texts = [key.source, key.landingObject, key.eventType];
  if (!isRfc3339Instant(key.timestamp) || !Number.isSafeInteger(key.lineNumber) || texts.some((text) => UNPRINTABLE.test(text))) {
    throw badInput(argument, `"${cursor.slice(0, 40)}${cursor.length > 40 ? '…' : ''}" is not a cursor issued by this server: use pageInfo.endCursor of the previous page`);
  }
}

export interface EventFilterInput {
  from: ScalarInput<number>;
  to: ScalarInput<number>;
  ip?: ScalarInput<string> | null;
  mac?: ScalarInput<string> | null;
  userName?: string | null;
  source?: string | null;
  eventType?: string | null;
}

export function requireFilter(input: EventFilterInput, limits: RequestLimits): EventFilter {
  const window = requireWindow(input.from, input.to, limits, 'filter.');
  return {
    ...window,
    ip: optional(input.ip, 'filter.ip'),
    mac: optional(input.mac, 'filter.mac'),
    userName: input.userName === null || input.userName === undefined ? undefined : requireName(input.userName, 'filter.userName'),
    source: input.source ?? undefined,
    eventType: input.eventType === null || input.eventType === undefined ? undefined : requireText(input.eventType, 'filter.eventType', 'an event type'),
  };
}

export function requireAddresses(inputs: readonly ScalarInput<string>[], limits: RequestLimits): string[] {
  if (inputs.length > limits.maxAddresses) {
    throw badInput('addresses', `at most ${limits.maxAddresses} addresses per request, got ${inputs.length}`);
  }
  return inputs.map((input, i) => required(input, `addresses[${i}]`));
}
