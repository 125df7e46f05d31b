import type { CellValue } from '../engine/index.js';
import type {
  DhcpRecord,
  IseCommon,
  IsePassedAuthRecord,
  IsePostureRecord,
  IseProfilerRecord,
  IseRadiusAccountingRecord,
  LineRef,
  NormalizedUser,
  SilverSource,
} from '../parsers/types.js';
import type { ColumnSpec, TableSpec } from '../table/types.js';
import { iseAttributesJson } from '../parsers/index.js';

/**
 * Silver: typed, parsed records, one table per kind, hour-partitioned by event time (dt/hr, UTC).
 * Each table declares its columns, how a parser record fills them, and its expectations (data-quality
 * rules, as in DLT's `expect_all_or_drop`): rows failing a `drop` rule go to `silver/quarantine`, a `fail`
 * rule stops the run, a `warn` rule only counts.
 */

export type SilverRow = Record<string, CellValue>;

export type ExpectationAction = 'drop' | 'fail' | 'warn';

export interface Expectation {
  /** Stable name: counted per run and stored as the quarantine `Rule`. */
  name: string;
  action: ExpectationAction;
  /** True when the row is acceptable. */
  holds: (row: SilverRow) => boolean;
}

/** Where a silver row came from in bronze. */
export interface Lineage {
  ingestTime: number;
  object: string;
  /** Every bronze line that formed the record, in input order (the first one's offset is the row's ByteOffset). */
  lines: readonly LineRef[];
}

export interface SilverTable<R = unknown> {
  spec: TableSpec;
  /** The parser record kind this table holds. */
  source: SilverSource;
  expectations: readonly Expectation[];
  /**
   * Record → row: one value per `spec.columns` entry, in that order. Built as an array directly, with no
   * per-row object keyed by name (the ETL's hot path); test/etl/silver-cells.test.ts checks the order.
   */
  toCells: (record: R, lineage: Lineage) => CellValue[];
}

// ------------------------------------------------------------------ shared columns and rules

const col = (name: string, type: ColumnSpec['type'], nullable: boolean, description: string): ColumnSpec => ({
  name,
  type,
  nullable,
  description,
});

const lineageColumns: ColumnSpec[] = [
  col('IngestTime', 'timestamp', false, 'When the landing object was ingested (UTC).'),
  col('LandingObject', 'string', false, 'Landing object key of the first bronze line.'),
  col('LineNumber', 'long', false, 'First bronze line of the record.'),
  col('ByteOffset', 'long', false, 'Byte offset of the first bronze line.'),
  col('LineCount', 'integer', false, 'Bronze lines that formed the record (segments of an ISE message).'),
  col('LineNumbers', 'string', true, 'All bronze line numbers, comma-separated, when there is more than one.'),
];

/**
 * A row of exactly `width` cells, filled by index. Rows are the ETL's most allocated objects: a short literal
 * grown by push() was reallocated once or twice per row (about a third of the read phase's allocations).
 */
function newRow(width: number): CellValue[] {
  return new Array<CellValue>(width);
}

/** Writes the lineageColumns' values into `cells` from index `at`, in their order; returns the next index. */
function putLineageCells(cells: CellValue[], at: number, lineage: Lineage): number {
  const { lines } = lineage;
  const first = lines[0];
  cells[at] = lineage.ingestTime;
  cells[at + 1] = lineage.object;
  cells[at + 2] = first?.line ?? 0;
  cells[at + 3] = first?.offset ?? 0;
  cells[at + 4] = lines.length;
  cells[at + 5] = lines.length > 1 ? lines.map((l) => l.line).join(',') : null;
  return at + 6;
}

const userColumns: ColumnSpec[] = [
  col('UserName', 'string', true, 'User name as logged, syslog escapes removed.'),
  col('UserKey', 'string', true, 'Lower-case account without domain: the lookup key.'),
  col('UserDomain', 'string', true, 'Domain part of the user name, if any.'),
  col('UserKind', 'string', true, 'person, machine, mac, anonymous or placeholder.'),
  col('UserIsPerson', 'boolean', true, 'Whether the name denotes a person (only those attribute).'),
];

