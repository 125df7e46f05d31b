import { describe, expect, it } from 'vitest';
import { parseAttributeList } from '../../src/parsers/ise/index.js';

describe('parseAttributeList', () => {
  it('splits on ", ", keeps everything after the first "=" and trims keys and values', () => {
    const { attributes } = parseAttributeList('ConfigVersionId=133, cisco-av-pair=audit-session-id=0a22, SystemName =PC01, StepData=7= Normalised Radius,');
    expect({ ...attributes }).toEqual({
      ConfigVersionId: '133',
      'cisco-av-pair': 'audit-session-id=0a22',
      SystemName: 'PC01',
      StepData: '7= Normalised Radius',
    });
  });

  it('keeps keys with spaces and slashes', () => {
    const { attributes } = parseAttributeList('Device IP Address=171.70.35.137, CVPN3000/ASA/PIX7x-Tunnel-Group-Name=RA_VPN, Model Name=Unknown');
    expect(attributes['Device IP Address']).toBe('171.70.35.137');
    expect(attributes['CVPN3000/ASA/PIX7x-Tunnel-Group-Name']).toBe('RA_VPN');
    expect(attributes['Model Name']).toBe('Unknown');
  });

  it('turns repeated keys into arrays in order of appearance', () => {
    const { attributes } = parseAttributeList('Step=11001, Step=11017, NetworkDeviceGroups=Location#All, Step=5239, Other=x');
    expect(attributes['Step']).toEqual(['11001', '11017', '5239']);
    expect(attributes['NetworkDeviceGroups']).toBe('Location#All');
  });

  it('does not split on commas escaped with one or more backslashes, and unescapes them', () => {
    const { attributes } = parseAttributeList(
      'EndpointOUI=Wistron InfoComm(Kunshan)Co.\\,Ltd., AD-User-Resolved-DNs=CN=User1 \\\\,OU=New Users\\\\,DC=com, StepLatency=1=0\\\\;2=1, UA=Mozilla (Windows NT 6.1\\\\\\; WOW64\\\\ rv:30.0), Next=1',
    );
    expect(attributes['EndpointOUI']).toBe('Wistron InfoComm(Kunshan)Co.,Ltd.');
    expect(attributes['AD-User-Resolved-DNs']).toBe('CN=User1 ,OU=New Users,DC=com');
    expect(attributes['StepLatency']).toBe('1=0;2=1');
    // Backslashes that escape nothing we split on stay as logged.
    expect(attributes['UA']).toBe('Mozilla (Windows NT 6.1; WOW64\\\\ rv:30.0)');
    expect(attributes['Next']).toBe('1');
  });

  it('appends a part without "=" to the previous value, or returns it as leading text before any key', () => {
    const list = parseAttributeList('the text went on, ConfigVersionId=1, Description=first, second, Last=2');
    expect(list.leading).toEqual(['the text went on']);
    expect(list.attributes['Description']).toBe('first, second');
    expect(list.attributes['Last']).toBe('2');
    expect(list.lastKey).toBe('Last');
  });

  it('keeps a brace sub-list whole even when it contains ", "', () => {
    const { attributes } = parseAttributeList('Response={Class=CACS:0a; cisco-av-pair=url-redirect=https://x/?a=1, b=2; LicenseTypes=1; }, After=yes');
    expect(attributes['Response']).toBe('{Class=CACS:0a; cisco-av-pair=url-redirect=https://x/?a=1, b=2; LicenseTypes=1; }');
    expect(attributes['After']).toBe('yes');
  });

  it('tolerates an unclosed brace, #015 escapes, octal escapes, empty values and a trailing comma', () => {
    const { attributes } = parseAttributeList('Odd={not closed, IdentitySelectionMatchedRule=Dot1X#015, undefined-52=\\000\\000, PortalUser=, Last=x,#015');
    expect(attributes['Odd']).toBe('{not closed');
    expect(attributes['IdentitySelectionMatchedRule']).toBe('Dot1X');
    expect(attributes['undefined-52']).toBe('\\000\\000');
    expect(attributes['PortalUser']).toBe('');
    expect(attributes['Last']).toBe('x');
  });

  it('treats keys such as __proto__ as plain data', () => {
    const { attributes } = parseAttributeList('__proto__=polluted, constructor=x, toString=y');
    expect(attributes['__proto__']).toBe('polluted');
    expect(attributes['constructor']).toBe('x');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(attributes)).toBeNull();
  });

  it('stays linear on hostile inputs (many parts without "=", many unclosed braces, many escaped commas)', () => {
    const n = 20_000;
    expect(parseAttributeList(`${'a, '.repeat(n)}k=v`).leading).toHaveLength(n);
    expect(Object.keys(parseAttributeList('k={x, '.repeat(n)).attributes)).toEqual(['k']);
    expect(parseAttributeList(`k=${'x\\, '.repeat(n)}`).attributes['k']).toHaveLength(3 * n - 1);
  });
});
