import type { Interval } from './types.js';

/** One `ip_attribution_gold` row, named as src/lake/gold.ts names the columns. Timestamps are epoch ms (UTC). */
export interface AttributionGoldRow {
  IntervalId: string;
  IpAddress: string;
  MacAddress: string | null;
  UserName: string | null;
  UserKey: string | null;
  Hostname: string | null;
  Source: string;
  Start: number;
  End: number | null;
  EndReason: string;
  Evidence: number;
  SessionId: string | null;
  UserSource: string | null;
  FirstLandingObject: string;
  FirstLineNumber: number;
}

export function toAttributionGoldRow(interval: Interval): AttributionGoldRow {
  return {
    IntervalId: interval.intervalId,
    IpAddress: interval.ip,
    MacAddress: interval.mac,
    UserName: interval.userName,
    UserKey: interval.userKey,
    Hostname: interval.hostname,
    Source: interval.source,
    Start: interval.start,
    End: interval.end,
    EndReason: interval.endReason,
    Evidence: interval.evidence,
    SessionId: interval.sessionId,
    UserSource: interval.userSource,
    FirstLandingObject: interval.firstLineage.object,
    FirstLineNumber: interval.firstLineage.line,
  };
}

const intervalSources = new Set(['dhcp', 'ise_radius']);
const endReasons = new Set(['release', 'expire', 'lease_end', 'superseded', 'stop', 'open']);
const userSources = new Set(['ise_posture', 'ise_auth', 'ise_radius']);

/** Read a stored row back (the pipeline's prior state for ./incremental); rejects values no writer produces. */
export function fromAttributionGoldRow(row: AttributionGoldRow): Interval {
  const where = `ip_attribution_gold row ${row.IntervalId} (${row.IpAddress})`;
  if (!intervalSources.has(row.Source)) throw new Error(`attribution: ${where} has unknown Source ${JSON.stringify(row.Source)}`);
  if (!endReasons.has(row.EndReason)) throw new Error(`attribution: ${where} has unknown EndReason ${JSON.stringify(row.EndReason)}`);
  if (row.UserSource !== null && !userSources.has(row.UserSource)) {
    throw new Error(`attribution: ${where} has unknown UserSource ${JSON.stringify(row.UserSource)}`);
  }
  return {
    intervalId: row.IntervalId,
    source: row.Source as Interval['source'],
    ip: row.IpAddress,
    mac: row.MacAddress,
    userName: row.UserName,
    userKey: row.UserKey,
    userSource: row.UserSource as Interval['userSource'],
    hostname: row.Hostname,
    start: row.Start,
    end: row.End,
    endReason: row.EndReason as Interval['endReason'],
    evidence: row.Evidence,
    sessionId: row.SessionId,
    firstLineage: { object: row.FirstLandingObject, line: row.FirstLineNumber },
  };
}
