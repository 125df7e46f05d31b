import DataLoader from 'dataloader';
import type { PlainRow } from '../engine/index.js';
import { compareBytewise, partitionPath, type PruneRequest, type RangePredicate, type Snapshot } from '../table/index.js';
import { ATTRIBUTION_COLUMNS, ENTITY_COLUMN, EVENT_COLUMNS, projection, toAttribution, toEvent } from './columns.js';
import { decodeCursor, encodeCursor, type EventKey } from './cursor.js';
import { QueryTimeoutError } from './errors.js';
import { afterCondition, eventConditions, orderBy, userKeyOf } from './event-sql.js';
import { attributionsByKey } from './memory/attribution-answers.js';
import { anyEvent, bucketCounts, countEvents, entityEvents, filteredEvents } from './memory/event-answers.js';
import type { EventFile } from './memory/event-file.js';
import type { KeyHint } from './memory/key-sketch.js';
import { pruneSnapshot } from './partition-index.js';
import type { Scanner } from './scanner.js';
import { and, col, inList, tsLiteral } from './sql.js';
import type { TableSource } from './table-source.js';
import type {
  AttributionRow, BucketSize, EntityKind, EntityNeighbours, EventCountRow, EventEdge, EventFilter, EventPage,
  EventRow, PageRequest, TimeWindow,
} from './types.js';
import { DAY_MS, HOUR_MS, partitionStart, partitionsOf } from './window.js';

/** What a session needs from the layer that created it. */
export interface SessionDeps {
  scanner: Scanner;
  attributions: TableSource;
  events: TableSource;
}

export interface EntityEventPage extends EventPage {
  totalCount: number;
}

/** Table state for the pipeline report. */
export interface TableState {
  layer: string;
  name: string;
  /** Null while the table does not exist yet. */
  version: number | null;
  files: number;
  rows: number;
  bytes: number;
  /** Newest `dt=…/hr=…` partition holding data, or null. */
  latestPartition: string | null;
  /** Newest data file modification time (epoch ms), or null. */
  lastWriteAt: number | null;
  /** Newest EventTimestamp by file stats (events table only): the lake's watermark, or null. */
  newestEventAt: number | null;
}

const PARTITION_COLUMNS = ['dt', 'hr'] as const;

/** What one events scan tells about an entity: neighbours, total, and its first page when one was asked for. */
interface EventDigest extends EntityNeighbours {
  total: number;
  /** Up to pageSize + 1 events in EVENT_ORDER (the extra one answers hasNextPage). */
  events: EventRow[];
  /** The largest first page this digest answers. */
  pageSize: number;
}

function digestName(kind: EntityKind, window: TimeWindow): string {
  return `digest|${kind}|${window.from}|${window.to}`;
}

/**
 * One request's view of the lake. It pins one snapshot per table for the whole request (nested fields and
 * every page of one response agree), and owns the request's DataLoaders: keys asked for in the same tick
 * with the same (table, window) become one Parquet scan with `IN (...)`.
 */
export class QuerySession {
  private readonly snapshots = new Map<TableSource, Promise<Snapshot | null>>();
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  /** Largest first page asked for per digest (kind, window), read when the digest's batch runs. */
  private readonly firstPageWanted = new Map<string, number>();

  constructor(
    private readonly deps: SessionDeps,
    private readonly signal?: AbortSignal,
    private readonly timeoutMs = 0,
  ) {}

  /** Intervals that contain the instant `at` (Start ≤ at < End, End null = still open). */
  whoHad(ip: string, at: number): Promise<AttributionRow[]> {
    return this.attributions('ip', ip, { from: at, to: at });
  }

  /** Intervals of an entity that overlap the closed window (Start ≤ to and End > from). */
  attributions(kind: EntityKind, value: string, window: TimeWindow): Promise<AttributionRow[]> {
    const key = kind === 'user' ? userKeyOf(value) : value;
    const loader = this.loader<AttributionRow[]>(`attr|${kind}|${window.from}|${window.to}`, (keys) =>
      this.loadAttributions(kind, keys, window),
    );
    return loader.load(key);
  }

