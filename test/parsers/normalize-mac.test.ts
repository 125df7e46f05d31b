import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isMacLike, macFromClientId, normalizeMac } from '../../src/parsers/normalize/index.js';

describe('normalizeMac', () => {
  it.each([
    ['3C:97:0E:C3:F8:F1', '3c:97:0e:c3:f8:f1'],
    ['3c-97-0e-c3-f8-f1', '3c:97:0e:c3:f8:f1'],
    ['92-09-00-00-00-01', '92:09:00:00:00:01'],
    ['3c97.0ec3.f8f1', '3c:97:0e:c3:f8:f1'],
    ['F05E.0CB2.35BF', 'f0:5e:0c:b2:35:bf'],
    ['bc305be6d215', 'bc:30:5b:e6:d2:15'],
    ['00:50:56:83:6c:a0', '00:50:56:83:6c:a0'],
    ['0:50:56:83:6c:a0', '00:50:56:83:6c:a0'],
    [' 00:50:56:83:6C:A0 ', '00:50:56:83:6c:a0'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMac(input)).toBe(expected);
  });

  it.each([
    '00:00:00:00:00:00', '0000.0000.0000', '000000000000', '<no identifier>', '00:50:56:83:6c', '00:50:56:83:6c:a0:11',
    '01:00:50:56:83:6c:a0', 'gg:50:56:83:6c:a0', '00:50-56:83:6c:a0', '00::56:83:6c:a0', '00:50:56:83:6c:a00',
    '3c97.0ec3.f8f', '3c970ec3f8f', '', 'anonymous', '3c97.0ec3:f8f1',
  ])('%s → null', (input) => {
    expect(normalizeMac(input)).toBeNull();
  });

  it('accepts every spelling of a random MAC and renders the same canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.boolean(), (bytes, upper) => {
        const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'));
        const canonical = hex.join(':');
        const expected = bytes.every((b) => b === 0) ? null : canonical;
        const flat = hex.join('');
        const spellings = [canonical, hex.join('-'), flat, `${flat.slice(0, 4)}.${flat.slice(4, 8)}.${flat.slice(8)}`];
        for (const s of spellings) {
          expect(normalizeMac(upper ? s.toUpperCase() : s)).toBe(expected);
          expect(isMacLike(s)).toBe(true);
        }
      }),
    );
  });
});

describe('macFromClientId', () => {
  it('extracts the MAC of an Ethernet client-id', () => {
    expect(macFromClientId('01:00:50:56:83:6c:a0')).toBe('00:50:56:83:6c:a0');
    expect(macFromClientId('01-9A-DF-6E-F6-1F-23')).toBe('9a:df:6e:f6:1f:23');
    expect(macFromClientId('01005056836ca0')).toBe('00:50:56:83:6c:a0');
  });
  it('rejects other client-ids', () => {
    expect(macFromClientId('00:50:56:83:6c:a0')).toBeNull(); // a bare MAC is not a client-id
    expect(macFromClientId('02:00:50:56:83:6c:a0')).toBeNull(); // hardware type 2
    expect(macFromClientId('01:9a:df:6e:f6:1f:23:01:9a:df:6e:f6:1f:23')).toBeNull(); // DUID-like
    expect(macFromClientId('01:00:00:00:00:00:00')).toBeNull();
    expect(macFromClientId('hello')).toBeNull();
  });
});

describe('isMacLike', () => {
  it('recognises MAC-shaped user names, including the all-zero one', () => {
    expect(isMacLike('98-D6-F7-5E-67-1E')).toBe(true);
    expect(isMacLike('00:00:00:00:00:00')).toBe(true);
    expect(isMacLike('frsung')).toBe(false);
    expect(isMacLike('deadbeefcafe1')).toBe(false);
  });
});
