import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags: strings and booleans as parseArgs returns them. */
export type Flags = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `iplake <name>` subcommand. */
export interface Command {
  name: string;
  summary: string;
  /** Usage lines shown by `iplake <name> --help`. */
  usage: string;
  options: OptionSpec;
  /** Whether positional arguments are accepted (e.g. files for `ingest`). */
  positionals?: boolean;
  run(flags: Flags, positionals: string[]): Promise<number>;
}

/** A user error: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function intFlag(flags: Flags, name: string, min = 0): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name}: "${text}" is not an integer ≥ ${min}`);
  }
  return value;
}

export const lakeOption: OptionSpec = {
  lake: { type: 'string', short: 'l' },
};