  /** Distinct IPs, MACs and user names seen with an entity in the window, from intervals and events. */
  async related(kind: EntityKind, value: string, window: TimeWindow): Promise<EntityNeighbours> {
    const key = kind === 'user' ? userKeyOf(value) : value;
    const [intervals, fromEvents] = await Promise.all([this.attributions(kind, value, window), this.digest(kind, window).load(key)]);
    const ips = new Set(fromEvents.ips);
    const macs = new Set(fromEvents.macs);
    const users = new Set(fromEvents.userNames);
    for (const a of intervals) {
      ips.add(a.ip);
      if (a.mac !== null) macs.add(a.mac);
      if (a.userName !== null) users.add(a.userName);
    }
    return { ips: sorted(ips), macs: sorted(macs), userNames: sorted(users) };
  }

  /** A page of an entity's events in the window, batched across entities that ask for the same page shape. */
  async entityEvents(kind: EntityKind, value: string, window: TimeWindow, page: PageRequest): Promise<EntityEventPage> {
    const key = kind === 'user' ? userKeyOf(value) : value;
    if (page.after === undefined) {
      // First pages ride on the digest scan that also answers `related` (one events scan per report, not two).
      const name = digestName(kind, window);
      this.firstPageWanted.set(name, Math.max(this.firstPageWanted.get(name) ?? 0, page.first));
      const digest = await this.digest(kind, window).load(key);
      if (digest.pageSize >= page.first) {
        return { ...toPage(digest.events.slice(0, page.first + 1), page.first), totalCount: digest.total };
      }
      // The digest was already scanned for a smaller page: fall through to a scan of its own.
    }
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const loader = this.loader<EntityEventPage>(
      `events|${kind}|${window.from}|${window.to}|${page.first}|${page.after ?? ''}`,
      (keys) => this.loadEntityEvents(kind, keys, window, page.first, after),
    );
    return loader.load(key);
  }

  /** A page of events matching a filter, in (timestamp, source, object, line, type) order. */
  async events(filter: EventFilter, page: PageRequest): Promise<EventPage> {
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    if (page.first === 0) return { edges: [], hasNextPage: await this.hasAny(filter, after), endCursor: null };
    const from = after ? Math.max(filter.from, after.timestamp) : filter.from;
    const conditions = eventConditions(filter);
    if (after) conditions.push(afterCondition(after));
    const events = await this.answerEvents(
      'events-page',
      { ...filter, from },
      (source) => `SELECT ${projection(EVENT_COLUMNS)} FROM ${source} WHERE ${and(conditions)} ORDER BY ${orderBy()} LIMIT ${page.first + 1}`,
      (rows) => rows.map(toEvent),
      (files) => filteredEvents(files, filter, page.first + 1, after),
    );
    return toPage(events, page.first);
  }

  /** Number of events matching a filter (the connection's totalCount). */
  async countEvents(filter: EventFilter): Promise<number> {
    return this.answerEvents(
      'events-count',
      filter,
      (source) => `SELECT count(*) AS n FROM ${source} WHERE ${and(eventConditions(filter))}`,
      (rows) => Number(rows[0]?.n ?? 0),
      (files) => countEvents(files, filter),
    );
  }

  /** Events per UTC hour or day over the window, zero buckets included, for dashboards. */
  async eventCounts(filter: EventFilter, bucket: BucketSize): Promise<EventCountRow[]> {
    const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
    const counts = new Map<number, number>();
    const add = (start: number, n: number): void => {
      const b = Math.floor(start / size) * size;
      counts.set(b, (counts.get(b) ?? 0) + n);
    };
    // Without entity filters, hours wholly inside the window are counted from the commit log's file stats
    // (rows are partitioned by event hour, so a file's numRecords all fall in its hour): no Parquet is read.
    const fromStats = isWindowOnly(filter) ? countWholeHours(await this.snapshotOf(this.deps.events), filter) : null;
    for (const [start, n] of fromStats?.counts ?? []) add(start, n);
    const scanned = fromStats ? fromStats.remaining : filter;
    const scannedCounts = scanned === null ? new Map<number, number>() : await this.answerEvents(
      'event-counts',
      scanned,
      (source) =>
        // Epoch arithmetic keeps buckets in UTC whatever the session time zone is.
        `SELECT (epoch_ms(${col('EventTimestamp')}) // ${size}) * ${size} AS bucket, count(*) AS n
         FROM ${source} WHERE ${and(eventConditions(filter))} GROUP BY 1`,
      (rows) => new Map(rows.map((r) => [Number(r.bucket), Number(r.n)])),
      (files) => bucketCounts(files, filter, size),
      undefined,
      fromStats?.partial,
    );
    for (const [bucket, n] of scannedCounts) add(bucket, n);
    const out: EventCountRow[] = [];
    for (let t = Math.floor(filter.from / size) * size; t <= filter.to; t += size) {
      out.push({ start: t, count: counts.get(t) ?? 0 });
    }
    return out;
  }

