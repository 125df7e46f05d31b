import type { NormalizedUser, SilverSource } from '../../parsers/types.js';

/**
 * The attribution module's data shapes. Pure data: the pipeline builds events from silver records
 * (see ./fromRecord) and writes intervals to `gold/ip_attribution_gold` (see ./goldRow).
 * Times are epoch milliseconds (UTC).
 */

/** Event names as stored in `ip_lookup_gold.EventType` (see ./eventTypes for the mapping). */
export type EventType =
  | 'DHCPDISCOVER'
  | 'DHCPOFFER'
  | 'DHCPREQUEST'
  | 'DHCPACK'
  | 'DHCPINFORM_ACK'
  | 'DHCPNAK'
  | 'DHCPRELEASE'
  | 'DHCPDECLINE'
  | 'DHCPEXPIRE'
  | 'DHCPINFORM'
  | 'DHCPLEASEQUERY'
  | 'LEASE_EVENT'
  | 'RADIUS_START'
  | 'RADIUS_INTERIM'
  | 'RADIUS_STOP'
  | 'RADIUS_ACCOUNTING_ON'
  | 'RADIUS_ACCOUNTING_OFF'
  | 'RADIUS_ACCOUNTING'
  | 'AUTH_PASSED'
  | 'POSTURE'
  | 'PROFILER';

/** The parts of a NormalizedUser attribution needs. */
export type AttributionUser = Pick<NormalizedUser, 'raw' | 'key' | 'isPerson'>;

/** The bronze line an event came from (first line of a segmented ISE message). */
export interface Lineage {
  object: string;
  line: number;
}

/** One attribution-relevant event: a silver record reduced to what the rules read. */
export interface AttributionEvent {
  /** When the event was logged (ip_lookup_gold.EventTimestamp). */
  time: number;
  source: SilverSource;
  eventType: EventType;
  ip: string | null;
  mac: string | null;
  user: AttributionUser | null;
  hostname: string | null;
  /** DHCPACK `lease-duration`, or r-l-e end − start. */
  leaseSeconds: number | null;
  /** r-l-e explicit lease bounds. */
  leaseStart: number | null;
  leaseEnd: number | null;
  /** r-l-e event name (`Issued`, `Renewed`, `Fixed`, `Freed`, `Abandoned`). */
  leaseEvent: string | null;
  /** RADIUS Acct-Session-Id, ISE CPMSessionID, or DHCP transaction id (ip_lookup_gold.SessionId). */
  sessionId: string | null;
  /** RADIUS Acct-Session-Time (Interim, Stop). */
  sessionTimeSeconds: number | null;
  /** RADIUS NAS-IP-Address: with the MAC, the session key when Acct-Session-Id is missing. */
  nasIp: string | null;
  lineage: Lineage;
}

/**
 * A run's new events as the gold step reads them: one at a time, each a fresh object (src/etl/event-buffer.ts holds
 * them column by column), so only the events being worked on are objects at any moment. An array serves too.
 */
export interface RunEvents extends Iterable<AttributionEvent> {
  readonly length: number;
  /** The landing objects the events come from (lineage.object), each once. */
  objects(): Set<string>;
}

export type IntervalSource = 'dhcp' | 'ise_radius';

export type EndReason = 'release' | 'expire' | 'lease_end' | 'superseded' | 'stop' | 'open';

/** ISE tables a user name can be stitched from. */
export type UserSource = 'ise_posture' | 'ise_auth' | 'ise_radius';

/** Who held `ip` over `[start, end)`: one `ip_attribution_gold` row (before partition placement). */
export interface Interval {
  /** Stable hash of (source, ip, mac, start, sessionId): see ./intervalId. */
  intervalId: string;
  source: IntervalSource;
  ip: string;
  mac: string | null;
  userName: string | null;
  userKey: string | null;
  userSource: UserSource | null;
  hostname: string | null;
  start: number;
  /** Exclusive; null while a RADIUS session is open. */
  end: number | null;
  endReason: EndReason;
  /** Number of events that support the interval. */
  evidence: number;
  /** RADIUS Acct-Session-Id (null for DHCP and for sessions keyed by NAS + MAC). */
  sessionId: string | null;
  /** The opening evidence. */
  firstLineage: Lineage;
}