/** Writes the userColumns' values into `cells` from index `at`, in their order; returns the next index. */
function putUserCells(cells: CellValue[], at: number, user: NormalizedUser | null): number {
  cells[at] = user === null ? null : user.raw;
  cells[at + 1] = user === null ? null : user.key;
  cells[at + 2] = user === null ? null : user.domain;
  cells[at + 3] = user === null ? null : user.kind;
  cells[at + 4] = user === null ? null : user.isPerson;
  return at + 5;
}

const iseColumns: ColumnSpec[] = [
  col('Category', 'string', false, 'ISE category without the CISE_ prefix.'),
  col('MessageId', 'string', false, 'ISE message id (shared by all segments).'),
  col('Host', 'string', false, 'ISE node host name.'),
  col('Sequence', 'string', false, 'ISE sequence number.'),
  col('MessageCode', 'integer', false, 'ISE message code (3000, 5200, 80002, ...).'),
  col('Severity', 'string', false, 'NOTICE, INFO, WARN, ...'),
  col('MessageClass', 'string', false, 'Message class, e.g. Radius-Accounting.'),
  col('MessageText', 'string', false, 'Message text.'),
  col('Attributes', 'string', false, 'All attribute pairs as JSON (repeated keys as arrays).'),
  col('Segments', 'integer', false, 'Number of syslog segments of the message.'),
];

/** Writes the iseColumns' values into `cells` from index `at`, in their order; returns the next index. */
function putIseCells(cells: CellValue[], at: number, record: IseCommon): number {
  cells[at] = record.category;
  cells[at + 1] = record.messageId;
  cells[at + 2] = record.host;
  cells[at + 3] = record.sequence;
  cells[at + 4] = record.messageCode;
  cells[at + 5] = record.severity;
  cells[at + 6] = record.messageClass;
  cells[at + 7] = record.messageText;
  cells[at + 8] = iseAttributesJson(record); // JSON.stringify(record.attributes), without building the map
  cells[at + 9] = record.segments;
  return at + 10;
}

const MIN_EVENT_TIME = Date.UTC(2000, 0, 1);
/**
 * How far an event time may lie after its landing object's ingest time. A day covers time zones and ordinary
 * clock skew; anything later is a skewed clock or a mangled line, and one such row would drag the watermark (and
 * every open session's stored copies) into the future, so the `event_time_not_in_future` rule drops it.
 */
export const FUTURE_EVENT_TOLERANCE_MS = 86_400_000;
/** The watermark's clamp in the ETL (same tolerance as the rule, so a kept row never needs clamping). */
export const MAX_CLOCK_AHEAD_MS = FUTURE_EVENT_TOLERANCE_MS;

// One predicate per column, made once: rules call present('X')(row) for every row.
const presentRules = new Map<string, (row: SilverRow) => boolean>();
const present = (column: string): ((row: SilverRow) => boolean) => {
  let rule = presentRules.get(column);
  if (rule === undefined) {
    rule = (row) => {
      const value = row[column];
      return value !== null && value !== undefined && value !== '';
    };
    presentRules.set(column, rule);
  }
  return rule;
};

/** The seed's rule and ours for every table: a usable event time. */
const timeRules: Expectation[] = [
  {
    name: 'event_timestamp_not_null',
    action: 'drop',
    holds: (row) => typeof row.EventTimestamp === 'number' && Number.isFinite(row.EventTimestamp),
  },
  {
    name: 'event_timestamp_after_2000',
    action: 'drop',
    holds: (row) => typeof row.EventTimestamp === 'number' && row.EventTimestamp >= MIN_EVENT_TIME,
  },
  {
    name: 'event_time_not_in_future',
    action: 'drop',
    holds: (row) =>
      typeof row.EventTimestamp === 'number' &&
      typeof row.IngestTime === 'number' &&
      row.EventTimestamp <= row.IngestTime + FUTURE_EVENT_TOLERANCE_MS,
  },
];

const partitionSpec = { partitionColumns: ['dt', 'hr'], rowGroupSize: 16_384 };

