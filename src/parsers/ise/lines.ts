/** Cheap checks on one physical line (binary, empty and over-long lines are the shared `checkLine`'s job). */

// Starts of lines that begin a new syslog message and so can never continue the previous one.
const SYSLOG_START = /^(?:<[0-9]{1,3}>|[A-Z][a-z]{2} {1,2}[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} |[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})/;

export function stripCarriageReturn(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

export function looksLikeSyslogStart(line: string): boolean {
  return SYSLOG_START.test(line);
}

/** A value with an embedded newline is logged as `\` at the end of the physical line. */
export function endsWithBackslash(line: string): boolean {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 92;
}
