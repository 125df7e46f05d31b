/**
 * Records read their typed fields from a scan of the few keys they need and build the attribute map only when
 * `attributes` is read. These tests pin that the two paths agree: same fields, same map, same serialisation,
 * whether the list goes through the scan or falls back to the full parse (a part without a key).
 */
import { describe, expect, it } from 'vitest';
import { parseAttributeList, parseIseLine } from '../../src/parsers/ise/index.js';
import { scanAttributes } from '../../src/parsers/ise/attribute-scan.js';
import type { IseRecord, LineRef } from '../../src/parsers/types.js';

const REF: LineRef = { object: 'landing/ise/2024-03-03/ise1.log', line: 1, offset: 0 };
const HEAD = '<181>Mar  3 11:37:34 ise-psn-1 CISE_RADIUS_Accounting 0000001234 1 0 2024-03-03 11:37:34.123 +01:00 0000005678 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, ';

function parse(attrs: string): IseRecord {
  const [result] = parseIseLine(HEAD + attrs, REF);
  if (result === undefined || !result.ok) throw new Error(`expected a record, got ${result?.ok === false ? result.reason : 'nothing'}`);
  return result.record;
}

describe('ISE lazy attributes', () => {
  const scanned = 'User-Name=CORP\\\\jdoe, Framed-IP-Address=10.1.2.3, cisco-av-pair=audit-session-id=abc, cisco-av-pair=x=y, Step=1, Step=2, Response={Class=a, b; }, Calling-Station-ID=00-50-56-83-6C-A0, Acct-Status-Type=Start,';
  // `64-bit` has no key: it belongs to the value before it, which only the full parse can tell.
  const keyless = 'User-Name=jdoe, OperatingSystem=Windows 11 Enterprise, 64-bit, Framed-IP-Address=10.1.2.3,';

  it('builds the same map on first read as a full parse, and keeps it', () => {
    const rec = parse(scanned);
    const full = parseAttributeList(HEAD + scanned, HEAD.length).attributes;
    expect(rec.attributes).toEqual(full);
    expect(rec.attributes).toBe(rec.attributes);
    expect(Object.keys(rec)).toContain('attributes');
    expect(JSON.parse(JSON.stringify(rec)).attributes).toEqual(JSON.parse(JSON.stringify(full)));
    expect(rec).toMatchObject({ ip: '10.1.2.3', mac: '00:50:56:83:6c:a0', statusType: 'Start', cpmSessionId: 'abc' });
  });

  it('lets the map be replaced', () => {
    const rec = parse(scanned);
    rec.attributes = { only: 'this' };
    expect(rec.attributes).toEqual({ only: 'this' });
  });

  it('falls back to the full parse when a part has no key, with the same fields', () => {
    expect(scanAttributes(keyless)).toBeNull();
    const rec = parse(keyless);
    expect(rec.attributes['OperatingSystem']).toBe('Windows 11 Enterprise, 64-bit');
    expect(rec).toMatchObject({ ip: '10.1.2.3', source: 'ise_radius' });
  });

  it('answers first, every and presence like the full map', () => {
    const lookup = scanAttributes(scanned);
    expect(lookup?.first('cisco-av-pair')).toBe('audit-session-id=abc');
    expect(lookup?.all('cisco-av-pair')).toEqual(['audit-session-id=abc', 'x=y']);
    expect(lookup?.has('Tunnel-Client-Endpoint')).toBe(false);
    expect(lookup?.first('User-Name')).toBe('CORP\\\\jdoe');
    expect(() => lookup?.first('Step')).toThrow(/SCANNED_KEYS/);
  });
});
