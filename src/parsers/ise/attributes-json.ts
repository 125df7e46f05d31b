/**
 * The attribute list as JSON text, byte-identical to `JSON.stringify(parseAttributeList(text, start).attributes)`,
 * without building the map. The silver table stores every pair as JSON; building a ~80-key dictionary per message
 * only to serialise it was most of the ISE cost in the ETL.
 *
 * The pairs come from scanAttributeList (the same loop and value rules as the full parse). Keys are interned across
 * messages (the same few hundred keys repeat), so a pair costs a span compare and no key string. JSON's object order
 * is insertion order except that integer-like keys come first: a list with such a key (never seen from ISE) gives
 * null, as does a list with a part without a key (the scan cannot glue it onto the previous value); the caller then
 * serialises the full map.
 */
import { scanAttributeList, type AttributeSink } from './attributes.js';

/** A key seen in some message, with its JSON text; `stamp`/`group` say where it sits in the message being written. */
interface KeyEntry {
  key: string;
  json: string;
  indexLike: boolean;
  next: KeyEntry | null;
  stamp: number;
  group: number;
}

const TABLE_BITS = 12;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** Junk keys from mangled lines must not grow the table without bound: it starts over when this full. */
const MAX_KEYS = 8192;

function spanHash(text: string, from: number, to: number, last: number): number {
  const length = to - from;
  return (length * 977 + text.charCodeAt(from) * 31 + last * 7 + text.charCodeAt(from + (length >> 1))) & TABLE_MASK;
}

function spells(text: string, from: number, key: string): boolean {
  for (let i = key.length - 1; i >= 0; i--) if (text.charCodeAt(from + i) !== key.charCodeAt(i)) return false;
  return true;
}

/** `0`, `7`, `4294967294`: array-index keys, which JS objects list before every other key. */
function isIndexLike(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length > 10) return false;
  const first = text.charCodeAt(from);
  if (first < 48 || first > 57 || (first === 48 && length > 1)) return false;
  for (let i = from + 1; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return length < 10 || Number(text.slice(from, to)) < 4294967295;
}

class JsonSink implements AttributeSink {
  private readonly table: (KeyEntry | null)[] = new Array<KeyEntry | null>(TABLE_MASK + 1).fill(null);
  private size = 0;
  private stamp = 0;
  /** Per message: the key of each group in order of first appearance, and its values. */
  private groups: KeyEntry[] = [];
  private values: (string | string[])[] = [];
  /** Set when the message has an index-like key: its JSON order is not the list order. */
  reordered = false;

  begin(): void {
    this.stamp++;
    this.groups.length = 0;
    this.values.length = 0;
    this.reordered = false;
    // Cleared between messages only: the groups of the message being written point at entries.
    if (this.size >= MAX_KEYS) {
      this.table.fill(null);
      this.size = 0;
    }
  }

  slotAt(text: string, from: number, to: number, last: number): number {
    const entry = this.intern(text, from, to, last);
    if (entry.stamp !== this.stamp) {
      entry.stamp = this.stamp;
      entry.group = this.groups.length;
      this.groups.push(entry);
      this.values.push(EMPTY);
      if (entry.indexLike) this.reordered = true;
    }
    return entry.group;
  }

  add(slot: number, value: string): void {
    const existing = this.values[slot]!;
    if (existing === EMPTY) this.values[slot] = value;
    else if (typeof existing === 'string') this.values[slot] = [existing, value];
    else existing.push(value);
  }

  render(): string {
    let out = '{';
    const groups = this.groups;
    const values = this.values;
    for (let g = 0; g < groups.length; g++) {
      if (g > 0) out += ',';
      out += groups[g]!.json;
      const value = values[g]!;
      if (typeof value === 'string') {
        out += JSON.stringify(value);
      } else {
        out += '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + JSON.stringify(value[i]);
        out += ']';
      }
    }
    return out + '}';
  }

  private intern(text: string, from: number, to: number, last: number): KeyEntry {
    const hash = spanHash(text, from, to, last);
    const length = to - from;
    for (let e: KeyEntry | null = this.table[hash] ?? null; e !== null; e = e.next) {
      if (e.key.length === length && spells(text, from, e.key)) return e;
    }
    const key = text.slice(from, to);
    const entry: KeyEntry = { key, json: `${JSON.stringify(key)}:`, indexLike: isIndexLike(text, from, to), next: this.table[hash] ?? null, stamp: -1, group: -1 };
    this.table[hash] = entry;
    this.size++;
    return entry;
  }
}

/** Marks a group whose key was seen but whose value is not added yet (never rendered: the scan adds right after). */
const EMPTY: string[] = [];

/** One sink: writing is synchronous and the result is a fresh string. */
const sink = new JsonSink();

/**
 * `JSON.stringify(parseAttributeList(text, start).attributes)`, or null when only the full parse gives it exactly
 * (a part without a key, an index-like key).
 */
export function attributeListJson(text: string, start = 0): string | null {
  sink.begin();
  if (!scanAttributeList(text, start, sink) || sink.reordered) return null;
  return sink.render();
}
