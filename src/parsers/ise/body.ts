/**
 * The body of a message's first segment:
 * `2014-08-07 00:00:20.554 -07:00 0098650319 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, attrs…`
 * (timestamp with 3 or 6 fraction digits and an offset, sequence, message code, severity, class, text).
 * Continuation segments have none of this: their body is attribute pairs only.
 */
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

// Timestamp: offset optional here so that a missing offset is reported as a timestamp problem, not a body problem.
// Two spaces may precede the class (`80002 INFO  Profiler:`). Bounded quantifiers: no backtracking blow-up.
const BODY_AT =
  /([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?: ?[+-][0-9]{2}:?[0-9]{2})?) +([0-9]{1,20}) +([0-9]{1,9}) +([A-Za-z]{1,16})(?: +|$)/y;
const MAX_CLASS_LENGTH = 64;

export function parseFirstSegmentBody(line: string, start: number): IseFirstSegmentBody | null {
  BODY_AT.lastIndex = start;
  const m = BODY_AT.exec(line);
  if (m === null) return null;
  const headStart = BODY_AT.lastIndex;
  const headEnd = findTextEnd(line, headStart);
  const head = line.slice(headStart, headEnd);

  let messageClass = '';
  let messageText = head.trim();
  const colon = head.indexOf(':');
  if (colon > 0 && colon <= MAX_CLASS_LENGTH && head.lastIndexOf(' ', colon) < 0 && (colon + 1 === head.length || head.charCodeAt(colon + 1) === 32)) {
    messageClass = head.slice(0, colon);
    messageText = head.slice(colon + 1).trim();
  }
  return {
    timestampText: m[1] as string,
    sequence: m[2] as string,
    messageCode: Number(m[3]),
    severity: m[4] as string,
    messageClass,
    messageText,
    attributesStart: headEnd < line.length ? headEnd + 1 : line.length,
  };
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
