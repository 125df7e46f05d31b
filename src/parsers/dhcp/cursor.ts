/**
 * A space-token cursor over a dhcpd message body. ISC appends failures as `<message>: <reason>`, so a token
 * ending in `:` ends the message proper; the cursor keeps the rest of the line as the failure text.
 * Keywords are matched in place (no token string is made for `on`, `to`, `via`, …): this runs on every line.
 */

/** A body that does not follow its message's grammar; parse.ts turns it into `unparseable_dhcp_message`. */
export class BrokenBody extends Error {}

const SPACE = 32;
const COLON = 58;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

export class BodyCursor {
  private text: string;
  private pos: number;
  /** Text after the first `token:`; null until one is seen. */
  failure: string | null = null;

  constructor(text: string, start = 0) {
    this.text = text;
    this.pos = start;
  }

  /** Points the cursor at a new body, so one cursor can serve every line. */
  reset(text: string, start: number): void {
    this.text = text;
    this.pos = start;
    this.failure = null;
  }

  private skipSpaces(): number {
    const text = this.text;
    let pos = this.pos;
    while (text.charCodeAt(pos) === SPACE) pos++;
    this.pos = pos;
    return pos;
  }

  /** Char code starting the next token (NaN at the end or after a failure colon). */
  peekCode(): number {
    return this.failure !== null ? NaN : this.text.charCodeAt(this.skipSpaces());
  }

  /** Next token (without a trailing failure colon), or null at the end of the message proper. */
  next(): string | null {
    if (this.failure !== null) return null;
    const text = this.text;
    const start = this.skipSpaces();
    if (start >= text.length) return null;
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    this.pos = end;
    // `::` ends an IPv6 address, never a message.
    if (end - start > 1 && text.charCodeAt(end - 1) === COLON && text.charCodeAt(end - 2) !== COLON) {
      this.failure = cleanFailure(text.slice(end));
      return text.slice(start, end - 1);
    }
    return text.slice(start, end);
  }

  /** Next token, which the grammar requires. */
  take(what: string): string {
    const token = this.next();
    if (token === null || token === '') throw new BrokenBody(`expected ${what}, found end of message`);
    return token;
  }

  /**
   * The next token as a whole number when it is 1–10 plain digits ending at a space or the end; -1 (nothing
   * consumed) otherwise, so the caller can take the token and report it. Saves a token string on the hot path.
   */
  digits(): number {
    if (this.failure !== null) return -1;
    const text = this.text;
    const start = this.skipSpaces();
    let pos = start;
    let value = 0;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (!(code >= 48 && code <= 57)) break; // also ends at the end of the text (NaN)
      value = value * 10 + (code - 48);
      pos++;
    }
    const after = text.charCodeAt(pos);
    if (pos === start || pos - start > 10 || !(after === SPACE || Number.isNaN(after))) return -1;
    this.pos = pos;
    return value;
  }

  /** Consumes `word` when it is the whole next token (space or end after it); nothing consumed otherwise. */
  acceptWhole(word: string): boolean {
    if (this.failure !== null) return false;
    const text = this.text;
    const start = this.skipSpaces();
    if (!text.startsWith(word, start)) return false;
    const after = text.charCodeAt(start + word.length);
    if (!(after === SPACE || Number.isNaN(after))) return false;
    this.pos = start + word.length;
    return true;
  }

  /** Consumes the keyword when it comes next (also as `keyword:` starting a failure suffix). */
  accept(keyword: string): boolean {
    if (this.failure !== null) return false;
    const text = this.text;
    const start = this.skipSpaces();
    if (!text.startsWith(keyword, start)) return false;
    const after = text.charCodeAt(start + keyword.length);
    if (after === SPACE || Number.isNaN(after)) {
      this.pos = start + keyword.length;
      return true;
    }
    if (after === COLON) return this.next() === keyword;
    return false;
  }

  /** Consumes the keyword or fails. */
  expect(keyword: string): void {
    if (this.accept(keyword)) return;
    const found = this.failure !== null ? null : this.next();
    throw new BrokenBody(`expected '${keyword}', found ${found === null ? 'end of message' : `'${clip(found)}'`}`);
  }

  /**
   * Consumes a `(…)` group (host name, server id, `(not found)`) when one comes next and returns its inner text;
   * undefined when the next token does not open a group. An unclosed group is a truncated line.
   */
  paren(what: string): string | undefined {
    if (this.peekCode() !== OPEN_PAREN) return undefined;
    // One-token group (`(WS-1234)`, the usual host name): its inner text cut straight from the line.
    const text = this.text;
    const start = this.pos;
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    if (end - start >= 2 && text.charCodeAt(end - 1) === CLOSE_PAREN) {
      this.pos = end;
      return text.slice(start + 1, end - 1);
    }
    let group = this.next()!;
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
