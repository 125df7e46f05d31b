/**
 * parseDhcpLine: one syslog line from an ISC dhcpd / Infoblox NIOS server → a DhcpRecord or a reason.
 * Never throws: every line ends as a record or as a ParseFailure carrying the raw line and its LineRef.
 */
import type { DhcpRecord, LineRef, ParseContext, ParseFailure, ParseFailureReason, ParseResult } from '../types.js';
import { checkLine, DEFAULT_PARSER_LIMITS, resolveParserLimits, type ParserLimits } from '../normalize/line.js';
import { newHeaderScan, scanSyslogHeader } from '../syslog.js';
import { BrokenBody, clip } from './cursor.js';
import type { HeaderFacts } from './draft.js';
import { LEASE_EVENT_PREFIX, parseLeaseEvent } from './lease-event.js';
import { findMessageKeyword, parseMessage } from './messages.js';

const DHCP_PROGRAM = 'dhcpd';

function fail(reason: ParseFailureReason, detail: string, line: string, ref: LineRef): ParseFailure {
  return { ok: false, reason, detail, raw: [line], lines: [ref] };
}

/** End of the token starting at `start` (the next space or the end of the line). */
function tokenEnd(line: string, start: number): number {
  const end = line.indexOf(' ', start);
  return end < 0 ? line.length : end;
}

/**
 * Offset of the program tag (`dhcpd[7024]:`, the first token ending in `:`) at or after `from`, or -1.
 * Infoblox may put one extra IP token before it, so the tag is the first or second token.
 */
function findProgramTag(line: string, from: number): number {
  let start = from;
  for (let attempt = 0; attempt < 2; attempt++) {
    const end = tokenEnd(line, start);
    if (end - start > 1 && line.charCodeAt(end - 1) === 58) return start;
    start = end + 1;
    while (line.charCodeAt(start) === 32) start++;
  }
  return -1;
}

/** True when the tag names dhcpd (`dhcpd[pid]:` or `dhcpd:`), checked in place. */
function isDhcpdTag(line: string, tagStart: number, tagEnd: number): boolean {
  if (!line.startsWith(DHCP_PROGRAM, tagStart)) return false;
  const after = line.charCodeAt(tagStart + DHCP_PROGRAM.length);
  return after === 91 || (after === 58 && tagEnd === tagStart + DHCP_PROGRAM.length + 1); // '[' or ':'
}

function programName(line: string, tagStart: number, tagEnd: number): string {
  const token = line.slice(tagStart, tagEnd - 1);
  const bracket = token.indexOf('[');
  return bracket < 0 ? token : token.slice(0, bracket);
}

/** The dhcpd message starting at `start` of the line, parsed; or the reason it is not a DHCP record. */
function parseBody(body: string, start: number, header: HeaderFacts): DhcpRecord | { reason: ParseFailureReason; detail: string } {
  while (body.charCodeAt(start) === 32) start++;
  if (body.startsWith(LEASE_EVENT_PREFIX, start)) return parseLeaseEvent(body.slice(start), header);
  const end = tokenEnd(body, start);
  const keyword = findMessageKeyword(body, start, end);
  if (keyword >= 0) return parseMessage(keyword, body, end, header);
  if (body.startsWith('Option 82:', start)) {
    return { reason: 'not_dhcp', detail: 'Option 82 relay-agent information line (no lease event)' };
  }
  return { reason: 'unknown_dhcp_message', detail: `unknown dhcpd message '${clip(body.slice(start, end), 40)}'` };
}

/** Reused across lines: the parser is synchronous, so one scratch header is enough. */
const header = newHeaderScan();
/** Reused likewise: the grammars copy its two fields into the record they make. */
const facts: HeaderFacts = { eventTime: 0, serverHost: null };

function parseChecked(line: string, ref: LineRef, ctx: ParseContext): ParseResult<DhcpRecord> {
  if (!scanSyslogHeader(line, ctx, header)) return fail('unparseable_header', `no syslog header at '${clip(line, 40)}'`, line, ref);
  const tagStart = findProgramTag(line, header.restStart);
  if (tagStart < 0) return fail('not_dhcp', 'no program tag after the syslog header', line, ref);
  const tagEnd = tokenEnd(line, tagStart);
  if (!isDhcpdTag(line, tagStart, tagEnd)) {
    const program = programName(line, tagStart, tagEnd);
    const why = program === 'dhcpdv6' ? ' (DHCPv6 is not supported yet)' : '';
    return fail('not_dhcp', `program '${clip(program, 40)}' is not ${DHCP_PROGRAM}${why}`, line, ref);
  }
  if (header.time === null) return fail('unparseable_timestamp', `impossible syslog clock in '${clip(line, 40)}'`, line, ref);

  let parsed: ReturnType<typeof parseBody>;
  try {
    facts.eventTime = header.time;
    facts.serverHost = header.hostStart < 0 ? null : line.slice(header.hostStart, header.hostEnd);
    parsed = parseBody(line, tagEnd, facts);
  } catch (error) {
    if (!(error instanceof BrokenBody)) throw error;
    return fail('unparseable_dhcp_message', `${clip(line.slice(tagEnd).trim(), 40)}: ${error.message}`, line, ref);
  }
  if ('reason' in parsed) return fail(parsed.reason, parsed.detail, line, ref);
  return { ok: true, record: parsed, lines: [ref] };
}

/**
 * Parses one DHCP syslog line. `limits` should be resolved once (see createDhcpParser), not per line.
 */
export function parseDhcpLine(line: string, ref: LineRef, ctx: ParseContext, limits: ParserLimits = DEFAULT_PARSER_LIMITS): ParseResult<DhcpRecord> {
  try {
    const problem = checkLine(line, limits);
    if (problem !== null) return fail(problem.reason, problem.detail, line, ref);
    return parseChecked(line, ref, ctx);
  } catch (error) {
    // A bug, not a bad line; still a reason rather than a crash of the whole ETL batch.
    const message = error instanceof Error ? error.message : String(error);
    return fail('unparseable_dhcp_message', `dhcp parser internal error: ${message}`, line, ref);
  }
}

export type DhcpLineParser = (line: string, ref: LineRef, ctx: ParseContext) => ParseResult<DhcpRecord>;

/** A parser with its limits resolved once (throws on invalid limits, at construction only). */
export function createDhcpParser(overrides?: Partial<ParserLimits>): DhcpLineParser {
  const limits = resolveParserLimits(overrides);
  return (line, ref, ctx) => parseDhcpLine(line, ref, ctx, limits);
}
