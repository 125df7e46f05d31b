import type { TableSpec } from '../table/types.js';

/**
 * Bronze: every raw line exactly as it landed, nothing filtered. One table per landing source.
 * Text is kept as text for people and SQL; when the bytes are not valid UTF-8 (or the line was cut)
 * `RawBytes` holds the exact bytes, so nothing is ever lost to decoding.
 */
function bronzeTable(name: string, what: string): TableSpec {
  return {
    layer: 'bronze',
    name,
    description: `Every raw ${what} syslog line, with where and when it landed.`,
    columns: [
      { name: 'IngestTime', type: 'timestamp', nullable: false, description: 'When the landing object was ingested (UTC).' },
      { name: 'LandingObject', type: 'string', nullable: false, description: 'Landing object key the line was read from.' },
      { name: 'LineNumber', type: 'long', nullable: false, description: '1-based line number within the decompressed object.' },
      { name: 'ByteOffset', type: 'long', nullable: false, description: "Byte offset of the line's first byte in the decompressed object." },
      { name: 'LineBytes', type: 'long', nullable: false, description: 'Full length of the line in bytes (without the line ending).' },
      { name: 'Line', type: 'string', nullable: false, description: 'The line as UTF-8 text (invalid bytes shown as U+FFFD).' },
      { name: 'RawBytes', type: 'binary', nullable: true, description: 'Exact bytes, set only when the line is not valid UTF-8.' },
    ],
    // Partitioned by ingest day: bronze is read back by landing object, never by event time.
    partitionColumns: ['dt'],
    sortBy: ['LandingObject', 'LineNumber'],
    rowGroupSize: 65_536,
  };
}

export const dhcpBronze = bronzeTable('dhcp_bronze', 'DHCP (ISC dhcpd / Infoblox)');
export const iseBronze = bronzeTable('ise_bronze', 'Cisco ISE');

export const bronzeTables = [dhcpBronze, iseBronze] as const;
