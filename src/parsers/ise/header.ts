/**
 * The ISE remote-syslog header, found by its pattern rather than by token positions:
 * `… <host> CISE_<Category> <msg_id> <total_seg> <seg_num> <body>`.
 * Whatever precedes the host (PRI, the ISE clock, a relay's own header with its own clock) is ignored,
 * because relays add headers and the ISE clock carries neither year nor zone.
 */
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

// Sticky, bounded quantifiers only: no backtracking blow-up whatever the line holds.
const HEADER_AT = /CISE_([A-Za-z0-9_]{1,80}) ([0-9]{1,20}) ([0-9]{1,6}) ([0-9]{1,6})(?: +|$)/y;
const CLOCK = /^[0-9]{2}:[0-9]{2}:[0-9]{2}$/;

/** The header, or null when no `CISE_… id total seg` pattern starts within `maxOffset` characters. */
export function findIseHeader(line: string, maxOffset: number): IseHeader | null {
  let from = 0;
  for (;;) {
    const at = line.indexOf('CISE_', from);
    if (at < 0 || at > maxOffset) return null;
    const before = at === 0 ? 32 : line.charCodeAt(at - 1);
    if (before === 32 || before === 9) {
      HEADER_AT.lastIndex = at;
      const m = HEADER_AT.exec(line);
      if (m !== null) {
        return {
          host: hostBefore(line, at),
          category: m[1] as string,
          messageId: m[2] as string,
          totalSegments: Number(m[3]),
          segmentNumber: Number(m[4]),
          bodyStart: HEADER_AT.lastIndex,
        };
      }
    }
    from = at + 5;
  }
}

/** The whitespace-delimited token ending just before `at`. */
function hostBefore(line: string, at: number): string | null {
  let end = at;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isBlank(line.charCodeAt(start - 1))) start--;
  if (start === end) return null;
  const token = line.slice(start, end);
  // `Aug  7 00:00:20 CISE_…`: the sender wrote no host name.
  if (CLOCK.test(token) || token.startsWith('<')) return null;
  return token;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