// ------------------------------------------------------------------ dhcp_silver

const dhcpSpec: TableSpec = {
  layer: 'silver',
  name: 'dhcp_silver',
  description: 'Parsed ISC dhcpd / Infoblox NIOS DHCP messages.',
  columns: [
    col('EventTimestamp', 'timestamp', false, 'When the message was logged (UTC).'),
    col('MessageType', 'string', false, 'DHCPACK, DHCPRELEASE, ..., LEASE_EVENT (r-l-e).'),
    col('IpAddress', 'string', true, 'The address the message is about.'),
    col('MacAddress', 'string', true, 'Client hardware address.'),
    col('Hostname', 'string', true, 'Client host name (option 12).'),
    col('LeaseSeconds', 'long', true, 'lease-duration, or r-l-e end - start.'),
    col('OfferedSeconds', 'long', true, 'offered-duration (OFFER).'),
    col('Renew', 'boolean', false, '(RENEW) present.'),
    col('InformAck', 'boolean', false, 'DHCPACK of the INFORM form.'),
    col('ServerHost', 'string', true, 'Syslog host of the DHCP server.'),
    col('Via', 'string', true, 'Interface or giaddr.'),
    col('Relay', 'string', true, 'Relay agent.'),
    col('ClientId', 'string', true, 'Client identifier (option 61).'),
    col('TransId', 'string', true, 'Transaction id.'),
    col('LeaseEvent', 'string', true, 'r-l-e lease event name.'),
    col('LeaseStart', 'timestamp', true, 'r-l-e lease start.'),
    col('LeaseEnd', 'timestamp', true, 'r-l-e lease end.'),
    col('Failure', 'string', true, 'Failure suffix, e.g. "no free leases".'),
    ...lineageColumns,
  ],
  sortBy: ['IpAddress', 'EventTimestamp'],
  ...partitionSpec,
};
const dhcpWidth = dhcpSpec.columns.length;

export const dhcpSilver: SilverTable<DhcpRecord> = {
  source: 'dhcp',
  spec: dhcpSpec,
  expectations: [
    ...timeRules,
    { name: 'ip_or_mac_present', action: 'drop', holds: (row) => present('IpAddress')(row) || present('MacAddress')(row) },
    {
      name: 'lease_seconds_not_negative',
      action: 'drop',
      holds: (row) => row.LeaseSeconds === null || (typeof row.LeaseSeconds === 'number' && row.LeaseSeconds >= 0),
    },
  ],
  toCells: (r, lineage) => {
    const cells = newRow(dhcpWidth);
    cells[0] = r.eventTime;
    cells[1] = r.messageType;
    cells[2] = r.ip;
    cells[3] = r.mac;
    cells[4] = r.hostname;
    cells[5] = r.leaseSeconds;
    cells[6] = r.offeredSeconds;
    cells[7] = r.renew;
    cells[8] = r.informAck;
    cells[9] = r.serverHost;
    cells[10] = r.via;
    cells[11] = r.relay;
    cells[12] = r.clientId;
    cells[13] = r.transId;
    cells[14] = r.leaseEvent;
    cells[15] = r.leaseStart;
    cells[16] = r.leaseEnd;
    cells[17] = r.failure;
    putLineageCells(cells, 18, lineage);
    return cells;
  },
};

// ------------------------------------------------------------------ ISE tables

const iseSpec = (name: string, description: string, own: ColumnSpec[]): TableSpec => ({
  layer: 'silver',
  name,
  description,
  columns: [col('EventTimestamp', 'timestamp', false, 'Body timestamp with its offset applied (UTC).'), ...own, ...iseColumns, ...lineageColumns],
  sortBy: ['IpAddress', 'EventTimestamp'],
  ...partitionSpec,
});

const profilerSpec = iseSpec('ise_profiler_silver', 'ISE Profiler endpoint events (80002).', [
  col('IpAddress', 'string', true, 'EndpointIPAddress.'),
  col('MacAddress', 'string', true, 'EndpointMacAddress.'),
  col('Hostname', 'string', true, 'Endpoint host name.'),
  col('EndpointPolicy', 'string', true, 'Profiled endpoint policy.'),
  col('NadAddress', 'string', true, 'Network access device address.'),
]);
const profilerWidth = profilerSpec.columns.length;

