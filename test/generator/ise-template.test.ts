import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IseTemplate } from '../../src/generator/format/ise-template.js';

const HEAD = { category: 'CISE_Test', code: 1, severity: 'NOTICE', text: 'Test: text' } as const;
const NAMES = ['a', 'b', 'c'] as const;

/** Attribute pieces: constant text or a slot name; what a template is compiled from, and the plain-list reference. */
const attributeSpec = fc.array(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 }).map((s) => `=${s.replace(/\u0000/g, '')}`)), { maxLength: 5 });

describe('IseTemplate', () => {
  it('joins and measures exactly as the plain attribute list with the values written in', () => {
    fc.assert(fc.property(
      fc.array(attributeSpec, { minLength: 1, maxLength: 8 }),
      fc.array(fc.string({ maxLength: 12 }), { minLength: 3, maxLength: 3 }),
      (spec, values) => {
        const mark = (name: string, marks: Readonly<Record<string, string>>): string => marks[name] ?? name;
        const template = new IseTemplate(HEAD, NAMES, (marks) => spec.map((pieces) => pieces.map((p) => mark(p, marks)).join('')));
        NAMES.forEach((name, i) => {
          template.values[template.slots[name]] = values[i] as string;
        });
        const byName: Record<string, string> = { a: values[0] as string, b: values[1] as string, c: values[2] as string };
        const plain = spec.map((pieces) => pieces.map((p) => byName[p] ?? p).join(''));
        expect(template.attributeCount).toBe(plain.length);
        expect(template.join('<', '>')).toBe(`<${plain.join(', ')}>`);
        expect(template.joinedLength()).toBe(plain.join(', ').length);
        plain.forEach((attr, i) => expect(template.attributeLength(i)).toBe(attr.length));
      },
    ));
  });

  it('refuses a message without attributes', () => {
    expect(() => new IseTemplate(HEAD, NAMES, () => [])).toThrow(/no attributes/);
  });
});