  /** Version and size of each gold table, for the pipeline report. */
  async tables(): Promise<TableState[]> {
    return Promise.all(
      [this.deps.events, this.deps.attributions].map(async (source) => {
        const snapshot = await this.snapshotOf(source);
        let rows = 0;
        let bytes = 0;
        let latestPartition: string | null = null;
        let lastWriteAt: number | null = null;
        let newestEventAt: number | null = null;
        for (const f of snapshot?.files ?? []) {
          const newest = f.stats?.maxValues.EventTimestamp;
          if (typeof newest === 'number' && (newestEventAt === null || newest > newestEventAt)) newestEventAt = newest;
          rows += f.stats?.numRecords ?? 0;
          bytes += f.size;
          const p = partitionPath(PARTITION_COLUMNS, f.partitionValues);
          if (latestPartition === null || p > latestPartition) latestPartition = p;
          if (lastWriteAt === null || f.modificationTime > lastWriteAt) lastWriteAt = f.modificationTime;
        }
        return {
          layer: source.spec.layer,
          name: source.name,
          version: snapshot?.version ?? null,
          files: snapshot?.fileCount ?? 0,
          rows,
          bytes,
          latestPartition,
          lastWriteAt,
          newestEventAt,
        };
      }),
    );
  }

  // ------------------------------------------------------------------ batch loaders

  private async loadAttributions(kind: EntityKind, keys: readonly string[], window: TimeWindow) {
    const source = this.deps.attributions;
    const [snapshot, events] = await Promise.all([this.snapshotOf(source), this.snapshotOf(this.deps.events)]);
    const keyColumn = ENTITY_COLUMN[kind];
    return this.deps.scanner.answerAttributions({
      source,
      snapshot,
      purpose: `attributions-by-${kind}`,
      prune: {
        partitionTuples: attributionPartitions(window, events ? watermarkOf(events) : null),
        ranges: [keyRange(keyColumn, keys), { column: 'Start', max: window.to }],
      },
      // Every interval is copied into each hour it overlaps: DISTINCT ON collapses the copies.
      sql: (from) =>
        `SELECT DISTINCT ON (${col('IntervalId')}) ${projection(ATTRIBUTION_COLUMNS)}, ${col(keyColumn)} AS __key
         FROM ${from}
         WHERE ${and([
           inList(keyColumn, keys),
           `${col('Start')} <= ${tsLiteral(window.to)}`,
           `${col('End')} IS NULL OR ${col('End')} > ${tsLiteral(window.from)}`,
         ])}
         ORDER BY ${col('IntervalId')}`,
      fromRows: (rows) => {
        const byKey = new Map<string, AttributionRow[]>();
        for (const row of rows) push(byKey, String(row.__key), toAttribution(row));
        for (const list of byKey.values()) {
          list.sort((a, b) => a.start - b.start || compareBytewise(a.ip, b.ip) || compareBytewise(a.intervalId, b.intervalId));
        }
        return byKey;
      },
      fromFiles: (files) => attributionsByKey(files, kind, keys, window),
      keys: { kind, values: keys },
    });
  }

