/**
 * The fields every ISE record has, with the attribute map built on first read. Records take their typed fields
 * from a scan of the few keys they need (attribute-scan.ts); the full map (~80 pairs for an authentication) is
 * needed only by whoever reads `attributes`, and building it was most of the parser's time.
 *
 * `attributes` stays an own enumerable property in its usual place, so spreading, serialising or comparing a
 * record sees the same object as before. It is an accessor with one shared descriptor: an object literal with
 * `get`/`set` costs a closure pair and a slow define per record, several times the price of this.
 */
import type { IseAttributeValue, IseCommon } from '../types.js';
import { parseAttributeList } from './attributes.js';
import { attributeListJson } from './attributes-json.js';
import type { IseFirstSegmentBody } from './body.js';
import type { IseHeader } from './header.js';

type Attributes = Record<string, IseAttributeValue>;

export class LazyIseCommon implements IseCommon {
  // `declare`: assigned in the constructor, in the order records have always listed them.
  declare category: string;
  declare messageId: string;
  declare host: string;
  declare eventTime: number;
  declare sequence: string;
  declare messageCode: number;
  declare severity: string;
  declare messageClass: string;
  declare messageText: string;
  declare attributes: Attributes;
  declare segments: number;
  /** The attribute list is text[listStart…]. */
  #text: string;
  #listStart: number;
  #attributes: Attributes | null = null;

  constructor(header: IseHeader, eventTime: number, body: IseFirstSegmentBody, segments: number, text: string, listStart: number) {
    this.category = header.category;
    this.messageId = header.messageId;
    this.host = header.host ?? '';
    this.eventTime = eventTime;
    this.sequence = body.sequence;
    this.messageCode = body.messageCode;
    this.severity = body.severity;
    this.messageClass = body.messageClass;
    this.messageText = body.messageText;
    Object.defineProperty(this, 'attributes', ATTRIBUTES_ACCESSOR);
    this.segments = segments;
    this.#text = text;
    this.#listStart = listStart;
  }

  static attributesOf(record: LazyIseCommon): Attributes {
    record.#attributes ??= parseAttributeList(record.#text, record.#listStart).attributes;
    return record.#attributes;
  }

  static replaceAttributes(record: LazyIseCommon, attributes: Attributes): void {
    record.#attributes = attributes;
  }

  /** JSON of `attributes`: written straight from the list text while nobody has built (or replaced) the map. */
  static attributesJson(record: LazyIseCommon): string {
    if (record.#attributes === null) {
      const json = attributeListJson(record.#text, record.#listStart);
      if (json !== null) return json;
    }
    return JSON.stringify(LazyIseCommon.attributesOf(record));
  }
}

/**
 * `JSON.stringify(record.attributes)`, byte for byte, without building the map when the record has not built it yet.
 * For writers that store the pairs as JSON (the silver table).
 */
export function iseAttributesJson(record: IseCommon): string {
  return record instanceof LazyIseCommon ? LazyIseCommon.attributesJson(record) : JSON.stringify(record.attributes);
}

const ATTRIBUTES_ACCESSOR: PropertyDescriptor = {
  get(this: LazyIseCommon): Attributes {
    return LazyIseCommon.attributesOf(this);
  },
  set(this: LazyIseCommon, value: Attributes): void {
    LazyIseCommon.replaceAttributes(this, value);
  },
  enumerable: true,
  configurable: true,
};
