import type { IseAttributeValue } from '../types.js';

/**
 * The ISE attribute list: `key=value, key=value, …,`.
 * - Parts are separated by `, ` (or `,` at the end / before a newline) that is not preceded by a backslash:
 *   ISE escapes commas in values as `\,`, some relays double it to `\\,`.
 * - Only the first `=` separates key from value (`cisco-av-pair=audit-session-id=…`). Keys and values are trimmed
 *   (`SystemName =`). Repeated keys become arrays in order of appearance (`Step`, `cisco-av-pair`).
 * - A value starting with `{` runs to its `}` (`Response={Class=…; …; }`) and is kept as text (no nesting).
 * - A part without `=` belongs to the previous value (an unescaped comma inside it); before any key it is
 *   returned in `leading` (the message text had a comma).
 * - Escaped commas/semicolons (`\,` `\\,` `\;`) are unescaped; other backslashes (`CISCO\\user`, `\000`) stay;
 *   a trailing `#015` (a relay's escaped CR) is dropped.
 */
export interface AttributeList {
  attributes: Record<string, IseAttributeValue>;
  /** Parts before the first `key=value`. */
  leading: string[];
  /** Key of the last value added, so a caller can drop a value that a lost segment cut short. */
  lastKey: string | null;
}

const SPACE = 32;
const NEWLINE = 10;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const ESCAPED_PUNCT = /\\+([,;])/g;
const CR_ESCAPE = '#015';

export function newAttributeMap(): Record<string, IseAttributeValue> {
  // No prototype: a key such as `__proto__` or `constructor` in a log line must stay plain data.
  return Object.create(null) as Record<string, IseAttributeValue>;
}

export function parseAttributeList(text: string, start = 0): AttributeList {
  const attributes = newAttributeMap();
  const leading: string[] = [];
  let lastKey: string | null = null;
  let end = text.length;
  while (end > start && text.endsWith(CR_ESCAPE, end)) end -= CR_ESCAPE.length;

  // Positions of the next `=`, `}` and `\` are remembered so that lines with few of them stay linear.
  let eq = -2;
  let close = -2;
  let backslash = -2;
  let pos = skipBlanks(text, start, end);
  while (pos < end) {
    let sep = findSeparator(text, pos, end);
    if (eq !== -1 && eq < pos) eq = text.indexOf('=', pos);
    if (eq >= 0 && eq < sep && text.charCodeAt(eq + 1) === OPEN_BRACE) {
      if (close !== -1 && close < eq) close = text.indexOf('}', eq + 2);
      if (close > sep && close < end) sep = findSeparator(text, close, end);
    }
    if (backslash !== -1 && backslash < pos) backslash = text.indexOf('\\', pos);
    const escaped = backslash >= 0 && backslash < sep;
    const keyEnd = eq >= 0 && eq < sep ? trimEndAt(text, pos, eq) : pos;
    if (keyEnd > pos) {
      // Hot path: one slice for the key, one for the value, no intermediate strings.
      const key = text.slice(pos, keyEnd);
      addValue(attributes, key, valueAt(text, eq + 1, sep, escaped));
      lastKey = key;
    } else {
      appendPart(attributes, lastKey, leading, valueAt(text, pos, sep, escaped));
    }
    pos = skipBlanks(text, sep + 1, end);
  }
  return { attributes, leading, lastKey };
}

/** Receives the values of the keys a scan is after (see attribute-scan.ts). */
export interface AttributeSink {
  /** A slot number for the key spelled by text[from, to) (`last` is its last char code), or -1 for a key the sink does not want. */
  slotAt(text: string, from: number, to: number, last: number): number;
  add(slot: number, value: string): void;
}

/**
 * parseAttributeList's loop without building the map: only values of keys the sink wants are cut out.
 * False when the list has a non-empty part without a key (parseAttributeList glues it onto the value before it,
 * or into the message text): then only the full parse is exact. Kept next to parseAttributeList so that the
 * two loops stay alike and share their helpers. (A charCodeAt loop over each part measured slower than `indexOf`.)
 */
