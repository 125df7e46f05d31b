import { blankEvent, type AttributionEvent, type AttributionUser, type EventType } from '../../src/etl/attribution/index.js';
import type { SilverSource } from '../../src/parsers/types.js';

/** Builders for attribution events in tests: times are seconds after T0 unless given as ISO text. */
export const T0 = Date.parse('2026-11-28T00:00:00.000Z');
export const at = (seconds: number): number => T0 + seconds * 1000;

const sourceOf = (eventType: EventType): SilverSource => {
  if (eventType.startsWith('DHCP') || eventType === 'LEASE_EVENT') return 'dhcp';
  if (eventType.startsWith('RADIUS')) return 'ise_radius';
  if (eventType === 'AUTH_PASSED') return 'ise_auth';
  if (eventType === 'POSTURE') return 'ise_posture';
  return 'ise_profiler';
};

export const person = (name: string): AttributionUser => ({ raw: name, key: name.toLowerCase(), isPerson: true });
export const notPerson = (name: string): AttributionUser => ({ raw: name, key: name.toLowerCase(), isPerson: false });

let nextLine = 1;

/** An event with every optional field null; `line` defaults to a fresh line number so events stay distinct. */
export function ev(eventType: EventType, seconds: number, fields: Partial<AttributionEvent> = {}): AttributionEvent {
  return {
    ...blankEvent({ time: at(seconds), source: sourceOf(eventType), eventType, lineage: { object: 'landing/test/t.log', line: nextLine++ } }),
    ...fields,
  };
}

export const ack = (s: number, ip: string, mac: string, leaseSeconds: number | null = 3600, more: Partial<AttributionEvent> = {}) =>
  ev('DHCPACK', s, { ip, mac, leaseSeconds, ...more });
export const release = (s: number, ip: string, mac: string) => ev('DHCPRELEASE', s, { ip, mac });
export const expire = (s: number, ip: string, mac: string) => ev('DHCPEXPIRE', s, { ip, mac });
export const radius = (
  kind: 'RADIUS_START' | 'RADIUS_INTERIM' | 'RADIUS_STOP',
  s: number,
  fields: Partial<AttributionEvent> = {},
) => ev(kind, s, fields);

/** The columns a rule decides, for compact expectations. */
export const shape = (i: {
  ip: string;
  mac: string | null;
  source: string;
  start: number;
  end: number | null;
  endReason: string;
  evidence: number;
}) => ({ ip: i.ip, mac: i.mac, source: i.source, start: i.start, end: i.end, endReason: i.endReason, evidence: i.evidence });
