/**
 * A space-token cursor over a dhcpd message body. ISC appends failures as `<message>: <reason>`, so a token
 * ending in `:` ends the message proper; the cursor keeps the rest of the line as the failure text.
 */

/** A body that does not follow its message's grammar; parse.ts turns it into `unparseable_dhcp_message`. */
export class BrokenBody extends Error {}

export class BodyCursor {
  private pos = 0;
  /** Text after the first `token:`; null until one is seen. */
  failure: string | null = null;

  constructor(private readonly text: string) {}

  /** Next token (without a trailing failure colon), or null at the end of the message proper. */
  next(): string | null {
    if (this.failure !== null) return null;
    const text = this.text;
    while (text.charCodeAt(this.pos) === 32) this.pos++;
    if (this.pos >= text.length) return null;
    let end = text.indexOf(' ', this.pos);
    if (end < 0) end = text.length;
    let token = text.slice(this.pos, end);
    this.pos = end;
    // `::` ends an IPv6 address, never a message.
    if (token.length > 1 && token.endsWith(':') && !token.endsWith('::')) {
      token = token.slice(0, -1);
      this.failure = cleanFailure(text.slice(end));
    }
    return token;
  }

  /** Next token, which the grammar requires. */
  take(what: string): string {
    const token = this.next();
    if (token === null || token === '') throw new BrokenBody(`expected ${what}, found end of message`);
    return token;
  }

  /** Consumes the keyword or fails. */
  expect(keyword: string): void {
    const token = this.next();
    if (token !== keyword) throw new BrokenBody(`expected '${keyword}', found ${token === null ? 'end of message' : `'${clip(token)}'`}`);
  }

  /** Consumes the keyword when it comes next. */
  accept(keyword: string): boolean {
    const pos = this.pos;
    const failure = this.failure;
    if (this.next() === keyword) return true;
    this.pos = pos;
    this.failure = failure;
    return false;
  }

  /**
   * Consumes a `(…)` group (host name, server id, `(not found)`) when one comes next and returns its inner text;
   * undefined when the next token does not open a group. An unclosed group is a truncated line.
   */
  paren(what: string): string | undefined {
    // Peek without a token allocation: groups start with '('.
    let pos = this.pos;
    while (this.text.charCodeAt(pos) === 32) pos++;
    if (this.failure !== null || this.text.charCodeAt(pos) !== 40) return undefined;
    const first = this.next()!;
    let group = first;
    while (!group.endsWith(')')) {
      // A failure colon inside the group (or the end) means the closing ')' never came.
      if (this.failure !== null) throw new BrokenBody(`unclosed ${what} '${clip(group)}'`);
      const token = this.next();
      if (token === null) throw new BrokenBody(`unclosed ${what} '${clip(group)}'`);
      group += ` ${token}`;
    }
    return group.slice(1, -1);
  }
}

/** Failure text as logged, minus padding and relay artefacts (a literal `\n`, `#015`). */
function cleanFailure(text: string): string | null {
  let s = text.trim();
  for (const artefact of ['\\n', '\\r', '#015']) if (s.endsWith(artefact)) s = s.slice(0, -artefact.length).trimEnd();
  return s === '' ? null : s;
}

/** Keeps error details short when a line is huge. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
