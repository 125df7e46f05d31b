import type { TableSpec } from '../table/types.js';

/**
 * The gold tables: the contract between the ETL (writer) and the query layer (reader).
 * Column names follow the seed Databricks design (EventTimestamp, IpAddress, MacAddress, UserName, EventType).
 * Timestamps are UTC; IPs and MACs are canonical text (see src/parsers/normalize).
 */

const lineageColumns = [
  { name: 'BronzeTable', type: 'string', nullable: false, description: 'Bronze table the evidence line is in (dhcp_bronze, ise_bronze).' },
  { name: 'LandingObject', type: 'string', nullable: false, description: 'Landing object key the line was read from.' },
  { name: 'LineNumber', type: 'long', nullable: false, description: '1-based line number within the landing object (first line of a segmented message).' },
] as const satisfies TableSpec['columns'];

/** One row per attribution-relevant event, sorted by IpAddress then EventTimestamp inside each hour file. */
export const ipLookupGold: TableSpec = {
  layer: 'gold',
  name: 'ip_lookup_gold',
  description: 'Every event that ties an IP address to a MAC, user or host, hour-partitioned by event time.',
  columns: [
    { name: 'EventTimestamp', type: 'timestamp', nullable: false, description: 'When the event happened (UTC).' },
    { name: 'IpAddress', type: 'string', nullable: true, description: 'Canonical IPv4 or RFC 5952 IPv6 text.' },
    { name: 'MacAddress', type: 'string', nullable: true, description: 'aa:bb:cc:dd:ee:ff, lower case.' },
    { name: 'UserName', type: 'string', nullable: true, description: 'User name as logged (only names that denote a person).' },
    { name: 'UserKey', type: 'string', nullable: true, description: 'Lower-case account part of UserName, the lookup key.' },
    { name: 'EventType', type: 'string', nullable: false, description: 'DHCPACK, RADIUS_START, PROFILER, POSTURE, AUTH_PASSED, ...' },
    { name: 'Source', type: 'string', nullable: false, description: 'dhcp, ise_profiler, ise_posture, ise_radius or ise_auth.' },
    { name: 'Hostname', type: 'string', nullable: true, description: 'Client host name (DHCP option 12 or ISE endpoint property).' },
    { name: 'SessionId', type: 'string', nullable: true, description: 'RADIUS Acct-Session-Id, ISE CPMSessionID or DHCP transaction id.' },
    ...lineageColumns,
  ],
  partitionColumns: ['dt', 'hr'],
  sortBy: ['IpAddress', 'EventTimestamp'],
  rowGroupSize: 2048,
};

/**
 * Attribution intervals: who held which IP from Start to End.
 * A closed (or projected) interval is stored in every (dt, hr) partition it overlaps, so the intervals containing
 * an instant are exactly the rows of that instant's hour partition whose [Start, End) contains it.
 * An open interval (End null) is stored up to the hour of min(ETL watermark, its last accounting record + the open
 * horizon, default 24 h): lookups stop naming a session a horizon after we last heard of it. For an instant after the
 * watermark, readers also read the watermark's hour (the ETL checkpoint's watermark, not "the newest partition with
 * an open interval"). See docs/attribution.md, Storage.
 */
export const ipAttributionGold: TableSpec = {
  layer: 'gold',
  name: 'ip_attribution_gold',
  description: 'Who held which IP address from when to when, per source, with the evidence behind it.',
  columns: [
    { name: 'IntervalId', type: 'string', nullable: false, description: 'Stable id of the interval (same in every partition copy).' },
    { name: 'IpAddress', type: 'string', nullable: false, description: 'Canonical IP address held.' },
    { name: 'MacAddress', type: 'string', nullable: true, description: 'Device that held it.' },
    { name: 'UserName', type: 'string', nullable: true, description: 'Person attributed (DHCP: stitched from ISE within the look-back).' },
    { name: 'UserKey', type: 'string', nullable: true, description: 'Lower-case account part of UserName.' },
    { name: 'Hostname', type: 'string', nullable: true, description: 'Client host name.' },
    { name: 'Source', type: 'string', nullable: false, description: 'dhcp (lease) or ise_radius (VPN/NAC accounting session).' },
    { name: 'Start', type: 'timestamp', nullable: false, description: 'Interval start (inclusive).' },
    { name: 'End', type: 'timestamp', nullable: true, description: 'Interval end (exclusive); null while open.' },
    { name: 'EndReason', type: 'string', nullable: false, description: 'release, expire, lease_end, superseded, stop or open.' },
    { name: 'Evidence', type: 'integer', nullable: false, description: 'Number of events supporting the interval.' },
    { name: 'SessionId', type: 'string', nullable: true, description: 'RADIUS Acct-Session-Id for sessions.' },
    { name: 'UserSource', type: 'string', nullable: true, description: 'Where the user name came from (ise_posture, ise_auth, ise_radius).' },
    { name: 'FirstLandingObject', type: 'string', nullable: false, description: 'Landing object of the opening evidence.' },
    { name: 'FirstLineNumber', type: 'long', nullable: false, description: 'Line of the opening evidence.' },
  ],
  partitionColumns: ['dt', 'hr'],
  sortBy: ['IpAddress', 'Start'],
  rowGroupSize: 2048,
};

export const goldTables = [ipLookupGold, ipAttributionGold] as const;
