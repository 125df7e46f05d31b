import type { EventFilter, PageRequest, TimeWindow } from '../query/index.js';
import { DAY_MS } from '../query/index.js';
import type { RequestLimits } from './context.js';
import { badInput } from './errors.js';
import { formatDateTime, type ScalarInput } from './scalars.js';

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

export function requireName(name: string, argument: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 256) throw badInput(argument, 'must be a user name of 1 to 256 characters');
  return trimmed;
}

export function requirePage(first: number | null | undefined, after: string | null | undefined, limits: RequestLimits): PageRequest {
  const size = first ?? limits.defaultFirst;
  if (!Number.isInteger(size) || size < 0) throw badInput('first', `must be 0 or more, got ${size}`);
  if (size > limits.maxFirst) throw badInput('first', `must be at most ${limits.maxFirst}, got ${size}: page with "after" instead`);
  return { first: size, after: after ?? undefined };
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
    eventType: input.eventType ?? undefined,
  };
}

export function requireAddresses(inputs: readonly ScalarInput<string>[], limits: RequestLimits): string[] {
  if (inputs.length > limits.maxAddresses) {
    throw badInput('addresses', `at most ${limits.maxAddresses} addresses per request, got ${inputs.length}`);
  }
  return inputs.map((input, i) => required(input, `addresses[${i}]`));
}
