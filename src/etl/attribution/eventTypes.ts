import type { AcctStatusType, DhcpRecord, IseRecord, SilverSource } from '../../parsers/types.js';
import type { EventType } from './types.js';

const radiusEventTypes: Record<AcctStatusType, EventType> = {
  Start: 'RADIUS_START',
  'Interim-Update': 'RADIUS_INTERIM',
  Stop: 'RADIUS_STOP',
  'Accounting-On': 'RADIUS_ACCOUNTING_ON',
  'Accounting-Off': 'RADIUS_ACCOUNTING_OFF',
};

/** The event name of a RADIUS accounting record by its Acct-Status-Type (null: a record without one). */
export function radiusEventType(statusType: AcctStatusType | null): EventType {
  return statusType === null ? 'RADIUS_ACCOUNTING' : radiusEventTypes[statusType];
}

/** The event name of a DHCP message: the INFORM form of DHCPACK grants nothing, so it never reads as a lease. */
export function dhcpEventType(messageType: DhcpRecord['messageType'], informAck: boolean): EventType {
  return messageType === 'DHCPACK' && informAck ? 'DHCPINFORM_ACK' : messageType;
}

/** The `ip_lookup_gold.EventType` name of a silver record. */
export function eventTypeOf(record: DhcpRecord | IseRecord): EventType {
  switch (record.source) {
    case 'dhcp':
      return dhcpEventType(record.messageType, record.informAck);
    case 'ise_radius':
      return radiusEventType(record.statusType);
    case 'ise_auth':
      return 'AUTH_PASSED';
    case 'ise_posture':
      return 'POSTURE';
    case 'ise_profiler':
      return 'PROFILER';
  }
}

/**
 * Tie-break order for events logged in the same millisecond (syslog DHCP times have whole seconds, so ties are common).
 * DHCP puts endings first, so an EXPIRE and a fresh ACK in the same second close the old lease before opening the next;
 * then the protocol order of one exchange. RADIUS follows the life of one session.
 */
const eventTypeOrder: readonly EventType[] = [
  'DHCPEXPIRE',
  'DHCPRELEASE',
  'DHCPDECLINE',
  'DHCPDISCOVER',
  'DHCPOFFER',
  'DHCPREQUEST',
  'DHCPNAK',
  'DHCPACK',
  'LEASE_EVENT',
  'DHCPINFORM',
  'DHCPINFORM_ACK',
  'DHCPLEASEQUERY',
  'RADIUS_ACCOUNTING_ON',
  'RADIUS_START',
  'RADIUS_INTERIM',
  'RADIUS_STOP',
  'RADIUS_ACCOUNTING_OFF',
  'RADIUS_ACCOUNTING',
  'AUTH_PASSED',
  'POSTURE',
  'PROFILER',
];

const sourceOrder: readonly SilverSource[] = ['dhcp', 'ise_radius', 'ise_auth', 'ise_posture', 'ise_profiler'];

export const eventTypeRank: ReadonlyMap<EventType, number> = new Map(eventTypeOrder.map((t, i) => [t, i]));
export const sourceRank: ReadonlyMap<SilverSource, number> = new Map(sourceOrder.map((s, i) => [s, i]));
