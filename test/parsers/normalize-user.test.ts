import { describe, expect, it } from 'vitest';
import { normalizeUser } from '../../src/parsers/normalize/index.js';

describe('normalizeUser', () => {
  it.each([
    ['frsung', { raw: 'frsung', key: 'frsung', domain: null, kind: 'person', isPerson: true }],
    ['CISCO\\sahota', { raw: 'CISCO\\sahota', key: 'sahota', domain: 'CISCO', kind: 'person', isPerson: true }],
    ['CISCO\\\\sahota', { raw: 'CISCO\\sahota', key: 'sahota', domain: 'CISCO', kind: 'person', isPerson: true }],
    ['Jane.Doe@Example.com', { raw: 'Jane.Doe@Example.com', key: 'jane.doe', domain: 'Example.com', kind: 'person', isPerson: true }],
    ['host/salfi-pc.cisco.com', { raw: 'host/salfi-pc.cisco.com', key: 'salfi-pc', domain: 'cisco.com', kind: 'machine', isPerson: false }],
    ['CORP\\PC01$', { raw: 'CORP\\PC01$', key: 'pc01', domain: 'CORP', kind: 'machine', isPerson: false }],
    ['anonymous', { raw: 'anonymous', key: 'anonymous', domain: null, kind: 'anonymous', isPerson: false }],
    ['anonymous@corp.example', { raw: 'anonymous@corp.example', key: 'anonymous', domain: 'corp.example', kind: 'anonymous', isPerson: false }],
    ['#CTSREQUEST#', { raw: '#CTSREQUEST#', key: '#ctsrequest#', domain: null, kind: 'placeholder', isPerson: false }],
    ['INVALID', { raw: 'INVALID', key: 'invalid', domain: null, kind: 'placeholder', isPerson: false }],
    ['(none)', { raw: '(none)', key: '(none)', domain: null, kind: 'placeholder', isPerson: false }],
    ['', { raw: '', key: '', domain: null, kind: 'placeholder', isPerson: false }],
    ['98-D6-F7-5E-67-1E', { raw: '98-D6-F7-5E-67-1E', key: '98:d6:f7:5e:67:1e', domain: null, kind: 'mac', isPerson: false }],
    ['bc305be6d215', { raw: 'bc305be6d215', key: 'bc:30:5b:e6:d2:15', domain: null, kind: 'mac', isPerson: false }],
    ['f05e.0cb2.35bf', { raw: 'f05e.0cb2.35bf', key: 'f0:5e:0c:b2:35:bf', domain: null, kind: 'mac', isPerson: false }],
  ])('%s', (input, expected) => {
    expect(normalizeUser(input)).toEqual(expected);
  });

  it('unescapes relay-escaped separators', () => {
    expect(normalizeUser('Doe\\, John')?.raw).toBe('Doe, John');
    expect(normalizeUser('Doe\\\\, John')?.raw).toBe('Doe, John');
  });

  it('rejects values that cannot be names', () => {
    expect(normalizeUser('bad\u0000name')).toBeNull();
    expect(normalizeUser('caf\ufffd')).toBeNull();
    expect(normalizeUser('x'.repeat(10_000))).toBeNull();
  });
});
