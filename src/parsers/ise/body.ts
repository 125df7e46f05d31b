/**
 * The body of a message's first segment:
 * `2014-08-07 00:00:20.554 -07:00 0098650319 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, attrs…`
 * (timestamp with 3 or 6 fraction digits and an offset, sequence, message code, severity, class, text).
 * Continuation segments have none of this: their body is attribute pairs only.
 */
import { digitRunEnd, digitsValue, isDigit } from '../char-scan.js';

export interface IseFirstSegmentBody {
  /** `2014-08-07 00:00:20.554 -07:00` as logged; the time normaliser turns it into epoch ms. */
  timestampText: string;
  sequence: string;
  messageCode: number;
  severity: string;
  /** `Radius-Accounting` (without the colon); empty when the text has no `Class:` prefix. */
  messageClass: string;
  messageText: string;
  /** Index where the attribute list begins (after the text's separating comma), or the text's length. */
  attributesStart: number;
}

// Scanned by hand (a regex match cost an array and five strings per message), following the documented pattern
// `(TIMESTAMP) +([0-9]{1,20}) +([0-9]{1,9}) +([A-Za-z]{1,16})(?: +|$)` with TIMESTAMP
// `[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?: ?[+-][0-9]{2}:?[0-9]{2})?`.
// The offset is optional here so that a missing offset is reported as a timestamp problem, not a body problem.
// Two spaces may precede the class (`80002 INFO  Profiler:`).
const MAX_CLASS_LENGTH = 64;
const MAX_FRACTION_DIGITS = 9;
const MAX_SEQUENCE_DIGITS = 20;
const MAX_CODE_DIGITS = 9;
const MAX_SEVERITY_LENGTH = 16;
const SPACE = 32;

export function parseFirstSegmentBody(line: string, start: number): IseFirstSegmentBody | null {
  const timestampEnd = scanTimestamp(line, start);
  if (timestampEnd < 0) return null;
  const sequenceStart = skipSpaces(line, timestampEnd);
  if (sequenceStart === timestampEnd) return null;
  const sequenceEnd = digitRunEnd(line, sequenceStart);
  if (sequenceEnd === sequenceStart || sequenceEnd - sequenceStart > MAX_SEQUENCE_DIGITS) return null;
  const codeStart = skipSpaces(line, sequenceEnd);
  if (codeStart === sequenceEnd) return null;
  const codeEnd = digitRunEnd(line, codeStart);
  if (codeEnd === codeStart || codeEnd - codeStart > MAX_CODE_DIGITS) return null;
  const severityStart = skipSpaces(line, codeEnd);
  if (severityStart === codeEnd) return null;
  let severityEnd = severityStart;
  while (isLetter(line.charCodeAt(severityEnd))) severityEnd++;
  if (severityEnd === severityStart || severityEnd - severityStart > MAX_SEVERITY_LENGTH) return null;
  if (severityEnd < line.length && line.charCodeAt(severityEnd) !== SPACE) return null;
  const headStart = skipSpaces(line, severityEnd);
  const timestampText = line.slice(start, timestampEnd);
  const sequence = line.slice(sequenceStart, sequenceEnd);
  const messageCode = digitsValue(line, codeStart, codeEnd);
  const severity = line.slice(severityStart, severityEnd);
  const headEnd = findTextEnd(line, headStart);

  // `Class: text` read in place in the line: slicing the head first and then its parts made two strings more.
  let messageClass = '';
  let textStart = headStart;
  const colon = line.indexOf(':', headStart);
  if (
    colon > headStart && colon < headEnd && colon - headStart <= MAX_CLASS_LENGTH && !hasSpace(line, headStart, colon) &&
    (colon + 1 === headEnd || line.charCodeAt(colon + 1) === SPACE)
  ) {
    messageClass = line.slice(headStart, colon);
    textStart = colon + 1;
  }
  // Leading spaces skipped here so that trim (still the judge of other whitespace) usually has nothing to cut.
  textStart = skipSpaces(line, textStart);
  const messageText = textStart >= headEnd ? '' : line.slice(textStart, headEnd).trim();
  return {
    timestampText,
    sequence,
    messageCode,
    severity,
    messageClass,
    messageText,
    attributesStart: headEnd < line.length ? headEnd + 1 : line.length,
  };
}

/**
 * End of the timestamp starting at `pos`, or -1. Each optional part is decided by its first character (`.` for
 * the fraction, a sign after at most one space for the offset), so the first reading is the only one the pattern allows.
 */
function scanTimestamp(line: string, pos: number): number {
  if (
    !(digitsAt(line, pos, 4) && line.charCodeAt(pos + 4) === 45 && digitsAt(line, pos + 5, 2) && line.charCodeAt(pos + 7) === 45 &&
      digitsAt(line, pos + 8, 2) && line.charCodeAt(pos + 10) === SPACE && digitsAt(line, pos + 11, 2) && line.charCodeAt(pos + 13) === 58 &&
      digitsAt(line, pos + 14, 2) && line.charCodeAt(pos + 16) === 58 && digitsAt(line, pos + 17, 2))
  ) {
    return -1;
  }
  let end = pos + 19;
  if (line.charCodeAt(end) === 46) {
    const fractionEnd = digitRunEnd(line, end + 1);
    const digits = fractionEnd - end - 1;
    if (digits < 1 || digits > MAX_FRACTION_DIGITS) return -1;
    end = fractionEnd;
  }
  const sign = line.charCodeAt(line.charCodeAt(end) === SPACE ? end + 1 : end);
  if (sign === 43 || sign === 45) {
    // `+hh:mm` or `+hhmm`; anything else after a sign matches no reading of the pattern.
    let at = line.charCodeAt(end) === SPACE ? end + 2 : end + 1;
    if (!digitsAt(line, at, 2)) return -1;
    at += 2;
    if (line.charCodeAt(at) === 58) at++;
    if (!digitsAt(line, at, 2)) return -1;
    end = at + 2;
  }
  return end;
}

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** True when `count` decimal digits start at `pos`. */
function digitsAt(line: string, pos: number, count: number): boolean {
  for (let i = pos; i < pos + count; i++) if (!isDigit(line.charCodeAt(i))) return false;
  return true;
}

/** True when line[from, to) contains a space. */
function hasSpace(line: string, from: number, to: number): boolean {
  const at = line.indexOf(' ', from);
  return at >= 0 && at < to;
}

function skipSpaces(line: string, from: number): number {
  let pos = from;
  while (line.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/** The text runs to the first unescaped `,` followed by a space, a newline or the end. */
function findTextEnd(line: string, from: number): number {
  let i = from;
  for (;;) {
    const c = line.indexOf(',', i);
    if (c < 0) return line.length;
    const next = c + 1 < line.length ? line.charCodeAt(c + 1) : -1;
    if ((next === -1 || next === 32 || next === 10) && line.charCodeAt(c - 1) !== 92) return c;
    i = c + 1;
  }
}
