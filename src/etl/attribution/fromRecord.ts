import type { DhcpRecord, IseRecord, LineRef, NormalizedUser } from '../../parsers/types.js';
import { eventTypeOf } from './eventTypes.js';
import type { AttributionEvent, AttributionUser } from './types.js';

/*
 * Every event is built as one object literal with all fields in the order of AttributionEvent (the same order
 * as eventOfSilverRow), so every event shares one hidden class. A spread (`{ ...core, ip: null, … }`) or
 * fields added later gave events several shapes, made the hot ETL loop megamorphic and cost more per event
 * than parsing the line.
 */

function userOf(user: NormalizedUser | null): AttributionUser | null {
  return user === null ? null : { raw: user.raw, key: user.key, isPerson: user.isPerson };
}

/** The fields every event has; every optional field starts null. Callers fill what their source knows. */
export type EventCore = Pick<AttributionEvent, 'time' | 'source' | 'eventType' | 'lineage'>;

export function blankEvent(core: EventCore): AttributionEvent {
  return {
    time: core.time,
    source: core.source,
    eventType: core.eventType,
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
    lineage: core.lineage,
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
  // One literal (one hidden class); each source-specific field is read only from the sources that have it.
  const dhcp = record.source === 'dhcp' ? record : null;
  const radius = record.source === 'ise_radius' ? record : null;
  const nas = record.source === 'ise_radius' || record.source === 'ise_auth' ? record : null;
  const person = record.source === 'ise_radius' || record.source === 'ise_auth' || record.source === 'ise_posture' ? record : null;
  return {
    time: record.eventTime,
    source: record.source,
    eventType: eventTypeOf(record),
    ip: record.ip,
    mac: record.mac,
    user: person === null ? null : userOf(person.user),
    // Posture records carry no host name.
    hostname: record.source === 'ise_posture' ? null : record.hostname,
    leaseSeconds: dhcp === null ? null : dhcp.leaseSeconds,
    leaseStart: dhcp === null ? null : dhcp.leaseStart,
    leaseEnd: dhcp === null ? null : dhcp.leaseEnd,
    leaseEvent: dhcp === null ? null : dhcp.leaseEvent,
    sessionId: dhcp !== null ? dhcp.transId : person === null ? null : person.sessionId,
    sessionTimeSeconds: radius === null ? null : radius.sessionTimeSeconds,
    nasIp: nas === null ? null : nas.nasIp,
    lineage: { object: first.object, line: first.line },
  };
}