  /**
   * Per-key digest of an entity's events in a window, in one scan: total, distinct neighbours, and the first
   * page of events when a first page was asked for before the batch ran (pageSize = the largest `first`).
   */
  private async loadDigest(kind: EntityKind, keys: readonly string[], window: TimeWindow, pageSize: number) {
    const keyColumn = ENTITY_COLUMN[kind];
    const distinct = (c: string): string => `list(DISTINCT ${col(c)}) FILTER (WHERE ${col(c)} IS NOT NULL)`;
    const where = and([inList(keyColumn, keys), ...eventConditions(window)]);
    const lists = `${distinct('IpAddress')} AS __ips, ${distinct('MacAddress')} AS __macs, ${distinct('UserName')} AS __users`;
    const sql =
      pageSize === 0
        ? (from: string) => `SELECT ${col(keyColumn)} AS __key, count(*) AS __total, ${lists} FROM ${from} WHERE ${where} GROUP BY 1`
        : (from: string) =>
            `WITH matched AS MATERIALIZED (
               SELECT ${projection(EVENT_COLUMNS)}, ${col(keyColumn)} AS __key FROM ${from}
               WHERE ${where}
             ),
             totals AS (
               SELECT __key, count(*) AS __total, ${lists} FROM matched GROUP BY __key
             ),
             page AS (
               SELECT *, row_number() OVER (PARTITION BY __key ORDER BY ${orderBy()}) AS __rn FROM matched
               QUALIFY __rn <= ${pageSize + 1}
             )
             SELECT totals.__key AS __key, totals.__total AS __total,
                    -- the lists ride on one row per key only: repeating them on every page row costs conversions
                    CASE WHEN page.__rn IS NULL OR page.__rn = 1 THEN totals.__ips END AS __ips,
                    CASE WHEN page.__rn IS NULL OR page.__rn = 1 THEN totals.__macs END AS __macs,
                    CASE WHEN page.__rn IS NULL OR page.__rn = 1 THEN totals.__users END AS __users,
                    ${EVENT_COLUMNS.map((c) => `page.${col(c)}`).join(', ')}
             FROM totals LEFT JOIN page ON page.__key = totals.__key
             ORDER BY totals.__key, page.__rn`;
    const fromFiles = (files: readonly EventFile[]): Map<string, EventDigest> => {
      const byKey = new Map<string, EventDigest>();
      for (const [key, found] of entityEvents(files, kind, keys, window, pageSize === 0 ? 0 : pageSize + 1)) {
        byKey.set(key, { ...found, pageSize });
      }
      return byKey;
    };
    const purpose = pageSize === 0 ? `related-by-${kind}` : `events-by-${kind}`;
    return this.answerEvents(purpose, window, sql, (rows) => digestsOf(rows, pageSize), fromFiles, keyRange(keyColumn, keys), undefined, { kind, values: keys });
  }

  private async loadEntityEvents(
    kind: EntityKind,
    keys: readonly string[],
    window: TimeWindow,
    first: number,
    after: EventKey | undefined,
  ) {
    const keyColumn = ENTITY_COLUMN[kind];
    const cols = EVENT_COLUMNS.map((c) => `page.${col(c)}`).join(', ');
    // One scan for every key: the CTE is materialised once; totals count the whole window, the page starts
    // after the cursor and keeps first + 1 rows per key (the extra row answers hasNextPage).
    const pages = (grouped: Map<string, { total: number; events: EventRow[] }>): Map<string, EntityEventPage> => {
      const byKey = new Map<string, EntityEventPage>();
      for (const [key, entry] of grouped) byKey.set(key, { ...toPage(entry.events, first), totalCount: entry.total });
      return byKey;
    };
    return this.answerEvents(
      `events-by-${kind}`,
      window,
      (from) =>
        `WITH matched AS MATERIALIZED (
           SELECT ${projection(EVENT_COLUMNS)}, ${col(keyColumn)} AS __key FROM ${from}
           WHERE ${and([inList(keyColumn, keys), ...eventConditions(window)])}
         ),
         totals AS (SELECT __key, count(*) AS __total FROM matched GROUP BY __key),
         page AS (
           SELECT * FROM matched ${after ? `WHERE ${afterCondition(after)}` : ''}
           QUALIFY row_number() OVER (PARTITION BY __key ORDER BY ${orderBy()}) <= ${first + 1}
         )
         SELECT totals.__key AS __key, totals.__total AS __total, ${cols}
         FROM totals LEFT JOIN page ON page.__key = totals.__key
         ORDER BY totals.__key, ${orderBy('page.')}`,
      (rows) => {
        const grouped = new Map<string, { total: number; events: EventRow[] }>();
        for (const row of rows) {
          const key = String(row.__key);
          let entry = grouped.get(key);
          if (!entry) grouped.set(key, (entry = { total: Number(row.__total), events: [] }));
          if (row.EventTimestamp !== null && row.EventTimestamp !== undefined) entry.events.push(toEvent(row));
        }
        return pages(grouped);
      },
      (files) => pages(entityEvents(files, kind, keys, window, first + 1, after, false)),
      keyRange(keyColumn, keys),
      undefined,
      { kind, values: keys },
    );
  }

  // ------------------------------------------------------------------ plumbing

