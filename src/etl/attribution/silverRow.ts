import type { AcctStatusType, DhcpMessageType, SilverSource } from '../../parsers/types.js';
import { dhcpEventType, radiusEventType } from './eventTypes.js';
import type { AttributionEvent, AttributionUser } from './types.js';

/**
 * A silver row (column names as src/lake/silver.ts declares them) straight to the attribution event, reading only
 * the columns the rules need: the incremental update re-reads stored events by the thousand, and building a full
 * parser record first (ISE attribute JSON, message text) costs more than the rules themselves.
 * Must agree with toAttributionEvent(recordOfSilverRow(row)) (tested on real silver rows).
 */

/** A cell as a query returns it; anything else (bytes, lists) is not a column these rules read. */
export type SilverCell = string | number | bigint | boolean | null | undefined | object;

const lineageColumns = ['LandingObject', 'LineNumber'] as const;
const userColumns = ['UserName', 'UserKey', 'UserIsPerson'] as const;

/** Per silver table, the columns eventOfSilverRow reads. */
export const silverEventColumns: Readonly<Record<SilverSource, readonly string[]>> = {
  dhcp: [
    'EventTimestamp', 'MessageType', 'InformAck', 'IpAddress', 'MacAddress', 'Hostname',
    'LeaseSeconds', 'LeaseStart', 'LeaseEnd', 'LeaseEvent', 'TransId', ...lineageColumns,
  ],
  ise_radius: [
    'EventTimestamp', 'StatusType', ...userColumns, 'IpAddress', 'MacAddress', 'Hostname',
    'SessionId', 'SessionTimeSeconds', 'NasIp', ...lineageColumns,
  ],
  ise_auth: ['EventTimestamp', ...userColumns, 'IpAddress', 'MacAddress', 'Hostname', 'SessionId', 'NasIp', ...lineageColumns],
  ise_posture: ['EventTimestamp', ...userColumns, 'IpAddress', 'MacAddress', 'SessionId', ...lineageColumns],
  ise_profiler: ['EventTimestamp', 'IpAddress', 'MacAddress', 'Hostname', ...lineageColumns],
};

type Row = Readonly<Record<string, SilverCell>>;

const text = (v: SilverCell): string | null => (typeof v === 'string' ? v : null);
const num = (v: SilverCell): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

function userOf(row: Row): AttributionUser | null {
  const raw = text(row.UserName);
  return raw === null ? null : { raw, key: text(row.UserKey) ?? '', isPerson: row.UserIsPerson === true };
}

export function eventOfSilverRow(source: SilverSource, row: Row): AttributionEvent {
  const time = num(row.EventTimestamp);
  const object = text(row.LandingObject) ?? '';
  if (time === null) throw new Error(`attribution: ${source} silver row at ${object}:${String(row.LineNumber)} has no EventTimestamp`);
  const event: AttributionEvent = {
    time,
    source,
    eventType: 'PROFILER',
    ip: text(row.IpAddress),
    mac: text(row.MacAddress),
    user: null,
    // Posture records carry no host name.
    hostname: source === 'ise_posture' ? null : text(row.Hostname),
    leaseSeconds: null,
    leaseStart: null,
    leaseEnd: null,
    leaseEvent: null,
    sessionId: null,
    sessionTimeSeconds: null,
    nasIp: null,
    lineage: { object, line: num(row.LineNumber) ?? 0 },
  };
  switch (source) {
    case 'dhcp':
      event.eventType = dhcpEventType(text(row.MessageType) as DhcpMessageType, row.InformAck === true);
      event.leaseSeconds = num(row.LeaseSeconds);
      event.leaseStart = num(row.LeaseStart);
      event.leaseEnd = num(row.LeaseEnd);
      event.leaseEvent = text(row.LeaseEvent);
      event.sessionId = text(row.TransId);
      break;
    case 'ise_radius':
      event.eventType = radiusEventType(text(row.StatusType) as AcctStatusType | null);
      event.user = userOf(row);
      event.sessionId = text(row.SessionId);
      event.sessionTimeSeconds = num(row.SessionTimeSeconds);
      event.nasIp = text(row.NasIp);
      break;
    case 'ise_auth':
      event.eventType = 'AUTH_PASSED';
      event.user = userOf(row);
      event.sessionId = text(row.SessionId);
      event.nasIp = text(row.NasIp);
      break;
    case 'ise_posture':
      event.eventType = 'POSTURE';
      event.user = userOf(row);
      event.sessionId = text(row.SessionId);
      break;
    case 'ise_profiler':
      break;
  }
  return event;
}
