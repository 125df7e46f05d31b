/**
 * Line hygiene shared by every parser: the checks that run before any field is looked at, so that a
 * megabyte line, a NUL-filled block from a corrupt object or an empty line costs next to nothing.
 */
import type { ParseFailureReason } from '../types.js';

export interface ParserLimits {
  /** Lines longer than this (UTF-16 code units) are rejected as `line_too_long` without being scanned. */
  maxLineLength: number;
}

/** The one place parser limits get their defaults. */
export const DEFAULT_PARSER_LIMITS: Readonly<ParserLimits> = Object.freeze({ maxLineLength: 64 * 1024 });

export function resolveParserLimits(overrides?: Partial<ParserLimits>): ParserLimits {
  const limits = { ...DEFAULT_PARSER_LIMITS, ...overrides };
  if (!Number.isInteger(limits.maxLineLength) || limits.maxLineLength < 1) {
    throw new Error(`parsers: maxLineLength must be a positive integer, got ${String(limits.maxLineLength)}`);
  }
  return limits;
}

export interface LineProblem {
  reason: Extract<ParseFailureReason, 'empty_line' | 'line_too_long' | 'binary_garbage'>;
  detail: string;
}

/**
 * Null when the line is worth parsing. Binary data shows up as NUL bytes or as U+FFFD (what invalid UTF-8
 * decodes to); both are found by native `indexOf` (a one-byte string cannot hold U+FFFD, so that search is free).
 * A NUL anywhere, or more than a few control / replacement characters, means binary; one stray U+FFFD in a
 * host name does not (the parser keeps the rest of the line). Other control characters alone are left to the parser.
 */
export function checkLine(line: string, limits: ParserLimits = DEFAULT_PARSER_LIMITS): LineProblem | null {
  if (line.length > limits.maxLineLength) {
    return { reason: 'line_too_long', detail: `line of ${line.length} chars exceeds the ${limits.maxLineLength}-char limit` };
  }
  if (line.indexOf('\0') >= 0) return { reason: 'binary_garbage', detail: 'line contains NUL bytes' };
  if (line.indexOf('\ufffd') >= 0) {
    let suspects = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127 || code === 0xfffd) suspects++;
    }
    if (suspects > Math.max(3, line.length / 20)) {
      return { reason: 'binary_garbage', detail: `${suspects} control or replacement characters in ${line.length} chars` };
    }
  }
  return isBlank(line) ? { reason: 'empty_line', detail: 'line is empty or blank' } : null;
}

/** True when the line has nothing but white space (usually answered by the first character). */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 0x0b && code !== 0x0c) return false;
  }
  return true;
}
