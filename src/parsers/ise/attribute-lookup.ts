/** What record builders read from an attribute list, whether the whole map was built or only the needed keys scanned. */
import type { IseAttributeValue } from '../types.js';
import { allValues, firstValue } from './attributes.js';

export interface AttributeLookup {
  /** First value of `key` (a repeated key keeps every value; most fields want the first); null when absent. */
  first(key: string): string | null;
  /** Every value of `key`, in order of appearance. */
  all(key: string): readonly string[];
  /** True when `key` appears at all (even with an empty value). */
  has(key: string): boolean;
}

/** A lookup over a fully parsed attribute map (the general path: partial messages, parts without a key). */
export function mapLookup(attributes: Record<string, IseAttributeValue>): AttributeLookup {
  return {
    first: (key) => firstValue(attributes, key),
    all: (key) => allValues(attributes, key),
    has: (key) => attributes[key] !== undefined,
  };
}
