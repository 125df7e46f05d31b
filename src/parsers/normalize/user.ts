/**
 * User name normalisation. Attribution must name people only, so every name is classified:
 * `DOMAIN\user` / `user@domain` → person; `host/pc.example.com` or `DOMAIN\PC$` → machine; MAC-shaped
 * names (MAB) → mac; `anonymous` (EAP outer identity) → anonymous; `#CTSREQUEST#`, `INVALID`, `(none)` → placeholder.
 */
import type { NormalizedUser } from '../types.js';
import { isMacLike, normalizeMac } from './mac.js';

/** Longer than any real account name: such values are junk, not users. */
const MAX_USER_LENGTH = 512;

const BACKSLASH = 92;
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;

/** Values ISE and NADs log when there is no user (compared lower-case). */
const PLACEHOLDERS = new Set(['', 'invalid', '(none)', 'none', 'unknown', 'null', 'n/a', '-', '--']);

/**
 * Removes syslog/relay escaping: `\\` → `\` (`CISCO\\sahota` in the Fortscale sample) and `\,` `\;` `\=` → the character.
 */
function unescape(text: string): string {
  let bs = text.indexOf('\\');
  if (bs < 0) return text;
  // Unescaped runs are copied whole (indexOf to the next backslash), not a character at a time.
  let out = '';
  let from = 0;
  while (bs >= 0) {
    const next = text.charCodeAt(bs + 1);
    let resume = bs + 1;
    if (next === BACKSLASH) {
      out += text.slice(from, bs);
      const after = text.charCodeAt(bs + 2);
      // A doubled escape before a separator (`\\,`) is one escaped separator.
      if (after === COMMA || after === SEMICOLON) {
        out += text[bs + 2];
        from = resume = bs + 3;
      } else {
        out += '\\';
        from = resume = bs + 2;
      }
    } else if (next === COMMA || next === SEMICOLON || next === EQUALS) {
      out += text.slice(from, bs);
      from = bs + 1;
      resume = bs + 2;
    }
    bs = text.indexOf('\\', resume);
  }
  return out + text.slice(from);
}

function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127 || code === 0xfffd) return true;
  }
  return false;
}

function make(raw: string, key: string, domain: string | null, kind: NormalizedUser['kind']): NormalizedUser {
  return { raw, key, domain, kind, isPerson: kind === 'person' };
}

/**
 * Classifies a logged user name. Returns null only for values that cannot be a name at all
 * (control characters, replacement characters from bad UTF-8, absurd length); "no user" values come back
 * as kind `placeholder` so callers can tell "no user logged" from "garbage".
 */
export function normalizeUser(text: string): NormalizedUser | null {
  if (text.length > MAX_USER_LENGTH) return null;
  const raw = unescape(text.trim());
  if (hasControlChars(raw)) return null;
  const lower = raw.toLowerCase();

  if (PLACEHOLDERS.has(lower) || (raw.length >= 2 && raw.startsWith('#') && raw.endsWith('#'))) {
    return make(raw, lower, null, 'placeholder');
  }
  if (isMacLike(raw)) {
    // MAB: the "user" is the device; the key is the canonical MAC (all-zero keeps its digits).
    return make(raw, normalizeMac(raw) ?? '00:00:00:00:00:00', null, 'mac');
  }
  if (lower.startsWith('host/')) {
    // Machine authentication: host/pc.example.com → key `pc`, domain `example.com`.
    const fqdn = raw.slice(5);
    const dot = fqdn.indexOf('.');
    const host = dot < 0 ? fqdn : fqdn.slice(0, dot);
    return make(raw, host.toLowerCase(), dot < 0 ? null : fqdn.slice(dot + 1), 'machine');
  }

  let account = raw;
  let domain: string | null = null;
  const backslash = raw.lastIndexOf('\\');
  const at = raw.lastIndexOf('@');
  if (backslash >= 0) {
    domain = raw.slice(0, raw.indexOf('\\')).replace(/\\+$/, '') || null;
    account = raw.slice(backslash + 1);
  } else if (at > 0) {
    account = raw.slice(0, at);
    domain = raw.slice(at + 1) || null;
  }
  const key = account.toLowerCase();

  if (key === 'anonymous') return make(raw, key, domain, 'anonymous');
  if (key === '' || PLACEHOLDERS.has(key)) return make(raw, key, domain, 'placeholder');
  // AD computer accounts end in `$` (`CORP\PC01$`).
  if (key.endsWith('$')) return make(raw, key.slice(0, -1), domain, 'machine');
  return make(raw, key, domain, 'person');
}
