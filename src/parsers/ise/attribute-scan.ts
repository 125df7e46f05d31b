/**
 * The few attributes typed records read, found by one scan of the attribute list without building the full map:
 * a Passed_Authentications message carries ~80 pairs and its record reads ~15, and building the map (a slice per
 * key, a dictionary insert per pair) was most of the parser's time. The full map is still built on demand
 * (records' `attributes`, see lazy-common.ts), by parseAttributeList itself.
 *
 * Same grammar and same values as parseAttributeList (the scan is its loop, see scanAttributeList). A list the scan
 * cannot answer exactly, one with a part without a key (glued onto the value before it), gives null: parse it all.
 */
import type { IseAttributeValue } from '../types.js';
import type { AttributeLookup } from './attribute-lookup.js';
import { scanAttributeList, type AttributeSink } from './attributes.js';

/** Every key records.ts and fields.ts read; asking for any other key is a programming error (it throws). */
export const SCANNED_KEYS: readonly string[] = [
  'Acct-Session-Id',
  'Acct-Session-Time',
  'Acct-Status-Type',
  'Acct-Terminate-Cause',
  'AcsSessionID',
  'CPMSessionID',
  'CVPN3000/ASA/PIX7x-Tunnel-Group-Name',
  'Calling-Station-ID',
  'EndPointIPAddress',
  'EndPointMACAddress',
  'EndpointIPAddress',
  'EndpointMacAddress',
  'EndpointMatchedPolicy',
  'EndpointNADAddress',
  'EndpointPolicy',
  'EndpointProperty',
  'Framed-IP-Address',
  'Framed-IPv6-Address',
  'IpAddress',
  'ipAddress',
  'MacAddress',
  'macAddress',
  'NAS-IP-Address',
  'NAS-IPv6-Address',
  'PostureStatus',
  'SessionID',
  'SessionId',
  'Tunnel-Client-Endpoint',
  'User-Name',
  'UserName',
  'cisco-av-pair',
];

/**
 * Most parts of a list are keys nobody reads; a hash of (length, first char, last char) rejects them with one
 * typed-array load. BY_HASH holds slot + 1 of the first key with that hash (0 for none), NEXT_SAME_HASH chains the
 * others (`EndpointIPAddress` and `EndPointIPAddress` share one).
 */
const HASH_MASK = (1 << 12) - 1;
const BY_HASH = new Uint8Array(HASH_MASK + 1);
const NEXT_SAME_HASH = new Int8Array(SCANNED_KEYS.length).fill(-1);
for (let slot = SCANNED_KEYS.length - 1; slot >= 0; slot--) {
  const key = SCANNED_KEYS[slot]!;
  const h = keyHash(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1));
  NEXT_SAME_HASH[slot] = BY_HASH[h]! - 1;
  BY_HASH[h] = slot + 1;
}

function keyHash(length: number, first: number, last: number): number {
  return (length * 977 + first * 31 + last) & HASH_MASK;
}

/** text.startsWith(key, from) by hand: the builtin's argument checks cost more than the compare on this path. */
function spells(text: string, from: number, key: string): boolean {
  for (let i = key.length - 1; i >= 0; i--) if (text.charCodeAt(from + i) !== key.charCodeAt(i)) return false;
  return true;
}

/**
 * Slot of a key that records ask for (~25 asks per message): looked up in the scan's hash table rather than a Map,
 * since the keys are string literals and comparing equal literals is a pointer compare.
 */
function slotOf(key: string): number {
  let slot = BY_HASH[keyHash(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))]! - 1;
  while (slot >= 0) {
    if (SCANNED_KEYS[slot] === key) return slot;
    slot = NEXT_SAME_HASH[slot]!;
  }
  throw new Error(`ise attributes: '${key}' is not in SCANNED_KEYS (attribute-scan.ts)`);
}

class ScannedAttributes implements AttributeLookup, AttributeSink {
  readonly values: (IseAttributeValue | undefined)[] = new Array<IseAttributeValue | undefined>(SCANNED_KEYS.length).fill(undefined);
  /**
   * A value is set for the current scan only when its stamp is the scan's: starting a scan is one increment, not a
   * fill of every slot (the fill was ~0.4 µs per message, more than the few slots a message sets).
   */
  private readonly stamps = new Int32Array(SCANNED_KEYS.length);
  private scan = 0;

  begin(): void {
    if (++this.scan === 0x7fffffff) {
      this.scan = 1;
      this.stamps.fill(0);
    }
  }

  private valueOf(key: string): IseAttributeValue | undefined {
    const slot = slotOf(key);
    return this.stamps[slot] === this.scan ? this.values[slot] : undefined;
  }

  first(key: string): string | null {
    const v = this.valueOf(key);
    if (v === undefined) return null;
    return typeof v === 'string' ? v : (v[0] ?? null);
  }

  all(key: string): readonly string[] {
    const v = this.valueOf(key);
    if (v === undefined) return [];
    return typeof v === 'string' ? [v] : v;
  }

  has(key: string): boolean {
    return this.valueOf(key) !== undefined;
  }

  /** Slot of the scanned key spelled by text[from, to) (last char code `last`), or -1. */
  slotAt(text: string, from: number, to: number, last: number): number {
    const length = to - from;
    let slot = BY_HASH[keyHash(length, text.charCodeAt(from), last)]! - 1;
    while (slot >= 0) {
      const key = SCANNED_KEYS[slot]!;
      if (key.length === length && spells(text, from, key)) return slot;
      slot = NEXT_SAME_HASH[slot]!;
    }
    return -1;
  }

  add(slot: number, value: string): void {
    if (this.stamps[slot] !== this.scan) {
      this.stamps[slot] = this.scan;
      this.values[slot] = value;
      return;
    }
    const existing = this.values[slot]!;
    if (typeof existing === 'string') this.values[slot] = [existing, value];
    else existing.push(value);
  }
}

/** One scratch lookup: parsing is synchronous and records copy out the values they keep. */
const scratch = new ScannedAttributes();

/**
 * The scanned keys of the attribute list starting at `start`, or null when only the full parse is exact.
 * The result is valid until the next call.
 */
export function scanAttributes(text: string, start = 0): AttributeLookup | null {
  scratch.begin();
  return scanAttributeList(text, start, scratch) ? scratch : null;
}