export const iseProfilerSilver: SilverTable<IseProfilerRecord> = {
  source: 'ise_profiler',
  spec: profilerSpec,
  // The seed drops profiler events without IP or MAC (about 1 in 8 by design).
  expectations: [
    ...timeRules,
    { name: 'ip_address_not_null', action: 'drop', holds: present('IpAddress') },
    { name: 'mac_address_not_null', action: 'drop', holds: present('MacAddress') },
  ],
  toCells: (r, lineage) => {
    const cells = newRow(profilerWidth);
    cells[0] = r.eventTime;
    cells[1] = r.ip;
    cells[2] = r.mac;
    cells[3] = r.hostname;
    cells[4] = r.endpointPolicy;
    cells[5] = r.nadAddress;
    putLineageCells(cells, putIseCells(cells, 6, r), lineage);
    return cells;
  },
};

const postureSpec = iseSpec('ise_posture_silver', 'ISE posture and client provisioning audit events.', [
  col('IpAddress', 'string', true, 'IpAddress / ipAddress.'),
  col('MacAddress', 'string', true, 'MacAddress.'),
  ...userColumns,
  col('SessionId', 'string', true, 'Posture session id.'),
  col('PostureStatus', 'string', true, 'Compliant, NonCompliant, ...'),
]);
const postureWidth = postureSpec.columns.length;

export const isePostureSilver: SilverTable<IsePostureRecord> = {
  source: 'ise_posture',
  spec: postureSpec,
  // Posture rows without an address tie nothing together; the seed drops them too.
  expectations: [
    ...timeRules,
    { name: 'ip_or_mac_present', action: 'drop', holds: (row) => present('IpAddress')(row) || present('MacAddress')(row) },
  ],
  toCells: (r, lineage) => {
    const cells = newRow(postureWidth);
    cells[0] = r.eventTime;
    cells[1] = r.ip;
    cells[2] = r.mac;
    const at = putUserCells(cells, 3, r.user);
    cells[at] = r.sessionId;
    cells[at + 1] = r.postureStatus;
    putLineageCells(cells, putIseCells(cells, at + 2, r), lineage);
    return cells;
  },
};

const radiusSpec = iseSpec('ise_radius_silver', 'ISE RADIUS accounting (Start, Stop, Interim-Update).', [
  col('StatusType', 'string', true, 'Acct-Status-Type.'),
  ...userColumns,
  col('IpAddress', 'string', true, 'Framed-IP-Address.'),
  col('MacAddress', 'string', true, 'Calling-Station-ID (NAC) or mdm-tlv device-mac (VPN).'),
  col('RemoteAddress', 'string', true, "VPN client's public address."),
  col('IsVpn', 'boolean', false, 'Remote-access VPN session.'),
  col('SessionId', 'string', true, 'Acct-Session-Id.'),
  col('SessionTimeSeconds', 'long', true, 'Acct-Session-Time.'),
  col('TerminateCause', 'string', true, 'Acct-Terminate-Cause.'),
  col('NasIp', 'string', true, 'NAS-IP-Address.'),
  col('CpmSessionId', 'string', true, 'ISE CPMSessionID.'),
  col('Hostname', 'string', true, 'Endpoint host name.'),
]);
const radiusWidth = radiusSpec.columns.length;

