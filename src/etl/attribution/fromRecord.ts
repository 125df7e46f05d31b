import type { DhcpRecord, IseRecord, LineRef, NormalizedUser } from '../../parsers/types.js';
import { eventTypeOf } from './eventTypes.js';
import type { AttributionEvent, AttributionUser } from './types.js';

function userOf(user: NormalizedUser | null): AttributionUser | null {
  return user === null ? null : { raw: user.raw, key: user.key, isPerson: user.isPerson };
}

/** The fields every event has; every optional field starts null. Callers fill what their source knows. */
export type EventCore = Pick<AttributionEvent, 'time' | 'source' | 'eventType' | 'lineage'>;

export function blankEvent(core: EventCore): AttributionEvent {
  return {
    ...core,
    ip: null,
    mac: null,
    user: null,
    hostname: null,
    leaseSeconds: null,
    leaseStart: null,
    leaseEnd: null,
    leaseEvent: null,
    sessionId: null,
    sessionTimeSeconds: null,
    nasIp: null,
  };
}

/** Reduce a silver record to the event the attribution rules read. `lines` are the record's bronze lines. */
export function toAttributionEvent(record: DhcpRecord | IseRecord, lines: readonly LineRef[]): AttributionEvent {
  const first = lines[0];
  if (first === undefined) {
    throw new Error(
      `attribution: ${record.source} record at ${new Date(record.eventTime).toISOString()} has no bronze lines, so its lineage is unknown`,
    );
  }
  const event = blankEvent({
    time: record.eventTime,
    source: record.source,
    eventType: eventTypeOf(record),
    lineage: { object: first.object, line: first.line },
  });
  event.ip = record.ip;
  event.mac = record.mac;
  // Posture records carry no host name.
  event.hostname = record.source === 'ise_posture' ? null : record.hostname;
  switch (record.source) {
    case 'dhcp':
      event.leaseSeconds = record.leaseSeconds;
      event.leaseStart = record.leaseStart;
      event.leaseEnd = record.leaseEnd;
      event.leaseEvent = record.leaseEvent;
      event.sessionId = record.transId;
      break;
    case 'ise_radius':
      event.user = userOf(record.user);
      event.sessionId = record.sessionId;
      event.sessionTimeSeconds = record.sessionTimeSeconds;
      event.nasIp = record.nasIp;
      break;
    case 'ise_auth':
      event.user = userOf(record.user);
      event.sessionId = record.sessionId;
      event.nasIp = record.nasIp;
      break;
    case 'ise_posture':
      event.user = userOf(record.user);
      event.sessionId = record.sessionId;
      break;
    case 'ise_profiler':
      break;
  }
  return event;
}
