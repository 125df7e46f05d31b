/**
 * The ISE remote-syslog header, found by its pattern rather than by token positions:
 * `… <host> CISE_<Category> <msg_id> <total_seg> <seg_num> <body>`.
 * Whatever precedes the host (PRI, the ISE clock, a relay's own header with its own clock) is ignored,
 * because relays add headers and the ISE clock carries neither year nor zone.
 */
import { digitRunEnd, digitsValue, isDigit } from '../char-scan.js';
import { COMMON_CATEGORIES } from './categories.js';

export interface IseHeader {
  /** ISE node: the token just before `CISE_`; null for headerless fragments or when that token is a clock. */
  host: string | null;
  /** Category without the `CISE_` prefix, e.g. `RADIUS_Accounting`. */
  category: string;
  messageId: string;
  totalSegments: number;
  /** 0-based: `1 0` is a single-segment message. */
  segmentNumber: number;
  /** Index in the line where the body (after `seg_num` and its spaces) begins. */
  bodyStart: number;
}

// Scanned by hand (no regex match array and capture strings per line). Bounded runs, as the pattern
// `CISE_([A-Za-z0-9_]{1,80}) ([0-9]{1,20}) ([0-9]{1,6}) ([0-9]{1,6})(?: +|$)` the format is documented by.
const MAX_CATEGORY = 80;
const MAX_MESSAGE_ID = 20;
const MAX_SEGMENT_DIGITS = 6;
const PREFIX_LENGTH = 'CISE_'.length;

/** The header, or null when no `CISE_… id total seg` pattern starts within `maxOffset` characters. */
export function findIseHeader(line: string, maxOffset: number): IseHeader | null {
  let from = 0;
  for (;;) {
    const at = line.indexOf('CISE_', from);
    if (at < 0 || at > maxOffset) return null;
    const before = at === 0 ? 32 : line.charCodeAt(at - 1);
    if (before === 32 || before === 9) {
      const header = headerAt(line, at);
      if (header !== null) return header;
    }
    from = at + PREFIX_LENGTH;
  }
}

/** The header whose `CISE_` is at `at`, or null when the fields after it do not follow the pattern. */
function headerAt(line: string, at: number): IseHeader | null {
  const categoryStart = at + PREFIX_LENGTH;
  const known = commonCategoryAt(line, categoryStart);
  let pos = categoryStart;
  if (known !== null) pos += known.length;
  else while (isCategoryChar(line.charCodeAt(pos))) pos++;
  const categoryEnd = pos;
  if (categoryEnd === categoryStart || categoryEnd - categoryStart > MAX_CATEGORY || line.charCodeAt(pos) !== 32) return null;
  const idStart = ++pos;
  pos = digitRunEnd(line, pos);
  const idEnd = pos;
  if (idEnd === idStart || idEnd - idStart > MAX_MESSAGE_ID || line.charCodeAt(pos) !== 32) return null;
  const totalStart = ++pos;
  pos = digitRunEnd(line, pos);
  const totalEnd = pos;
  if (totalEnd === totalStart || totalEnd - totalStart > MAX_SEGMENT_DIGITS || line.charCodeAt(pos) !== 32) return null;
  const segStart = ++pos;
  pos = digitRunEnd(line, pos);
  const segEnd = pos;
  if (segEnd === segStart || segEnd - segStart > MAX_SEGMENT_DIGITS) return null;
  if (pos < line.length) {
    if (line.charCodeAt(pos) !== 32) return null;
    while (line.charCodeAt(pos) === 32) pos++;
  }
  return {
    host: hostBefore(line, at),
    category: known ?? line.slice(categoryStart, categoryEnd),
    messageId: line.slice(idStart, idEnd),
    totalSegments: digitsValue(line, totalStart, totalEnd),
    segmentNumber: digitsValue(line, segStart, segEnd),
    bodyStart: pos,
  };
}

/** The common category spelled at `from` and followed by a space (where the character loop would stop), or null. */
function commonCategoryAt(line: string, from: number): string | null {
  for (let i = 0; i < COMMON_CATEGORIES.length; i++) {
    const category = COMMON_CATEGORIES[i]!;
    if (line.charCodeAt(from + category.length) === 32 && line.startsWith(category, from)) return category;
  }
  return null;
}

function isCategoryChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** `hh:mm:ss` exactly. */
function isClock(line: string, from: number, to: number): boolean {
  if (to - from !== 8 || line.charCodeAt(from + 2) !== 58 || line.charCodeAt(from + 5) !== 58) return false;
  return (
    isDigit(line.charCodeAt(from)) && isDigit(line.charCodeAt(from + 1)) && isDigit(line.charCodeAt(from + 3)) &&
    isDigit(line.charCodeAt(from + 4)) && isDigit(line.charCodeAt(from + 6)) && isDigit(line.charCodeAt(from + 7))
  );
}

/** The whitespace-delimited token ending just before `at`. */
function hostBefore(line: string, at: number): string | null {
  let end = at;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isBlank(line.charCodeAt(start - 1))) start--;
  // `Aug  7 00:00:20 CISE_…`: the sender wrote no host name.
  if (start === end || isClock(line, start, end) || line.charCodeAt(start) === 60) return null;
  return line.slice(start, end);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