export const iseRadiusSilver: SilverTable<IseRadiusAccountingRecord> = {
  source: 'ise_radius',
  spec: radiusSpec,
  // No IP rule: an Interim-Update may supply the address a Start lacked (docs/attribution.md).
  expectations: [
    ...timeRules,
    {
      name: 'session_key_present',
      action: 'drop',
      holds: (row) => present('SessionId')(row) || (present('NasIp')(row) && present('MacAddress')(row)) || present('IpAddress')(row),
    },
    {
      name: 'session_time_not_negative',
      action: 'drop',
      holds: (row) => row.SessionTimeSeconds === null || (typeof row.SessionTimeSeconds === 'number' && row.SessionTimeSeconds >= 0),
    },
  ],
  toCells: (r, lineage) => {
    const cells = newRow(radiusWidth);
    cells[0] = r.eventTime;
    cells[1] = r.statusType;
    const at = putUserCells(cells, 2, r.user);
    cells[at] = r.ip;
    cells[at + 1] = r.mac;
    cells[at + 2] = r.remoteAddress;
    cells[at + 3] = r.isVpn;
    cells[at + 4] = r.sessionId;
    cells[at + 5] = r.sessionTimeSeconds;
    cells[at + 6] = r.terminateCause;
    cells[at + 7] = r.nasIp;
    cells[at + 8] = r.cpmSessionId;
    cells[at + 9] = r.hostname;
    putLineageCells(cells, putIseCells(cells, at + 10, r), lineage);
    return cells;
  },
};

const authSpec = iseSpec('ise_auth_silver', 'ISE passed authentications (5200, 5231, ...).', [
  ...userColumns,
  col('IpAddress', 'string', true, 'Framed-IP-Address / EndPointIPAddress / IpAddress.'),
  col('MacAddress', 'string', true, 'Calling-Station-ID / EndPointMACAddress.'),
  col('RemoteAddress', 'string', true, "VPN client's public address."),
  col('IsVpn', 'boolean', false, 'Remote-access VPN authentication.'),
  col('SessionId', 'string', true, 'CPMSessionID or AcsSessionID.'),
  col('NasIp', 'string', true, 'NAS-IP-Address.'),
  col('Hostname', 'string', true, 'Endpoint host name.'),
]);
const authWidth = authSpec.columns.length;

export const iseAuthSilver: SilverTable<IsePassedAuthRecord> = {
  source: 'ise_auth',
  spec: authSpec,
  expectations: [
    ...timeRules,
    { name: 'user_or_address_present', action: 'warn', holds: (row) => present('UserName')(row) || present('IpAddress')(row) || present('MacAddress')(row) },
  ],
  toCells: (r, lineage) => {
    const cells = newRow(authWidth);
    cells[0] = r.eventTime;
    const at = putUserCells(cells, 1, r.user);
    cells[at] = r.ip;
    cells[at + 1] = r.mac;
    cells[at + 2] = r.remoteAddress;
    cells[at + 3] = r.isVpn;
    cells[at + 4] = r.sessionId;
    cells[at + 5] = r.nasIp;
    cells[at + 6] = r.hostname;
    putLineageCells(cells, putIseCells(cells, at + 7, r), lineage);
    return cells;
  },
};

// ------------------------------------------------------------------ quarantine

/** Lines that did not become silver rows, with why: parser reasons, dropped expectations, unreadable objects. */
export const quarantine: TableSpec = {
  layer: 'silver',
  name: 'quarantine',
  description: 'Lines that did not become silver rows: parser failures, dropped expectations, unreadable remainders.',
  columns: [
    col('Source', 'string', false, 'Landing source: dhcp or ise.'),
    col('TargetTable', 'string', true, 'Silver table the row was meant for (expectation drops).'),
    col('Kind', 'string', false, 'parser, expectation or unreadable.'),
    col('Rule', 'string', false, 'Parser failure reason or expectation name.'),
    col('Detail', 'string', false, 'What was expected and what was found.'),
    col('RawLine', 'string', false, 'The raw text of every line concerned, newline-joined.'),
    col('EventTimestamp', 'timestamp', true, 'Event time when the parser found one.'),
    ...lineageColumns,
  ],
  partitionColumns: ['dt'],
  sortBy: ['LandingObject', 'LineNumber'],
  rowGroupSize: 16_384,
};

export const silverTables = [dhcpSilver, iseProfilerSilver, isePostureSilver, iseRadiusSilver, iseAuthSilver] as const;

export function silverTableOf(source: SilverSource): SilverTable {
  const table = silverTables.find((t) => t.source === source);
  if (!table) throw new Error(`silver: no table for parser record source ${JSON.stringify(source)}`);
  return table as SilverTable;
}
