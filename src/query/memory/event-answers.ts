import { compareBytewise } from '../../table/index.js';
import type { EventKey } from '../cursor.js';
import { userKeyOf } from '../event-sql.js';
import type { EntityKind, EventFilter, EventRow, TimeWindow } from '../types.js';
import { compareEvents, type EventFile, type EventRef } from './event-file.js';

/**
 * The event questions of the query layer, answered from resident ip_lookup_gold files. Each function mirrors
 * one SQL statement of the session (same predicates, same order, same limits): the DuckDB path is the oracle
 * and test/query/memory-index.test.ts holds the two to identical answers.
 */

/** What one entity's events in a window tell: total, distinct neighbours, and its first events in order. */
export interface EntityEvents {
  total: number;
  ips: string[];
  macs: string[];
  userNames: string[];
  /** Up to the asked number of events, in event order. */
  events: EventRow[];
}

/** Per key: totals and neighbours over the window, and the first `limit` events (after the cursor, when given). */
export function entityEvents(
  files: readonly EventFile[],
  kind: EntityKind,
  keys: readonly string[],
  window: TimeWindow,
  limit: number,
  after?: EventKey,
  withNeighbours = true,
): Map<string, EntityEvents> {
  const out = new Map<string, EntityEvents>();
  const from = window.from * 1000;
  const to = window.to * 1000;
  for (const key of new Set(keys)) {
    let total = 0;
    const ips = new Set<string>();
    const macs = new Set<string>();
    const users = new Set<string>();
    const page: EventRef[] = [];
    for (const file of files) {
      const rows = postingsOf(file, kind).rowsOf(columnOf(file, kind).codeOf(key));
      for (const row of rows) {
        const t = file.micros[row] as number;
        if (t < from || t > to) continue;
        total += 1;
        if (withNeighbours) {
          addValue(ips, file.ip.value(row));
          addValue(macs, file.mac.value(row));
          addValue(users, file.userName.value(row));
        }
        if (limit > 0 && (after === undefined || isAfter(file, row, after))) page.push({ file, row });
      }
    }
    if (total === 0) continue;
    out.set(key, {
      total,
      ips: sorted(ips),
      macs: sorted(macs),
      userNames: sorted(users),
      events: firstInOrder(page, limit).map((r) => r.file.toRow(r.row)),
    });
  }
  return out;
}

/** Events matching a filter (and after the cursor), the first `limit` in event order. */
export function filteredEvents(files: readonly EventFile[], filter: EventFilter, limit: number, after?: EventKey): EventRow[] {
  const found: EventRef[] = [];
  for (const file of files) {
    // Each file gives at most `limit` rows: walk it in event order (or its entity rows) and stop early.
    const before = found.length;
    forEachMatch(file, filter, true, (row) => {
      if (after !== undefined && !isAfter(file, row, after)) return true;
      found.push({ file, row });
      return found.length - before < limit;
    });
  }
  return firstInOrder(found, limit).map((r) => r.file.toRow(r.row));
}

export function countEvents(files: readonly EventFile[], filter: EventFilter): number {
  let n = 0;
  for (const file of files) {
    forEachMatch(file, filter, false, () => {
      n += 1;
      return true;
    });
  }
  return n;
}

/** Matching events per bucket start (epoch ms floored to the bucket size, as `epoch_ms(t) // size * size`). */
export function bucketCounts(files: readonly EventFile[], filter: EventFilter, size: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const file of files) {
    forEachMatch(file, filter, false, (row) => {
      const bucket = Math.floor(Math.floor((file.micros[row] as number) / 1000) / size) * size;
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
      return true;
    });
  }
  return counts;
}

export function anyEvent(files: readonly EventFile[], filter: EventFilter, after?: EventKey): boolean {
  let found = false;
  for (const file of files) {
    forEachMatch(file, filter, false, (row) => {
      if (after === undefined || isAfter(file, row, after)) found = true;
      return !found;
    });
    if (found) return true;
  }
  return false;
}

