/**
 * The RFC 3164 syslog header every source shares: `<PRI>Mmm dd hh:mm:ss host rest`.
 * Seen in the wild: PRI present or not, `Apr  6` (space-padded) and `Mar 7`, host name or IP, and no host at all
 * (`Jul 13 09:08:00 dhcpd[3761]: …`). Whatever follows the host (an extra IP token, a relay's second header,
 * the program tag) stays in `rest` for the source's parser. Scanned by hand: no regex, no backtracking.
 */
import type { ParseContext } from './types.js';
import { monthNumberAt, resolveSyslogClock } from './normalize/time.js';
import { isDigit } from './char-scan.js';

export interface SyslogHeader {
  /** `<PRI>` value (facility·8 + severity), null when absent. */
  pri: number | null;
  /** Header clock as epoch ms in `ctx.timeZone`; null when the clock is impossible (Feb 30). */
  time: number | null;
  /** Sending host, null when the line goes straight from the clock to a program tag. */
  host: string | null;
  /** Everything after the host, leading spaces removed. */
  rest: string;
}

/** The header as offsets into the line: lets a hot loop reuse one object and slice only what it keeps. */
export interface SyslogHeaderScan {
  pri: number | null;
  time: number | null;
  /** Host token bounds; hostStart is -1 when there is no host. */
  hostStart: number;
  hostEnd: number;
  /** Offset of `rest`. */
  restStart: number;
}

export function newHeaderScan(): SyslogHeaderScan {
  return { pri: null, time: null, hostStart: -1, hostEnd: -1, restStart: 0 };
}

function twoDigits(line: string, pos: number): number {
  const a = line.charCodeAt(pos);
  const b = line.charCodeAt(pos + 1);
  return isDigit(a) && isDigit(b) ? (a - 48) * 10 + (b - 48) : -1;
}

/** Fills `out` and returns true when the line starts with a syslog header; false (out undefined) otherwise. */
export function scanSyslogHeader(line: string, ctx: ParseContext, out: SyslogHeaderScan): boolean {
  let pos = 0;
  let pri: number | null = null;
  if (line.charCodeAt(0) === 60) {
    // '<' PRI '>': 1–3 digits, at most 191 (facility 23, severity 7).
    let value = 0;
    pos = 1;
    while (pos < line.length && pos <= 3 && isDigit(line.charCodeAt(pos))) value = value * 10 + (line.charCodeAt(pos++) - 48);
    if (pos === 1 || line.charCodeAt(pos) !== 62 || value > 191) return false;
    pri = value;
    pos++;
  }

  // An unknown month name means this is not a syslog header at all.
  const month = monthNumberAt(line, pos);
  if (month === null) return false;
  pos += 3;
  if (line.charCodeAt(pos) !== 32) return false;
  while (line.charCodeAt(pos) === 32) pos++;
  let day = 0;
  const dayStart = pos;
  while (pos - dayStart < 2 && isDigit(line.charCodeAt(pos))) day = day * 10 + (line.charCodeAt(pos++) - 48);
  if (pos === dayStart || line.charCodeAt(pos) !== 32) return false;
  pos++;
  const hh = twoDigits(line, pos);
  const mm = twoDigits(line, pos + 3);
  const ss = twoDigits(line, pos + 6);
  if (hh < 0 || mm < 0 || ss < 0 || line.charCodeAt(pos + 2) !== 58 || line.charCodeAt(pos + 5) !== 58) return false;
  pos += 8;
  // The clock must end the token.
  const after = line.charCodeAt(pos);
  if (!(after === 32 || Number.isNaN(after))) return false;
  out.pri = pri;
  out.time = resolveSyslogClock(month, day, hh, mm, ss, ctx);

  while (line.charCodeAt(pos) === 32) pos++;
  let end = line.indexOf(' ', pos);
  if (end < 0) end = line.length;
  if (end === pos || line.charCodeAt(end - 1) === 58) {
    // The token after the clock is a program tag (`dhcpd[1]:`): no host.
    out.hostStart = -1;
    out.hostEnd = -1;
    out.restStart = pos;
    return true;
  }
  out.hostStart = pos;
  out.hostEnd = end;
  while (line.charCodeAt(end) === 32) end++;
  out.restStart = end;
  return true;
}

/** Null when the line does not start with a syslog header. */
export function parseSyslogHeader(line: string, ctx: ParseContext): SyslogHeader | null {
  const scan = newHeaderScan();
  if (!scanSyslogHeader(line, ctx, scan)) return null;
  return {
    pri: scan.pri,
    time: scan.time,
    host: scan.hostStart < 0 ? null : line.slice(scan.hostStart, scan.hostEnd),
    rest: line.slice(scan.restStart),
  };
}
