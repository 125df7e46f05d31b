/**
 * Tunables of the ISE parser, with their defaults in one place.
 * The windows bound memory: a reassembler never holds more than `maxPendingMessages` unfinished
 * messages, nor any message whose first line is more than `maxLineDistance` lines behind the newest.
 */
export interface IseParserOptions {
  /** A physical line longer than this (UTF-16 units) fails `line_too_long` without being scanned. */
  maxLineLength: number;
  /** The `CISE_` header must start within this many characters (relay headers are short). */
  maxHeaderOffset: number;
  /** Unfinished multi-segment messages kept at once; the oldest is given up first. */
  maxPendingMessages: number;
  /** A message still missing parts this many lines after its first part arrived is given up. */
  maxLineDistance: number;
  /** Largest `total_seg` believed; beyond it the header is treated as corrupt. */
  maxTotalSegments: number;
  /** Physical continuation lines (`\`-newline or headerless) one segment may absorb. */
  maxContinuationLines: number;
  /**
   * Attach a line with no ISE or syslog header to the segment on the line just before it
   * (values with embedded newlines, as in Elastic's device-sensor fixture). When false, only
   * lines following a trailing `\` are continuations and other headerless lines fail `not_ise`.
   */
  headerlessContinuations: boolean;
}

export const DEFAULT_ISE_PARSER_OPTIONS: Readonly<IseParserOptions> = Object.freeze({
  maxLineLength: 64 * 1024,
  maxHeaderOffset: 512,
  maxPendingMessages: 1_000,
  maxLineDistance: 10_000,
  maxTotalSegments: 256,
  maxContinuationLines: 64,
  headerlessContinuations: true,
});

export function resolveIseParserOptions(opts: Partial<IseParserOptions> = {}): IseParserOptions {
  const merged: IseParserOptions = { ...DEFAULT_ISE_PARSER_OPTIONS };
  for (const key of Object.keys(opts) as (keyof IseParserOptions)[]) {
    const value = opts[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of ['maxLineLength', 'maxHeaderOffset', 'maxPendingMessages', 'maxLineDistance', 'maxTotalSegments', 'maxContinuationLines'] as const) {
    const v = merged[key];
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`ise parser: option ${key} must be a positive integer, got ${String(v)}`);
    }
  }
  return merged;
}
