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

/** First present value among `keys` (ISE spells some keys two ways: `IpAddress` / `ipAddress`). */
export function firstOf(attributes: Attributes, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = attributes.first(key);
    if (v !== null && v !== '') return v;
  }
  return null;
}

export function ipOf(attributes: Attributes, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = attributes.first(key);
    if (v !== null && v !== '') {
      const ip = normalizeIp(stripRadiusTag(v));
      if (ip !== null) return ip;
    }
  }
  return null;
}

export function macOf(attributes: Attributes, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = attributes.first(key);
    if (v !== null && v !== '') {
      const mac = normalizeMac(v);
      if (mac !== null) return mac;
    }
  }
  return null;
}

export function userOf(attributes: Attributes, ...keys: string[]): NormalizedUser | null {
  const v = firstOf(attributes, ...keys);
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