// ------------------------------------------------------------------ row matching

/**
 * Calls `visit` for every row of the file matching the filter until it returns false. Rows come from the most
 * selective lookup the filter allows (IP, then MAC, then user), else from the whole file; `ordered` walks them
 * in event order.
 */
function forEachMatch(file: EventFile, filter: EventFilter, ordered: boolean, visit: (row: number) => boolean): void {
  const codes = filterCodes(file, filter);
  if (codes === null) return; // a value no row of this file holds
  const from = filter.from * 1000;
  const to = filter.to * 1000;
  const matches = (row: number): boolean => {
    const t = file.micros[row] as number;
    return t >= from && t <= to &&
      (codes.ip === undefined || file.ip.codes[row] === codes.ip) &&
      (codes.mac === undefined || file.mac.codes[row] === codes.mac) &&
      (codes.user === undefined || file.userKey.codes[row] === codes.user) &&
      (codes.source === undefined || file.source.codes[row] === codes.source) &&
      (codes.eventType === undefined || file.eventType.codes[row] === codes.eventType);
  };
  const lookup =
    codes.ip !== undefined ? file.byIp.rowsOf(codes.ip)
    : codes.mac !== undefined ? file.byMac.rowsOf(codes.mac)
    : codes.user !== undefined ? file.byUser.rowsOf(codes.user)
    : null;
  if (lookup !== null) {
    const rows = ordered ? Uint32Array.from(lookup).sort((a, b) => (file.rank[a] as number) - (file.rank[b] as number)) : lookup;
    for (const row of rows) if (matches(row) && !visit(row)) return;
    return;
  }
  if (ordered) {
    for (const row of file.order) if (matches(row) && !visit(row)) return;
    return;
  }
  for (let row = 0; row < file.rows; row += 1) if (matches(row) && !visit(row)) return;
}

interface FilterCodes {
  ip?: number;
  mac?: number;
  user?: number;
  source?: number;
  eventType?: number;
}

/** The filter's values as this file's codes; null when one of them occurs in no row of the file. */
function filterCodes(file: EventFile, filter: EventFilter): FilterCodes | null {
  const codes: FilterCodes = {};
  const wanted: [keyof FilterCodes, string | undefined, EventFile['ip']][] = [
    ['ip', filter.ip, file.ip],
    ['mac', filter.mac, file.mac],
    ['user', filter.userName === undefined ? undefined : userKeyOf(filter.userName), file.userKey],
    ['source', filter.source, file.source],
    ['eventType', filter.eventType, file.eventType],
  ];
  for (const [name, value, column] of wanted) {
    if (value === undefined) continue;
    const code = column.codeOf(value);
    if (code < 0) return null;
    codes[name] = code;
  }
  return codes;
}

function columnOf(file: EventFile, kind: EntityKind) {
  return kind === 'ip' ? file.ip : kind === 'mac' ? file.mac : file.userKey;
}

function postingsOf(file: EventFile, kind: EntityKind) {
  return kind === 'ip' ? file.byIp : kind === 'mac' ? file.byMac : file.byUser;
}

/** Strictly after the cursor in event order (timestamps compared in microseconds, as DuckDB does). */
function isAfter(file: EventFile, row: number, key: EventKey): boolean {
  const dt = (file.micros[row] as number) - key.timestamp * 1000;
  if (dt !== 0) return dt > 0;
  const c =
    compareBytewise(file.source.text(row), key.source) ||
    compareBytewise(file.landingObject.text(row), key.landingObject) ||
    (file.lineNumber[row] as number) - Math.trunc(key.lineNumber) ||
    compareBytewise(file.eventType.text(row), key.eventType);
  return c > 0;
}

function firstInOrder(refs: EventRef[], limit: number): EventRef[] {
  return refs.sort(compareEvents).slice(0, limit);
}

function addValue(set: Set<string>, value: string | null): void {
  if (value !== null) set.add(value);
}

function sorted(values: Set<string>): string[] {
  return [...values].sort(compareBytewise);
}
