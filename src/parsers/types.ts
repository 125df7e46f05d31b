/**
 * The parsers' contract. Parsers know nothing of storage, tables or GraphQL:
 * they turn raw syslog lines into typed records or into a reason, keeping the raw line.
 * Times are epoch milliseconds (UTC). IPs, MACs and user names arrive normalised by ./normalize.
 */

/** Where a raw line came from; the ETL fills it from bronze, tests fill it by hand. */
export interface LineRef {
  /** Landing object key, e.g. `landing/dhcp/2026-11-28/host1.log.gz`. */
  object: string;
  /** 1-based line number within the (decompressed) object. */
  line: number;
  /** Byte offset of the line's first byte within the decompressed object. */
  offset: number;
}

/** Context a parser needs that is not in the line itself. */
export interface ParseContext {
  /** When the landing object was ingested (epoch ms): anchors the year of year-less syslog times. */
  ingestTime: number;
  /** IANA zone for year-less syslog clocks of this source (default 'UTC'). */
  timeZone?: string;
}

/** Stable reasons a line is not a record. `not_*` and `unsupported_*` mean "well-formed but not for us". */
export type ParseFailureReason =
  | 'empty_line'
  | 'binary_garbage'
  | 'line_too_long'
  | 'unparseable_header'
  | 'unparseable_timestamp'
  | 'not_dhcp'
  | 'unknown_dhcp_message'
  | 'unparseable_dhcp_message'
  | 'not_ise'
  | 'unsupported_ise_category'
  | 'unparseable_ise_body'
  | 'orphan_segment'
  | 'incomplete_message'
  | 'duplicate_segment';

/** Why a line (or group of segment lines) did not become a record. */
export interface ParseFailure {
  ok: false;
  reason: ParseFailureReason;
  /** Human-readable context: what was expected, what was found. */
  detail: string;
  /** The raw text of every line concerned, in input order. */
  raw: string[];
  lines: LineRef[];
}

export interface ParseSuccess<R> {
  ok: true;
  record: R;
  /** Every bronze line that formed this record (several for a segmented ISE message). */
  lines: LineRef[];
}

export type ParseResult<R> = ParseSuccess<R> | ParseFailure;

/** A user name as seen, with what it names. Attribution uses only `isPerson` names. */
export interface NormalizedUser {
  /** The value as logged, with syslog escapes removed (`CISCO\sahota`). */
  raw: string;
  /** Lower-cased account without domain or host prefix (`sahota`): the lookup key. */
  key: string;
  /** Domain part, if any (`CISCO`, `example.com`). */
  domain: string | null;
  kind: 'person' | 'machine' | 'mac' | 'anonymous' | 'placeholder';
  isPerson: boolean;
}

// ---------------------------------------------------------------- DHCP

export type DhcpMessageType =
  | 'DHCPDISCOVER'
  | 'DHCPOFFER'
  | 'DHCPREQUEST'
  | 'DHCPACK'
  | 'DHCPNAK'
  | 'DHCPRELEASE'
  | 'DHCPDECLINE'
  | 'DHCPEXPIRE'
  | 'DHCPINFORM'
  | 'DHCPLEASEQUERY'
  | 'LEASE_EVENT';

export interface DhcpRecord {
  source: 'dhcp';
  eventTime: number;
  messageType: DhcpMessageType;
  /** The address the message is about (granted, offered, released, …); null when absent or 0.0.0.0. */
  ip: string | null;
  mac: string | null;
  /** Client host name (option 12), never a user. */
  hostname: string | null;
  /** `lease-duration` (ACK) in seconds, or r-l-e end − start. */
  leaseSeconds: number | null;
  /** `offered-duration` (OFFER). */
  offeredSeconds: number | null;
  /** `(RENEW)` present. */
  renew: boolean;
  /** DHCPACK of the INFORM form: `DHCPACK to <ip> (<mac>)` – the client already holds the address. */
  informAck: boolean;
  /** Syslog host of the DHCP server. */
  serverHost: string | null;
  /** `via <iface|giaddr>`. */
  via: string | null;
  relay: string | null;
  /** `uid` (option 61 client-id) as logged, lower-case. */
  clientId: string | null;
  transId: string | null;
  /** r-l-e lease event name (`Renewed`, `Fixed`, `Issued`, `Freed`, `Abandoned`). */
  leaseEvent: string | null;
  /** r-l-e explicit lease bounds (epoch ms). */
  leaseStart: number | null;
  leaseEnd: number | null;
  /** Failure suffix such as `network 10.50.0.0/20: no free leases`, `not found`. */
  failure: string | null;
}

// ---------------------------------------------------------------- ISE

export type IseAttributeValue = string | string[];

/** Fields every reassembled ISE message has. */
export interface IseCommon {
  /** `CISE_<Category>` without the prefix, e.g. `RADIUS_Accounting`. */
  category: string;
  messageId: string;
  /** ISE node host name from the ISE header (never the relay's). */
  host: string;
  /** Body timestamp with its offset applied. */
  eventTime: number;
  sequence: string;
  messageCode: number;
  severity: string;
  messageClass: string;
  messageText: string;
  /** Attribute pairs; keys trimmed; repeated keys become arrays in order of appearance. */
  attributes: Record<string, IseAttributeValue>;
  segments: number;
}

export interface IseProfilerRecord extends IseCommon {
  source: 'ise_profiler';
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  endpointPolicy: string | null;
  nadAddress: string | null;
}

export interface IsePostureRecord extends IseCommon {
  source: 'ise_posture';
  ip: string | null;
  mac: string | null;
  user: NormalizedUser | null;
  sessionId: string | null;
  postureStatus: string | null;
}

export type AcctStatusType = 'Start' | 'Stop' | 'Interim-Update' | 'Accounting-On' | 'Accounting-Off';

export interface IseRadiusAccountingRecord extends IseCommon {
  source: 'ise_radius';
  statusType: AcctStatusType | null;
  user: NormalizedUser | null;
  /** Framed-IP-Address: the address the session uses inside the network. */
  ip: string | null;
  mac: string | null;
  /** VPN: the client's public address from Calling-Station-ID / Tunnel-Client-Endpoint. */
  remoteAddress: string | null;
  isVpn: boolean;
  /** Acct-Session-Id. */
  sessionId: string | null;
  sessionTimeSeconds: number | null;
  terminateCause: string | null;
  nasIp: string | null;
  cpmSessionId: string | null;
  hostname: string | null;
}

export interface IsePassedAuthRecord extends IseCommon {
  source: 'ise_auth';
  user: NormalizedUser | null;
  ip: string | null;
  mac: string | null;
  remoteAddress: string | null;
  isVpn: boolean;
  /** CPMSessionID or AcsSessionID. */
  sessionId: string | null;
  nasIp: string | null;
  hostname: string | null;
}

export type IseRecord = IseProfilerRecord | IsePostureRecord | IseRadiusAccountingRecord | IsePassedAuthRecord;

export type SilverSource = DhcpRecord['source'] | IseRecord['source'];
