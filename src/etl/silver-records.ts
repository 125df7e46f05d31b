import type { PlainRow, PlainValue } from '../engine/index.js';
import type {
  AcctStatusType,
  DhcpMessageType,
  DhcpRecord,
  IseAttributeValue,
  IseCommon,
  IseRecord,
  LineRef,
  NormalizedUser,
  SilverSource,
} from '../parsers/types.js';

/**
 * Silver row → parser record: the inverse of each silver table's `toRow`, used when attribution
 * recomputes an IP's intervals from its whole silver history. Columns come from DuckDB query results.
 */

const text = (v: PlainValue | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: PlainValue | undefined): number | null =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
const bool = (v: PlainValue | undefined): boolean => v === true;

function requireNumber(row: PlainRow, column: string, table: string): number {
  const value = num(row[column]);
  if (value === null) throw new Error(`etl: ${table} row at ${lineOf(row)} has no ${column}`);
  return value;
}

const lineOf = (row: PlainRow): string => `${String(row.LandingObject)}:${String(row.LineNumber)}`;

function userOf(row: PlainRow): NormalizedUser | null {
  const raw = text(row.UserName);
  if (raw === null) return null;
  return {
    raw,
    key: text(row.UserKey) ?? '',
    domain: text(row.UserDomain),
    kind: (text(row.UserKind) ?? 'placeholder') as NormalizedUser['kind'],
    isPerson: bool(row.UserIsPerson),
  };
}

function iseCommonOf(row: PlainRow, table: string): IseCommon {
  let attributes: Record<string, IseAttributeValue>;
  try {
    attributes = JSON.parse(text(row.Attributes) ?? '{}') as Record<string, IseAttributeValue>;
  } catch (err) {
    throw new Error(`etl: ${table} row at ${lineOf(row)} has unreadable Attributes JSON`, { cause: err });
  }
  return {
    category: text(row.Category) ?? '',
    messageId: text(row.MessageId) ?? '',
    host: text(row.Host) ?? '',
    eventTime: requireNumber(row, 'EventTimestamp', table),
    sequence: text(row.Sequence) ?? '',
    messageCode: num(row.MessageCode) ?? 0,
    severity: text(row.Severity) ?? '',
    messageClass: text(row.MessageClass) ?? '',
    messageText: text(row.MessageText) ?? '',
    attributes,
    segments: num(row.Segments) ?? 1,
  };
}

export function recordOfSilverRow(source: SilverSource, row: PlainRow): DhcpRecord | IseRecord {
  switch (source) {
    case 'dhcp':
      return {
        source: 'dhcp',
        eventTime: requireNumber(row, 'EventTimestamp', 'dhcp_silver'),
        messageType: text(row.MessageType) as DhcpMessageType,
        ip: text(row.IpAddress),
        mac: text(row.MacAddress),
        hostname: text(row.Hostname),
        leaseSeconds: num(row.LeaseSeconds),
        offeredSeconds: num(row.OfferedSeconds),
        renew: bool(row.Renew),
        informAck: bool(row.InformAck),
        serverHost: text(row.ServerHost),
        via: text(row.Via),
        relay: text(row.Relay),
        clientId: text(row.ClientId),
        transId: text(row.TransId),
        leaseEvent: text(row.LeaseEvent),
        leaseStart: num(row.LeaseStart),
        leaseEnd: num(row.LeaseEnd),
        failure: text(row.Failure),
      };
    case 'ise_profiler':
      return {
        ...iseCommonOf(row, 'ise_profiler_silver'),
        source: 'ise_profiler',
        ip: text(row.IpAddress),
        mac: text(row.MacAddress),
        hostname: text(row.Hostname),
        endpointPolicy: text(row.EndpointPolicy),
        nadAddress: text(row.NadAddress),
      };
    case 'ise_posture':
      return {
        ...iseCommonOf(row, 'ise_posture_silver'),
        source: 'ise_posture',
        ip: text(row.IpAddress),
        mac: text(row.MacAddress),
        user: userOf(row),
        sessionId: text(row.SessionId),
        postureStatus: text(row.PostureStatus),
      };
    case 'ise_radius':
      return {
        ...iseCommonOf(row, 'ise_radius_silver'),
        source: 'ise_radius',
        statusType: text(row.StatusType) as AcctStatusType | null,
        user: userOf(row),
        ip: text(row.IpAddress),
        mac: text(row.MacAddress),
        remoteAddress: text(row.RemoteAddress),
        isVpn: bool(row.IsVpn),
        sessionId: text(row.SessionId),
        sessionTimeSeconds: num(row.SessionTimeSeconds),
        terminateCause: text(row.TerminateCause),
        nasIp: text(row.NasIp),
        cpmSessionId: text(row.CpmSessionId),
        hostname: text(row.Hostname),
      };
    case 'ise_auth':
      return {
        ...iseCommonOf(row, 'ise_auth_silver'),
        source: 'ise_auth',
        user: userOf(row),
        ip: text(row.IpAddress),
        mac: text(row.MacAddress),
        remoteAddress: text(row.RemoteAddress),
        isVpn: bool(row.IsVpn),
        sessionId: text(row.SessionId),
        nasIp: text(row.NasIp),
        hostname: text(row.Hostname),
      };
  }
}

/** The bronze lines of a silver row, rebuilt from its lineage columns. */
export function lineRefsOfSilverRow(row: PlainRow): LineRef[] {
  const object = text(row.LandingObject) ?? '';
  const offset = num(row.ByteOffset) ?? 0;
  const numbers = text(row.LineNumbers);
  const lines = numbers ? numbers.split(',').map(Number) : [num(row.LineNumber) ?? 0];
  // Offsets of later segment lines are not stored; attribution reads only the first line's lineage.
  return lines.map((line, i) => ({ object, line, offset: i === 0 ? offset : -1 }));
}
