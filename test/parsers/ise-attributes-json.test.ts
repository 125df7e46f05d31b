/**
 * The silver table stores ISE attributes as JSON written straight from the list text (attributes-json.ts). It must
 * be byte-identical to serialising the map the full parse builds: same key order (index-like keys first), repeated
 * keys as arrays, `{…}` sub-lists as text, the same unescaping and JSON escapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeListJson, iseAttributesJson, parseAttributeList, parseIseLines } from '../../src/parsers/ise/index.js';
import { scanAttributes } from '../../src/parsers/ise/attribute-scan.js';
import type { IseRecord } from '../../src/parsers/types.js';
import { iseLines } from '../../bench/parsers.js';

const EXTERNAL = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'external');
const FIXTURES = [
  'apache-metron-ise/IseParserTest.txt',
  ...['radius-accounting', 'passed-authentications', 'posture-client-provisioning-audit', 'device-sensor-fragments'].map(
    (f) => `elastic-integrations-cisco-ise/test-pipeline-${f}.log`,
  ),
].flatMap((rel) => readFileSync(path.join(EXTERNAL, rel), 'utf8').split('\n').filter((l) => l !== ''));

function records(lines: readonly string[]): IseRecord[] {
  const input = lines.map((line, i) => ({ line, ref: { object: 'landing/ise/x.log', line: i + 1, offset: i } }));
  return [...parseIseLines(input)].flatMap((r) => (r.ok ? [r.record] : []));
}

const fullJson = (text: string): string => JSON.stringify(parseAttributeList(text).attributes);

const keyArb = fc.oneof(
  fc.constantFrom('User-Name', 'Step', 'cisco-av-pair', 'Response', ' SystemName ', '__proto__', 'constructor', '0', '12', '01', '4294967294', '4294967295', 'k"q', 'é', '\ud800', 'a\tb'),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const valueArb = fc.oneof(
  fc.constantFrom('', 'CORP\\\\jdoe', 'a\\,b', 'a\\\\,b', 'x\\;y', '{Class=a; b=c; }', '{open, x', 'say "hi"', 'tab\tcr\r', '\u0001', '\udc00', 'v#015', 'a=b=c', 'x}', ' padded '),
  fc.string({ maxLength: 12 }),
);
const partArb = fc.oneof(
  fc.tuple(keyArb, valueArb).map(([k, v]) => `${k}=${v}`),
  valueArb, // a part without a key
);
const separatorArb = fc.constantFrom(', ', ',', ',\n', ' , ', ', , ');
const listArb = fc
  .tuple(fc.array(fc.tuple(partArb, separatorArb), { maxLength: 14 }), fc.constantFrom('', ',', '#015', ', #015'))
  .map(([parts, tail]) => parts.map(([p, s]) => p + s).join('') + tail);

function isIndexLike(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

describe('ISE attributes JSON without the map', () => {
  it('is the JSON of the full parse whenever it answers, and answers unless the list needs the full parse', () => {
    fc.assert(
      fc.property(listArb, (text) => {
        const json = attributeListJson(text);
        const map = parseAttributeList(text).attributes;
        if (json !== null) expect(json).toBe(fullJson(text));
        else expect(scanAttributes(text) === null || Object.keys(map).some(isIndexLike)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('orders index-like keys as JSON.stringify does, through the fallback', () => {
    const text = 'b=1, 10=x, a=2, 2=y, b=3, 01=z,';
    expect(attributeListJson(text)).toBeNull();
    const record = records([
      `<181>Mar  3 11:37:34 ise-psn-1 CISE_RADIUS_Accounting 0000001234 1 0 2024-03-03 11:37:34.123 +01:00 0000005678 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, ${text}`,
    ])[0]!;
    expect(iseAttributesJson(record)).toBe('{"2":"y","10":"x","b":["1","3"],"a":"2","01":"z"}');
  });

  it('keeps repeated keys, sub-lists and escapes', () => {
    const text = 'Step=1, cisco-av-pair=a=b, Step=2, Response={Class=x, y; }, User-Name=CORP\\\\jdoe, DN=CN=x\\,OU=y, q="z",';
    expect(attributeListJson(text)).toBe(fullJson(text));
    expect(JSON.parse(attributeListJson(text)!)).toEqual({
      Step: ['1', '2'],
      'cisco-av-pair': 'a=b',
      Response: '{Class=x, y; }',
      'User-Name': 'CORP\\\\jdoe',
      DN: 'CN=x,OU=y',
      q: '"z"',
    });
  });

  it('matches JSON.stringify(record.attributes) for fixture and generated records, before and after the map is built', () => {
    const all = records([...FIXTURES, ...iseLines(1500)]);
    expect(all.length).toBeGreaterThan(800);
    for (const record of all) {
      const direct = iseAttributesJson(record);
      expect(direct).toBe(JSON.stringify(record.attributes));
      expect(iseAttributesJson(record)).toBe(direct);
    }
  });

  it('serialises a replaced map', () => {
    const record = records(FIXTURES)[0]!;
    record.attributes = { only: 'this' };
    expect(iseAttributesJson(record)).toBe('{"only":"this"}');
  });
});