export function scanAttributeList(text: string, start: number, sink: AttributeSink): boolean {
  let end = text.length;
  while (end > start && text.endsWith(CR_ESCAPE, end)) end -= CR_ESCAPE.length;

  let eq = -2;
  let close = -2;
  let backslash = -2;
  let pos = skipBlanks(text, start, end);
  // Each character is read once where this loop can help it: the blank after a separator is known from the
  // separator test, and the key's first and last characters are handed to the sink for its hash.
  while (pos < end) {
    let sep = findSeparator(text, pos, end);
    if (eq !== -1 && eq < pos) eq = text.indexOf('=', pos);
    if (eq >= 0 && eq < sep) {
      if (text.charCodeAt(eq + 1) === OPEN_BRACE) {
        if (close !== -1 && close < eq) close = text.indexOf('}', eq + 2);
        if (close > sep && close < end) sep = findSeparator(text, close, end);
      }
      let keyEnd = eq;
      let last = text.charCodeAt(keyEnd - 1);
      while (isBlank(last) && keyEnd > pos) last = text.charCodeAt(--keyEnd - 1);
      if (keyEnd > pos) {
        const slot = sink.slotAt(text, pos, keyEnd, last);
        if (slot >= 0) {
          // The first backslash at or after pos, looked up only when a value is kept.
          if (backslash !== -1 && backslash < pos) backslash = text.indexOf('\\', pos);
          sink.add(slot, valueAt(text, eq + 1, sep, backslash >= 0 && backslash < sep));
        }
      } else if (valueAt(text, pos, sep, false) !== '') {
        return false;
      }
    } else if (valueAt(text, pos, sep, false) !== '') {
      return false;
    }
    // A separator is followed by a blank or the end: skip it without reading it again.
    pos = sep + 2 < end ? skipBlanks(text, sep + 2, end) : end;
  }
  return true;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === 9 || code === 13;
}

function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

function trimEndAt(text: string, from: number, end: number): number {
  let e = end;
  while (e > from && isBlank(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Trimmed, `#015`-stripped, unescaped text of [from, end). */
function valueAt(text: string, from: number, end: number, escaped: boolean): string {
  const s = skipBlanks(text, from, end);
  let e = trimEndAt(text, s, end);
  if (e - s >= 4 && text.startsWith(CR_ESCAPE, e - 4)) e = trimEndAt(text, s, e - 4);
  const raw = s === 0 && e === text.length ? text : text.slice(s, e);
  return escaped ? raw.replace(ESCAPED_PUNCT, '$1') : raw;
}

/** Index of the next unescaped separating comma at or after `from`, or `end`. */
function findSeparator(text: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    const c = text.indexOf(',', i);
    if (c < 0 || c >= end) return end;
    const next = c + 1 < end ? text.charCodeAt(c + 1) : -1;
    const separates = next === -1 || next === SPACE || next === NEWLINE;
    if (separates && !(c > 0 && text.charCodeAt(c - 1) === BACKSLASH)) return c;
    i = c + 1;
  }
}

function addValue(attributes: Record<string, IseAttributeValue>, key: string, value: string): void {
  const existing = attributes[key];
  if (existing === undefined) attributes[key] = value;
  else if (typeof existing === 'string') attributes[key] = [existing, value];
  else existing.push(value);
}

/** A part with no key: the previous value contained an unescaped `, `. */
function appendPart(
  attributes: Record<string, IseAttributeValue>,
  lastKey: string | null,
  leading: string[],
  part: string,
): void {
  if (part.length === 0) return;
  if (lastKey === null) {
    leading.push(part);
    return;
  }
  const existing = attributes[lastKey];
  if (existing === undefined) return;
  if (typeof existing === 'string') attributes[lastKey] = joinValue(existing, part);
  else existing[existing.length - 1] = joinValue(existing[existing.length - 1] ?? '', part);
}

function joinValue(value: string, part: string): string {
  return value.length === 0 ? part : `${value}, ${part}`;
}

/** Removes the most recent value of `key` (one array element, or the key). */
export function dropLastValue(attributes: Record<string, IseAttributeValue>, key: string): void {
  const existing = attributes[key];
  if (existing === undefined) return;
  if (typeof existing === 'string') {
    delete attributes[key];
    return;
  }
  existing.pop();
  if (existing.length === 1) attributes[key] = existing[0] as string;
}

/** First value of an attribute (repeated keys keep every value; most fields want the first). */
export function firstValue(attributes: Record<string, IseAttributeValue>, key: string): string | null {
  const v = attributes[key];
  if (v === undefined) return null;
  return typeof v === 'string' ? v : (v[0] ?? null);
}

export function allValues(attributes: Record<string, IseAttributeValue>, key: string): readonly string[] {
  const v = attributes[key];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}
