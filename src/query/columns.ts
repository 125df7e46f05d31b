import type { PlainRow } from '../engine/index.js';
import type { AttributionRow, EntityKind, EventRow } from './types.js';
import { col } from './sql.js';

/**
 * Projection and row mapping for the two gold tables (column names from src/lake/gold.ts).
 * Only the columns a query needs are read: Parquet is columnar, so projection is the cheapest pruning.
 */

export const ATTRIBUTION_COLUMNS = [
  'IntervalId', 'IpAddress', 'MacAddress', 'UserName', 'Hostname', 'Source', 'Start', 'End', 'EndReason',
  'Evidence', 'SessionId', 'UserSource',
] as const;

export const EVENT_COLUMNS = [
  'EventTimestamp', 'IpAddress', 'MacAddress', 'UserName', 'Hostname', 'EventType', 'Source', 'SessionId',
  'BronzeTable', 'LandingObject', 'LineNumber',
] as const;

/** The total order of events: the pagination key (see cursor.ts). */
export const EVENT_ORDER = ['EventTimestamp', 'Source', 'LandingObject', 'LineNumber', 'EventType'] as const;

/** The gold column an entity kind is matched on. */
export const ENTITY_COLUMN: Record<EntityKind, string> = { ip: 'IpAddress', mac: 'MacAddress', user: 'UserKey' };

export function projection(columns: readonly string[]): string {
  return columns.map(col).join(', ');
}

export function toAttribution(row: PlainRow): AttributionRow {
  return {
    intervalId: str(row.IntervalId),
    ip: str(row.IpAddress),
    mac: strOrNull(row.MacAddress),
    userName: strOrNull(row.UserName),
    hostname: strOrNull(row.Hostname),
    source: str(row.Source),
    start: num(row.Start),
    end: row.End === null || row.End === undefined ? null : num(row.End),
    endReason: str(row.EndReason),
    evidence: num(row.Evidence),
    sessionId: strOrNull(row.SessionId),
    userSource: strOrNull(row.UserSource),
  };
}

export function toEvent(row: PlainRow): EventRow {
  return {
    timestamp: num(row.EventTimestamp),
    ip: strOrNull(row.IpAddress),
    mac: strOrNull(row.MacAddress),
    userName: strOrNull(row.UserName),
    hostname: strOrNull(row.Hostname),
    eventType: str(row.EventType),
    source: str(row.Source),
    sessionId: strOrNull(row.SessionId),
    lineage: {
      bronzeTable: str(row.BronzeTable),
      landingObject: str(row.LandingObject),
      lineNumber: num(row.LineNumber),
    },
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`query: expected a number from DuckDB, got ${typeof value} ${String(value)}`);
}
