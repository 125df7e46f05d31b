/**
 * Readers for the fields dhcpd prints: the client address, the hardware address (which ISC replaces with the
 * client-id or `<no identifier>` when the packet has none), the host name, and the Infoblox extras after `via`.
 */
import { normalizeIp, normalizeMac, isMacLike } from '../normalize/index.js';
import { BodyCursor, BrokenBody, clip } from './cursor.js';
import type { DhcpRecord } from '../types.js';

/** An IPv4/IPv6 address; `0.0.0.0` (ciaddr unset) reads as null, anything else malformed breaks the body. */
export function readIp(cursor: BodyCursor, what: string): string | null {
  const token = cursor.take(what);
  const ip = normalizeIp(token);
  if (ip === null && token !== '0.0.0.0' && token !== '::') throw new BrokenBody(`${what} '${clip(token)}' is not an IP address`);
  return ip;
}

/** Colon-separated hex of at least `minOctets` octets: a client-id printed where the MAC would be. */
function isLongColonHex(token: string, minOctets: number): boolean {
  const parts = token.split(':');
  if (parts.length < minOctets) return false;
  return parts.every((p) => p.length >= 1 && p.length <= 2 && /^[0-9a-fA-F]+$/.test(p));
}

/**
 * The client's hardware address into `draft.mac`. `00:00:00:00:00:00` and `<no identifier>` give null;
 * a client-id printed in its place (7+ octets) gives null and, when no `uid` follows, the client-id.
 * 1–5 octets or non-hex is a broken (usually truncated) line.
 */
export function readHardware(cursor: BodyCursor, draft: DhcpRecord): void {
  const token = cursor.take('hardware address');
  if (token === '<no') {
    cursor.expect('identifier>');
    return;
  }
  const mac = normalizeMac(token);
  if (mac !== null || isMacLike(token)) {
    draft.mac = mac;
    return;
  }
  if (isLongColonHex(token, 7)) {
    draft.clientId ??= lowerCase(token);
    return;
  }
  throw new BrokenBody(`hardware address '${clip(token)}' is not a MAC`);
}

/** Optional `(hostname)` after the MAC; `()` reads as null. */
export function readHostname(cursor: BodyCursor, draft: DhcpRecord): void {
  const name = cursor.paren('host name');
  if (name !== undefined) draft.hostname = name === '' ? null : name;
}

/** `via <iface|giaddr>`: required unless the message was cut short by a failure suffix. */
export function readVia(cursor: BodyCursor, draft: DhcpRecord, required: boolean): void {
  if (cursor.accept('via')) {
    draft.via = interfaceOrIp(cursor.take('interface or relay after via'));
  } else if (required && cursor.failure === null) {
    throw new BrokenBody("expected 'via'");
  }
}

function interfaceOrIp(token: string): string {
  return normalizeIp(token) ?? token;
}

const ASCII_UPPER = /[A-Z]/;

/**
 * Lower-cased text, without a new string when it already is (dhcpd prints hex in lower case). Only an ASCII
 * capital triggers the change, as before; the native regex test measured ~2x faster than a charCodeAt loop.
 */
function lowerCase(token: string): string {
  return ASCII_UPPER.test(token) ? token.toLowerCase() : token;
}

/** Lease times are whole seconds; anything else means a mangled line. */
function seconds(token: string, what: string): number {
  let value = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57 || i >= 10) throw new BrokenBody(`${what} '${clip(token)}' is not a number of seconds`);
    value = value * 10 + (code - 48);
  }
  return value;
}

/** A lease time read in place; a token that is not plain digits is taken and reported by `seconds`. */
function readSeconds(cursor: BodyCursor, what: string): number {
  const value = cursor.digits();
  return value >= 0 ? value : seconds(cursor.take(what), what);
}

/**
 * The Infoblox extras, in any order: `relay X`, `lease-duration N`, `offered-duration N`, `TransID H`, `uid ID`,
 * `(RENEW)`, `(found)` / `(not found)`. Unknown tokens are skipped so that a new NIOS keyword does not lose the lease.
 * Dispatch on the first character, then match the keyword in place.
 */
export function readExtras(cursor: BodyCursor, draft: DhcpRecord): void {
  for (;;) {
    const code = cursor.peekCode();
    if (Number.isNaN(code)) return;
    if (code === 40) {
      // '(': a whole `(RENEW)` token matched in place; any other group (or `(RENEW):…`) cut out as before
      if (cursor.acceptWhole('(RENEW)')) {
        draft.renew = true;
        continue;
      }
      const group = cursor.paren('flag')!;
      if (group === 'RENEW') draft.renew = true;
      else if (group === 'not found') draft.failure ??= 'not found';
    } else if (code === 114 && cursor.accept('relay')) {
      draft.relay = interfaceOrIp(cursor.take('relay'));
    } else if (code === 108 && cursor.accept('lease-duration')) {
      draft.leaseSeconds = readSeconds(cursor, 'lease-duration');
    } else if (code === 111 && cursor.accept('offered-duration')) {
      draft.offeredSeconds = readSeconds(cursor, 'offered-duration');
    } else if (code === 84 && cursor.accept('TransID')) {
      draft.transId = cursor.take('TransID');
    } else if (code === 117 && cursor.accept('uid')) {
      draft.clientId = lowerCase(cursor.take('uid'));
    } else {
      cursor.next();
    }
  }
}
