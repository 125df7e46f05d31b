/**
 * IP address normalisation: one text per address so that equality and range scans on the lake work.
 * IPv4 is dotted decimal without leading zeros (`010.1.1.1` is ambiguous: octal to some tools, so rejected);
 * IPv6 is RFC 5952 text (lower case, leading zeros dropped, the longest run of two or more zero groups
 * compressed, IPv4-mapped addresses as `::ffff:1.2.3.4`). Unspecified addresses (`0.0.0.0`, `::`) mean
 * "no address" in DHCP and ISE logs, so they normalise to null.
 */

/** The four octets of a strict dotted-quad IPv4, or null. */
function parseIpv4(text: string, start = 0, end = text.length): number[] | null {
  if (end - start < 7 || end - start > 15) return null;
  const octets: number[] = [];
  let value = 0;
  let digits = 0;
  let leadingZero = false;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46;
    if (code === 46) {
      // '.' ends an octet
      if (digits === 0 || value > 255 || (leadingZero && digits > 1)) return null;
      octets.push(value);
      if (octets.length > 4) return null;
      value = 0;
      digits = 0;
      leadingZero = false;
      continue;
    }
    if (code < 48 || code > 57 || digits === 3) return null;
    if (digits === 0) leadingZero = code === 48;
    value = value * 10 + (code - 48);
    digits++;
  }
  return octets.length === 4 ? octets : null;
}

/** parseIpv4 without the octet array, for the hot path. */
function isStrictIpv4(text: string): boolean {
  const end = text.length;
  if (end < 7 || end > 15) return false;
  let octets = 0;
  let value = 0;
  let digits = 0;
  let first = 0;
  for (let i = 0; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || value > 255 || (first === 48 && digits > 1) || ++octets > 4) return false;
      value = 0;
      digits = 0;
      continue;
    }
    if (code < 48 || code > 57 || digits === 3) return false;
    if (digits === 0) first = code;
    value = value * 10 + (code - 48);
    digits++;
  }
  return octets === 4;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Parses `a:b::c` groups between start and end (no `::` inside); a trailing dotted IPv4 counts as two groups. */
function parseGroups(text: string, start: number, end: number, allowIpv4Tail: boolean): number[] | null {
  const groups: number[] = [];
  if (start === end) return groups;
  let groupStart = start;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 58;
    if (code === 46) {
      // A '.' means the rest (from groupStart) is an embedded IPv4 address.
      if (!allowIpv4Tail) return null;
      const v4 = parseIpv4(text, groupStart, end);
      if (v4 === null) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      return groups;
    }
    if (code === 58) {
      const len = i - groupStart;
      if (len < 1 || len > 4) return null;
      let value = 0;
      for (let j = groupStart; j < i; j++) {
        const v = hexValue(text.charCodeAt(j));
        if (v < 0) return null;
        value = value * 16 + v;
      }
      groups.push(value);
      groupStart = i + 1;
    }
  }
  return groups;
}

/** The eight 16-bit groups of an IPv6 address, or null. Zone ids (`%eth0`) are rejected. */
function parseIpv6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45) return null;
  const gap = text.indexOf('::');
  if (gap < 0) {
    const groups = parseGroups(text, 0, text.length, true);
    return groups !== null && groups.length === 8 ? groups : null;
  }
  if (text.indexOf('::', gap + 1) >= 0) return null;
  const head = parseGroups(text, 0, gap, false);
  const tail = parseGroups(text, gap + 2, text.length, true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  const zeros = new Array<number>(8 - head.length - tail.length).fill(0);
  return [...head, ...zeros, ...tail];
}

/** RFC 5952 §4 text for eight groups. */
function formatIpv6(groups: readonly number[]): string {
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    const hi = groups[6]!;
    const lo = groups[7]!;
    return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  // Longest run of zero groups (first one on a tie); a single zero group is never compressed.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/**
 * Canonical text of an IPv4 or IPv6 address, or null when the text is not exactly one address
 * (octet 300, `1.2.3`, leading zeros, zone ids, surrounding junk) or is the unspecified address.
 */
export function normalizeIp(text: string): string | null {
  if (text.indexOf(':') < 0) {
    // A strict dotted quad is already canonical: validate without allocating.
    return isStrictIpv4(text) && text !== '0.0.0.0' ? text : null;
  }
  const groups = parseIpv6(text);
  if (groups === null || groups.every((g) => g === 0)) return null;
  return formatIpv6(groups);
}

/** 4 or 6 for a well-formed address (unspecified ones included), null otherwise. */
export function ipVersion(ip: string): 4 | 6 | null {
  if (ip.indexOf(':') >= 0) return parseIpv6(ip) === null ? null : 6;
  return parseIpv4(ip) === null ? null : 4;
}
