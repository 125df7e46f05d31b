/**
 * MAC address normalisation. Every source spells MACs differently (ISE `3C:97:0E:C3:F8:F1`, `92-09-00-00-00-01`,
 * Cisco IOS `f05e.0cb2.35bf`, MAB user names `bc305be6d215`, dhcpd `00:50:56:83:6c:a0`); the lake stores one
 * spelling: `aa:bb:cc:dd:ee:ff`, lower case. Hand-written scanners, no regex: this runs once per DHCP line.
 */

const HEX_DIGITS = '0123456789abcdef';

/** Value of a hex digit char code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f
  return -1;
}

/**
 * Splits colon- or dash-separated hex octets (`01:00:50:56:83:6c:a0`) into bytes.
 * Each octet is one or two hex digits (some tools drop the leading zero); one separator kind per string.
 */
function parseSeparatedOctets(text: string, maxOctets: number): number[] | null {
  let sepCode = -1;
  for (let i = 0; i < text.length && sepCode < 0; i++) {
    const code = text.charCodeAt(i);
    if (code === 58 || code === 45) sepCode = code; // ':' or '-'
  }
  if (sepCode < 0) return null;
  const bytes: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : sepCode;
    if (code === sepCode) {
      if (digits === 0) return null;
      bytes.push(value);
      if (bytes.length > maxOctets) return null;
      value = 0;
      digits = 0;
      continue;
    }
    const v = hexValue(code);
    if (v < 0 || digits === 2) return null;
    value = value * 16 + v;
    digits++;
  }
  return bytes;
}

function renderMac(hex12: string): string {
  return `${hex12.slice(0, 2)}:${hex12.slice(2, 4)}:${hex12.slice(4, 6)}:${hex12.slice(6, 8)}:${hex12.slice(8, 10)}:${hex12.slice(10, 12)}`;
}

function bytesToHex(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

function isLowerHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102);
}

/** True for `aa:bb:cc:dd:ee:ff` exactly (already canonical): lets the hot path return the input unchanged. */
function isCanonical(text: string): boolean {
  if (text.length !== 17) return false;
  for (let i = 0; i < 17; i += 3) {
    if (!isLowerHex(text.charCodeAt(i)) || !isLowerHex(text.charCodeAt(i + 1))) return false;
    if (i < 15 && text.charCodeAt(i + 2) !== 58) return false;
  }
  return true;
}

/** 12 lower-case hex digits of a MAC in any accepted spelling, or null. All-zero is returned (callers decide). */
function macHex(text: string): string | null {
  const s = text.trim();
  const len = s.length;
  if (len < 12 || len > 17) return null;
  if (len === 12) {
    for (let i = 0; i < 12; i++) if (hexValue(s.charCodeAt(i)) < 0) return null;
    return s.toLowerCase();
  }
  if (len === 14) {
    // Cisco dotted: three groups of four hex digits.
    if (s.charCodeAt(4) !== 46 || s.charCodeAt(9) !== 46) return null;
    const hex = s.slice(0, 4) + s.slice(5, 9) + s.slice(10, 14);
    for (let i = 0; i < 12; i++) if (hexValue(hex.charCodeAt(i)) < 0) return null;
    return hex.toLowerCase();
  }
  const bytes = parseSeparatedOctets(s, 6);
  if (bytes === null || bytes.length !== 6) return null;
  return bytesToHex(bytes);
}

/**
 * `AA-BB-CC-DD-EE-FF` / `AA:BB:…` (ISE's spellings) straight to the canonical text, without the byte array and
 * string pieces of the general path; undefined for any other shape (the general path decides).
 */
function sixSeparatedOctets(text: string): string | null | undefined {
  const sep = text.charCodeAt(2);
  if (sep !== 58 && sep !== 45) return undefined;
  let nonZero = false;
  for (let i = 0; i < 17; i += 3) {
    const hi = text.charCodeAt(i);
    const lo = text.charCodeAt(i + 1);
    if (hexValue(hi) < 0 || hexValue(lo) < 0 || (i < 15 && text.charCodeAt(i + 2) !== sep)) return undefined;
    if (hi !== 48 || lo !== 48) nonZero = true;
  }
  if (!nonZero) return null;
  // One string from the char codes (hex digits already checked; `| 0x20` lower-cases A–F and keeps 0–9):
  // replaceAll + toLowerCase measured ~10x slower.
  const at = (i: number): number => text.charCodeAt(i) | 0x20;
  return String.fromCharCode(at(0), at(1), 58, at(3), at(4), 58, at(6), at(7), 58, at(9), at(10), 58, at(12), at(13), 58, at(15), at(16));
}

function isAllZero(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * Canonical `aa:bb:cc:dd:ee:ff` for any MAC spelling; null for anything else, including the all-zero MAC
 * (a placeholder, never a device), 5 or 7 octets, and non-hex. A client-id (`01:` + MAC) is not a MAC:
 * use {@link macFromClientId}.
 */
export function normalizeMac(text: string): string | null {
  if (isCanonical(text)) return text === '00:00:00:00:00:00' ? null : text;
  if (text.length === 17) {
    const fast = sixSeparatedOctets(text);
    if (fast !== undefined) return fast;
  }
  const hex = macHex(text);
  if (hex === null || isAllZero(hex)) return null;
  return renderMac(hex);
}

/** True when the text is spelled like a MAC (any accepted spelling, all-zero included): for MAC-as-user names. */
export function isMacLike(text: string): boolean {
  return macHex(text) !== null;
}

/**
 * The MAC inside a DHCP client-id (option 61) of hardware type 1 (Ethernet): 7 bytes, the first `01`
 * (`01:00:50:56:83:6c:a0` or `0100505683 6ca0` without separators). Other client-ids (DUIDs, strings) → null.
 */
export function macFromClientId(text: string): string | null {
  const s = text.trim();
  let bytes: number[] | null;
  if (s.length === 14) {
    bytes = [];
    for (let i = 0; i < 14; i += 2) {
      const hi = hexValue(s.charCodeAt(i));
      const lo = hexValue(s.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) return null;
      bytes.push(hi * 16 + lo);
    }
  } else {
    bytes = parseSeparatedOctets(s, 7);
  }
  if (bytes === null || bytes.length !== 7 || bytes[0] !== 1) return null;
  const hex = bytesToHex(bytes.slice(1));
  return isAllZero(hex) ? null : renderMac(hex);
}
