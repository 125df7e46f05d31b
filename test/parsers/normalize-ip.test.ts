import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ipVersion, normalizeIp } from '../../src/parsers/normalize/index.js';

/** WHATWG URL serialises IPv6 hosts in RFC 5952 form (except IPv4-mapped tails): an independent oracle. */
function urlCanonical(ip: string): string {
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

describe('normalizeIp: IPv4', () => {
  it.each(['10.33.250.89', '255.255.255.255', '1.0.0.0', '67.43.156.0'])('%s is kept', (ip) => {
    expect(normalizeIp(ip)).toBe(ip);
    expect(ipVersion(ip)).toBe(4);
  });
  it.each(['0.0.0.0', '1.2.3', '1.2.3.4.5', '1.2.3.300', '256.1.1.1', '01.2.3.4', '1.2.3.04', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '', '101.123.18.1154'])(
    '%s → null',
    (ip) => {
      expect(normalizeIp(ip)).toBeNull();
    },
  );
  it('agrees with node:net on random dotted quads', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 4, maxLength: 4 }), (parts) => {
        const text = parts.join('.');
        const expected = isIPv4(text) && text !== '0.0.0.0' ? text : null;
        expect(normalizeIp(text)).toBe(expected);
      }),
    );
  });
});

describe('normalizeIp: IPv6', () => {
  it.each([
    ['2001:DB8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0000:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // longest run wins
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first run on a tie
    ['2a02:cf40::', '2a02:cf40::'],
    ['::1', '::1'],
    ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
    ['0:0:0:0:0:ffff:0a01:0203', '::ffff:10.1.2.3'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['fe80:0000:0000:0000:0204:61ff:fe9d:f156', 'fe80::204:61ff:fe9d:f156'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
    expect(ipVersion(input)).toBe(6);
  });
  it.each(['::', '0:0:0:0:0:0:0:0', '1::2::3', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%eth0', '::1.2.3', 'g::1', '1:2:3:4:5:6:7::8'])(
    '%s → null',
    (input) => {
      expect(normalizeIp(input)).toBeNull();
    },
  );
  it('matches the WHATWG URL serialiser and node:net on random addresses', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const normalized = normalizeIp(ip);
        expect(isIPv6(ip)).toBe(true);
        const expected = urlCanonical(ip);
        if (expected === '::') {
          expect(normalized).toBeNull();
        } else if (normalized !== null && normalized.startsWith('::ffff:') && normalized.includes('.')) {
          // URL prints mapped addresses in hex; compare the parsed value instead.
          expect(urlCanonical(normalized)).toBe(expected);
        } else {
          expect(normalized).toBe(expected);
          expect(normalizeIp(normalized!)).toBe(normalized); // idempotent
        }
      }),
      { numRuns: 500 },
    );
  });
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const out = normalizeIp(s);
        if (out !== null) expect(isIPv4(out) || isIPv6(out)).toBe(true);
      }),
    );
  });
});
