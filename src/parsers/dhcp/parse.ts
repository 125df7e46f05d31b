/**
 * parseDhcpLine: one syslog line from an ISC dhcpd / Infoblox NIOS server → a DhcpRecord or a reason.
 * Never throws: every line ends as a record or as a ParseFailure carrying the raw line and its LineRef.
 */
import type { DhcpRecord, LineRef, ParseContext, ParseFailure, ParseFailureReason, ParseResult } from '../types.js';
import { checkLine, DEFAULT_PARSER_LIMITS, resolveParserLimits, type ParserLimits } from '../normalize/line.js';
import { parseSyslogHeader } from '../syslog.js';
import { BrokenBody, clip } from './cursor.js';
import type { HeaderFacts } from './draft.js';
import { LEASE_EVENT_PREFIX, parseLeaseEvent } from './lease-event.js';
import { isDhcpMessageKeyword, parseMessage } from './messages.js';

const DHCP_PROGRAM = 'dhcpd';

function fail(reason: ParseFailureReason, detail: string, line: string, ref: LineRef): ParseFailure {
  return { ok: false, reason, detail, raw: [line], lines: [ref] };
}

/** The program tag (`dhcpd[7024]:`) and the text after it; Infoblox may put one extra IP token before the tag. */
function splitProgram(rest: string): { program: string; body: string } | null {
  let start = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    let end = rest.indexOf(' ', start);
    if (end < 0) end = rest.length;
    const token = rest.slice(start, end);
    if (token.length > 1 && token.endsWith(':')) {
      const bracket = token.indexOf('[');
      const program = token.slice(0, bracket < 0 ? -1 : bracket);
      return { program, body: rest.slice(end).trim() };
    }
    start = end + 1;
    while (rest.charCodeAt(start) === 32) start++;
  }
  return null;
}

/** The keyword and body of a dhcpd message, parsed; or the reason it is not a DHCP record. */
function parseBody(body: string, header: HeaderFacts): DhcpRecord | { reason: ParseFailureReason; detail: string } {
  if (body.startsWith(LEASE_EVENT_PREFIX)) return parseLeaseEvent(body, header);
  let end = body.indexOf(' ');
  if (end < 0) end = body.length;
  const keyword = body.slice(0, end);
  if (isDhcpMessageKeyword(keyword)) return parseMessage(keyword, body.slice(end), header);
  if (keyword === 'Option' && body.startsWith('Option 82:')) {
    return { reason: 'not_dhcp', detail: 'Option 82 relay-agent information line (no lease event)' };
  }
  return { reason: 'unknown_dhcp_message', detail: `unknown dhcpd message '${clip(keyword, 40)}'` };
}

function parseChecked(line: string, ref: LineRef, ctx: ParseContext): ParseResult<DhcpRecord> {
  const header = parseSyslogHeader(line, ctx);
  if (header === null) return fail('unparseable_header', `no syslog header at '${clip(line, 40)}'`, line, ref);
  const tagged = splitProgram(header.rest);
  if (tagged === null) return fail('not_dhcp', 'no program tag after the syslog header', line, ref);
  if (tagged.program !== DHCP_PROGRAM) {
    const why = tagged.program === 'dhcpdv6' ? ' (DHCPv6 is not supported yet)' : '';
    return fail('not_dhcp', `program '${clip(tagged.program, 40)}' is not ${DHCP_PROGRAM}${why}`, line, ref);
  }
  if (header.time === null) return fail('unparseable_timestamp', `impossible syslog clock in '${clip(line, 40)}'`, line, ref);

  let parsed: ReturnType<typeof parseBody>;
  try {
    parsed = parseBody(tagged.body, { eventTime: header.time, serverHost: header.host });
  } catch (error) {
    if (!(error instanceof BrokenBody)) throw error;
    return fail('unparseable_dhcp_message', `${clip(tagged.body, 40)}: ${error.message}`, line, ref);
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
