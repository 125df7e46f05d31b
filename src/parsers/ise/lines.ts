/** Cheap checks on one physical line, made before any ISE parsing. */

// C0 controls except tab (and a CR that a CRLF splitter left behind, stripped earlier).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// Starts of lines that begin a new syslog message and so can never continue the previous one.
const SYSLOG_START = /^(?:<[0-9]{1,3}>|[A-Z][a-z]{2} {1,2}[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} |[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})/;

export function stripCarriageReturn(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** NUL and other control bytes: what binary data looks like once decoded. */
export function hasControlChars(line: string): boolean {
  return CONTROL.test(line);
}

/** U+FFFD: bytes that were not valid UTF-8. */
export function hasReplacementChars(line: string): boolean {
  return line.indexOf('\uFFFD') >= 0;
}

export function looksLikeSyslogStart(line: string): boolean {
  return SYSLOG_START.test(line);
}

export function isBlankLine(line: string): boolean {
  return line.trim().length === 0;
}

/** A value with an embedded newline is logged as `\` at the end of the physical line. */
export function endsWithBackslash(line: string): boolean {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 92;
}