  private async hasAny(filter: EventFilter, after: EventKey | undefined): Promise<boolean> {
    const conditions = eventConditions(filter);
    if (after) conditions.push(afterCondition(after));
    return this.answerEvents(
      'events-exists',
      filter,
      (source) => `SELECT 1 AS one FROM ${source} WHERE ${and(conditions)} LIMIT 1`,
      (rows) => rows.length > 0,
      (files) => anyEvent(files, filter, after),
    );
  }

  /**
   * A question to ip_lookup_gold over the window's hour partitions, pruned further by entity stats: answered
   * from the memory index when its files are resident, else by the SQL (both answers are the same).
   */
  private async answerEvents<T>(
    purpose: string,
    filter: EventFilter,
    sql: (from: string) => string,
    fromRows: (rows: PlainRow[]) => T,
    fromFiles: (files: readonly EventFile[]) => T,
    extraRange?: RangePredicate,
    partitions?: ReadonlySet<string>,
    keys: KeyHint | undefined = keyHintOf(filter),
  ): Promise<T> {
    const source = this.deps.events;
    const snapshot = await this.snapshotOf(source);
    const ranges: RangePredicate[] = [{ column: 'EventTimestamp', min: filter.from, max: filter.to }];
    if (filter.ip !== undefined) ranges.push({ column: 'IpAddress', min: filter.ip, max: filter.ip });
    if (filter.mac !== undefined) ranges.push({ column: 'MacAddress', min: filter.mac, max: filter.mac });
    if (extraRange) ranges.push(extraRange);
    const prune: PruneRequest = { partitionTuples: partitions ?? tuples(partitionsOf(filter)), ranges };
    return this.deps.scanner.answerEvents({ source, snapshot, purpose, prune, sql, fromRows, fromFiles, keys });
  }

  /** The request's snapshot of a table: refreshed once per request, then pinned. */
  private snapshotOf(source: TableSource): Promise<Snapshot | null> {
    this.checkDeadline();
    let snapshot = this.snapshots.get(source);
    if (!snapshot) {
      snapshot = source.latest();
      this.snapshots.set(source, snapshot);
    }
    return snapshot;
  }

  private digest(kind: EntityKind, window: TimeWindow): DataLoader<string, EventDigest> {
    const name = digestName(kind, window);
    // The page size is read when the batch runs, so first pages asked for in the same tick share the scan.
    return this.loader<EventDigest>(name, (keys) => this.loadDigest(kind, keys, window, this.firstPageWanted.get(name) ?? 0));
  }

