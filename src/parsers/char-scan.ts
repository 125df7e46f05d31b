/**
 * Character-code helpers shared by the hand-written line scanners (syslog header, ISE header and body): they read
 * the line in place, so the hot path makes no substrings, arrays or regex matches.
 */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The position after the run of decimal digits starting at `from` (`from` itself when there is none). */
export function digitRunEnd(line: string, from: number): number {
  let pos = from;
  while (isDigit(line.charCodeAt(pos))) pos++;
  return pos;
}

/** Value of the decimal digits in line[from, to); the caller bounds the run (≤ 15 digits stay exact). */
export function digitsValue(line: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (line.charCodeAt(i) - 48);
  return value;
}
