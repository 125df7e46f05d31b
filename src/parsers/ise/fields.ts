/**
 * Attribution fields shared by the ISE record kinds, read from an attribute lookup.
 * Every value passes through the shared normalisers, so a malformed value becomes null, never a wrong value.
 */
import type { NormalizedUser } from '../types.js';
// Straight from the defining modules, not the normalize barrel: these run several times per message.
import { normalizeIp } from '../normalize/ip.js';
import { normalizeMac } from '../normalize/mac.js';
import { normalizeUser } from '../normalize/user.js';
import type { AttributeLookup } from './attribute-lookup.js';

type Attributes = AttributeLookup;

// The helpers below take up to four keys as plain parameters, not `...keys`: a rest array per call was garbage,
// about ten arrays per message. Unused trailing keys are `undefined` and end the search.

/** First present value among the keys, in order (ISE spells some keys two ways: `IpAddress` / `ipAddress`). */
export function firstOf(attributes: Attributes, k1: string, k2?: string, k3?: string, k4?: string): string | null {
  let v = attributes.first(k1);
  if (v !== null && v !== '') return v;
  if (k2 === undefined) return null;
  v = attributes.first(k2);
  if (v !== null && v !== '') return v;
  if (k3 === undefined) return null;
  v = attributes.first(k3);
  if (v !== null && v !== '') return v;
  if (k4 === undefined) return null;
  v = attributes.first(k4);
  return v !== null && v !== '' ? v : null;
}

/** The first of the keys whose value is a valid IP, normalised. */
export function ipOf(attributes: Attributes, k1: string, k2?: string, k3?: string, k4?: string): string | null {
  let ip = ipAt(attributes, k1);
  if (ip !== null || k2 === undefined) return ip;
  ip = ipAt(attributes, k2);
  if (ip !== null || k3 === undefined) return ip;
  ip = ipAt(attributes, k3);
  if (ip !== null || k4 === undefined) return ip;
  return ipAt(attributes, k4);
}

function ipAt(attributes: Attributes, key: string): string | null {
  const v = attributes.first(key);
  return v !== null && v !== '' ? normalizeIp(stripRadiusTag(v)) : null;
}

/** The first of the keys whose value is a valid MAC, normalised. */
export function macOf(attributes: Attributes, k1: string, k2?: string, k3?: string, k4?: string): string | null {
  let mac = macAt(attributes, k1);
  if (mac !== null || k2 === undefined) return mac;
  mac = macAt(attributes, k2);
  if (mac !== null || k3 === undefined) return mac;
  mac = macAt(attributes, k3);
  if (mac !== null || k4 === undefined) return mac;
  return macAt(attributes, k4);
}

function macAt(attributes: Attributes, key: string): string | null {
  const v = attributes.first(key);
  return v !== null && v !== '' ? normalizeMac(v) : null;
}

export function userOf(attributes: Attributes, k1: string, k2?: string): NormalizedUser | null {
  const v = firstOf(attributes, k1, k2);
  return v === null ? null : normalizeUser(v);
}

/** Value of `name=` inside the repeated `cisco-av-pair` attribute (`mdm-tlv=device-mac=…`, `audit-session-id=…`). */
export function avPair(attributes: Attributes, name: string): string | null {
  const prefix = `${name}=`;
  for (const v of attributes.all('cisco-av-pair')) {
    if (v.startsWith(prefix)) return v.slice(prefix.length).trim();
  }
  return null;
}

/** Value of `name=` inside a comma-joined property list such as the profiler's `EndpointProperty`. */
export function subProperty(list: string | null, name: string): string | null {
  if (list === null) return null;
  const prefix = `${name}=`;
  let from = 0;
  for (;;) {
    const at = list.indexOf(prefix, from);
    if (at < 0) return null;
    if (at === 0 || list.charCodeAt(at - 1) === 44) {
      const end = list.indexOf(',', at);
      return list.slice(at + prefix.length, end < 0 ? list.length : end).trim();
    }
    from = at + prefix.length;
  }
}

/** `(tag=0) 81.2.69.145` (RADIUS tagged attribute as ISE prints it) → `81.2.69.145`. */
export function stripRadiusTag(value: string): string {
  if (!value.startsWith('(tag=')) return value;
  const close = value.indexOf(')');
  return close < 0 ? value : value.slice(close + 1).trim();
}

export function nonNegativeInt(value: string | null): number | null {
  if (value === null || !/^[0-9]{1,12}$/.test(value)) return null;
  return Number(value);
}

export function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}