  private loader<V>(name: string, batch: (keys: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V> {
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(async (keys) => {
        this.checkDeadline();
        const found = await batch(keys);
        return keys.map((k) => found.get(k) ?? (emptyValue(name) as V));
      });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  private checkDeadline(): void {
    if (this.signal?.aborted) throw new QueryTimeoutError(this.timeoutMs);
  }
}

/** Per-key digests from the digest statement's rows (one row per page event; the lists ride on the first). */
function digestsOf(rows: PlainRow[], pageSize: number): Map<string, EventDigest> {
  const byKey = new Map<string, EventDigest>();
  for (const row of rows) {
    const key = String(row.__key);
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        ips: stringList(row.__ips),
        macs: stringList(row.__macs),
        userNames: stringList(row.__users),
        total: Number(row.__total),
        events: [],
        pageSize,
      };
      byKey.set(key, entry);
    }
    if (row.EventTimestamp !== null && row.EventTimestamp !== undefined) entry.events.push(toEvent(row));
  }
  return byKey;
}

/** The value a key with no rows resolves to, by loader family. */
function emptyValue(name: string): unknown {
  if (name.startsWith('attr|')) return [];
  if (name.startsWith('digest|')) {
    return { ips: [], macs: [], userNames: [], total: 0, events: [], pageSize: Number.POSITIVE_INFINITY } satisfies EventDigest;
  }
  return { edges: [], hasNextPage: false, endCursor: null, totalCount: 0 } satisfies EntityEventPage;
}

/**
 * Hour partitions holding the intervals that overlap a window. Open intervals are stored only up to the ETL
 * watermark's hour, so a window reaching past the newest partition with open intervals also reads that one.
 * Files whose stats show nulls in End (or that have no stats) are the ones that may hold open intervals.
 */
/**
 * Hour partitions of ip_attribution_gold that can hold an interval overlapping the window. Open intervals
 * (End null) are stored up to the watermark's hour at most (docs/attribution.md), so a window reaching past
 * the watermark also reads the watermark's hour: the sessions still asserted there are the open ones.
 */
function attributionPartitions(window: TimeWindow, watermark: number | null): Set<string> {
  const parts = tuples(partitionsOf(window));
  if (watermark !== null && window.to >= watermark) {
    const [hour] = tuples(partitionsOf({ from: watermark, to: watermark }));
    if (hour !== undefined) parts.add(hour);
  }
  return parts;
}

const watermarkCache = new WeakMap<Snapshot, number | null>();

/** The latest event time in ip_lookup_gold, from per-file stats: the ETL watermark, without a scan. */
function watermarkOf(events: Snapshot): number | null {
  if (watermarkCache.has(events)) return watermarkCache.get(events) ?? null;
  let latest: number | null = null;
  for (const f of events.files) {
    const max = f.stats?.maxValues.EventTimestamp;
    if (typeof max === 'number' && (latest === null || max > latest)) latest = max;
  }
  watermarkCache.set(events, latest);
  return latest;
}

/** The entity a filter pins every matching row to (the most selective one), if any. */
function keyHintOf(filter: EventFilter): KeyHint | undefined {
  if (filter.ip !== undefined) return { kind: 'ip', values: [filter.ip] };
  if (filter.mac !== undefined) return { kind: 'mac', values: [filter.mac] };
  if (filter.userName !== undefined) return { kind: 'user', values: [userKeyOf(filter.userName)] };
  return undefined;
}

/** True when a filter is a bare window (no entity, source or type condition). */
function isWindowOnly(filter: EventFilter): boolean {
  return filter.ip === undefined && filter.mac === undefined && filter.userName === undefined &&
    filter.source === undefined && filter.eventType === undefined;
}

/**
 * Event counts of the window's whole hours from file stats. Returns the counts per hour start, the partitions
 * that still need a scan (the window's partial first and last hours, and any file without stats), and the
 * narrowed window to scan (null when nothing is left to scan).
 */
function countWholeHours(
  snapshot: Snapshot | null,
  window: TimeWindow,
): { counts: Map<number, number>; partial: Set<string>; remaining: TimeWindow | null } {
  const counts = new Map<number, number>();
  const partial = new Set<string>();
  const whole = new Map<string, number>();
  for (const p of partitionsOf(window)) {
    const start = partitionStart(p);
    const key = partitionPath(PARTITION_COLUMNS, { dt: p.dt, hr: p.hr });
    if (start >= window.from && start + HOUR_MS - 1 <= window.to) whole.set(key, start);
    else partial.add(key);
  }
  if (snapshot) {
    const files = pruneSnapshot(snapshot, { partitionTuples: new Set(whole.keys()) });
    for (const f of files) {
      const key = partitionPath(PARTITION_COLUMNS, f.partitionValues);
      if (!f.stats) {
        whole.delete(key);
        partial.add(key);
      }
    }
    for (const f of files) {
      const start = whole.get(partitionPath(PARTITION_COLUMNS, f.partitionValues));
      if (start !== undefined && f.stats) counts.set(start, (counts.get(start) ?? 0) + f.stats.numRecords);
    }
  }
  return { counts, partial, remaining: partial.size === 0 || !snapshot ? null : window };
}

function tuples(partitions: readonly { dt: string; hr: string }[]): Set<string> {
  return new Set(partitions.map((p) => partitionPath(PARTITION_COLUMNS, p)));
}

/** Bytewise [min, max] of a key batch: files whose stats range misses every key are skipped. */
function keyRange(column: string, keys: readonly string[]): RangePredicate {
  let min = keys[0] ?? '';
  let max = min;
  for (const k of keys) {
    if (compareBytewise(k, min) < 0) min = k;
    if (compareBytewise(k, max) > 0) max = k;
  }
  return { column, min, max };
}

function toPage(events: EventRow[], first: number): EventPage {
  const edges: EventEdge[] = events.slice(0, first).map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return { edges, hasNextPage: events.length > first, endCursor: edges.at(-1)?.cursor ?? null };
}

function keyOf(e: EventRow): EventKey {
  return {
    timestamp: e.timestamp,
    source: e.source,
    landingObject: e.lineage.landingObject,
    lineNumber: e.lineage.lineNumber,
    eventType: e.eventType,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sorted(values: Set<string>): string[] {
  return [...values].sort(compareBytewise);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').sort(compareBytewise) : [];
}
