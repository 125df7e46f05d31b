import { sqlIdent, sqlString, type Engine, type LoadRow, type PlainRow } from '../engine/index.js';
import type { SilverSource } from '../parsers/types.js';
import { TableWriter, type DeltaTable, type LocalFileSource } from '../table/index.js';
import type { DataFile, PartitionValues } from '../table/types.js';
import {
  applyIncrement,
  eventNeeds,
  eventOfSilverRow,
  evidenceKeyOfInterval,
  fromAttributionGoldRow,
  hourPartitionOf,
  lastEvidenceByKey,
  needsEvent,
  partitionKey,
  planIncrement,
  priorIntervalNeeded,
  resolveAttributionOptions,
  silverEventColumns,
  stitchedMacs,
  type AttributionEvent,
  type AttributionGoldRow,
  type AttributionOptions,
  type EventNeeds,
  type HourPartition,
  type IncrementPlan,
  type Interval,
  type RunEvents,
} from './attribution/index.js';
import { priorIntervalFiles } from './gold-prior-files.js';
import { filesLosingRows, withMerges, writeAttributionFiles, type LosingFiles, type Placement } from './gold-write.js';
import { Staging } from './staging.js';
import { queryFiles, type LakeTables } from './lake-tables.js';
import { gainedHourRange, hourPartitionAt, storedHourRange, type PlacementLimits } from './placement.js';
import { emptyIntervalCounts, type IntervalCounts } from './summary.js';

/**
 * The incremental update of gold/ip_attribution_gold for one run (see src/etl/attribution/incremental.ts
 * for why the bounded reads are exact). Silver of this run is already committed when this runs; its rows
 * are the run's `newEvents`, so the stored events read back from silver skip the run's own landing objects.
 * The result is the same whether this is the first attempt or a resume after a crash.
 *
 * Rows change by file: files holding a removed interval are replaced by one file (per partition) with the
 * rows they keep; every partition that gains rows gets one new file with them.
 */
export interface AttributionUpdate {
  add: DataFile[];
  remove: DataFile[];
  counts: IntervalCounts;
}

export interface AttributionInput {
  engine: Engine;
  tables: LakeTables;
  cache?: LocalFileSource;
  /** The run's new events, read one at a time (the run's EventBuffer). */
  newEvents: RunEvents;
  /** Watermark after the previous run (null before the first event), and after this one. */
  watermarkBefore: number | null;
  watermarkAfter: number | null;
  /** Hard safety limit on the hour partitions one interval is copied into (see placement.ts). */
  maxIntervalHours: number;
  /** Attribution rules; defaults from defaultAttributionOptions. */
  attribution?: Partial<AttributionOptions>;
  /**
   * Objects the run read from part way (a range after earlier runs' ranges): lines before where it started. Their
   * stored rows up to that line are earlier runs' events, not this run's.
   */
  runStarts?: ReadonlyMap<string, number>;
}

const hourMs = 3_600_000;
/** Acct-Status-Type values of the records that shape a session (radiusSessions.ts sessionEventTypes). */
const sessionStatusSql = `StatusType IN ('Start', 'Interim-Update', 'Stop')`;

export async function computeAttributionUpdate(input: AttributionInput): Promise<AttributionUpdate> {
  const { engine, tables, cache, newEvents, watermarkBefore, watermarkAfter } = input;
  const options = resolveAttributionOptions(input.attribution);
  const limits: PlacementLimits = { openHorizonMs: options.openIntervalHorizonSeconds * 1000, maxHours: input.maxIntervalHours };
  const counts = emptyIntervalCounts();
  const gold = tables.attribution;
  const snapshot = gold.snapshot();
  if (watermarkAfter === null) return { add: [], remove: [], counts };

  const plan = planIncrement(newEvents);
  const staging = new Staging(engine);
  try {
    const runStarts = input.runStarts ?? new Map<string, number>();
    const wholeObjects = [...newEvents.objects()].filter((key) => !runStarts.has(key));
    const ctx: ReadContext = { engine, tables, cache, staging, runObjects: await staging.values(wholeObjects), runStarts };
    // 1. The stored records of every touched session (sessions are recomputed whole); they also say in which hours
    // the sessions' stored intervals start.
    const sessionEvents = await readSessionEvents(ctx, plan);

    // 2. Stored intervals the new events may change, from the files that can hold them (see gold-prior-files.ts).
    const ips = await staging.values(plan.dhcpEarliest.keys());
    const sessions = await staging.values(plan.sessionIds);
    const fallback = await staging.values(plan.fallbackMacs);
    const sighted = await staging.values(plan.sightingMacs.keys());
    const priorRows = await queryFiles<AttributionGoldRow>(
      engine,
      gold,
      priorIntervalFiles(snapshot, { plan, sessionEvents, options, maxHours: input.maxIntervalHours }),
      `SELECT DISTINCT ON (IntervalId) * FROM {files}
       WHERE IpAddress IN (${ips})
          OR SessionId IN (${sessions})
          OR (Source = 'ise_radius' AND SessionId IS NULL AND coalesce(MacAddress, '') IN (${fallback}))
          OR (Source = 'dhcp' AND MacAddress IN (${sighted}))`,
      cache,
    );
    const prior = priorRows.map(fromAttributionGoldRow).filter((i) => priorIntervalNeeded(plan, i, options));
    const needs = eventNeeds(plan, prior, options, await appendingIps(ctx, plan));

    // 3. The other stored events needed to recompute them, from silver.
    const priorEvents = await readNeededEvents(ctx, plan, needs, sessionEvents);
    const { removed, added } = applyIncrement({ plan, needs, priorIntervals: prior, priorEvents, newEvents }, options);
    // Every record of a recomputed session is in one of the two lists, so this is each open session's last record.
    const lastEvidence = lastEvidenceByKey(priorEvents);
    for (const [key, t] of lastEvidenceByKey(newEvents)) lastEvidence.set(key, Math.max(t, lastEvidence.get(key) ?? -Infinity));
    const lastEvidenceOf = (interval: Interval): number | null =>
      interval.end === null ? (lastEvidence.get(evidenceKeyOfInterval(interval)) ?? null) : null;
    const removedIds = new Set(removed.map((i) => i.intervalId));

    // 4. Where rows go: every added interval whole, and open intervals that only grow into the hours the watermark
    // moved over (closed ones are stored whole).
    const placements: Placement[] = added.map((interval) => ({
      interval,
      hours: storedHourRange(interval, { watermark: watermarkAfter, lastEvidence: lastEvidenceOf(interval) }, limits),
    }));
    if (watermarkBefore !== null && watermarkAfter > watermarkBefore) {
      const rows = await queryFiles<AttributionGoldRow>(
        engine,
        gold,
        snapshot.filesInPartition(pv(hourPartitionOf(watermarkBefore))),
        `SELECT DISTINCT ON (IntervalId) * FROM {files} WHERE "End" IS NULL`,
        cache,
      );
      const open = rows.map(fromAttributionGoldRow).filter((i) => !removedIds.has(i.intervalId));
      // Stored in the watermark's hour means reach ≥ that hour's start, so the last record is at most a horizon before it.
      const heardFrom = Math.floor(watermarkBefore / hourMs) * hourMs - limits.openHorizonMs;
      const heard = await readLastEvidence(ctx, open, heardFrom);
      for (const interval of open) {
        const hours = gainedHourRange(interval, heard.get(evidenceKeyOfInterval(interval)) ?? null, watermarkBefore, watermarkAfter, limits);
        if (hours.last >= hours.first) placements.push({ interval, hours });
      }
    }

    // 5. Write: one new file per partition that gains rows or loses some (see gold-write.ts).
    const writer = await TableWriter.create(engine, gold);
    try {
      const remove: DataFile[] = [];
      let losing: LosingFiles[] = [];
      let gone: string | null = null;
      if (removed.length > 0) {
        // Where the removed versions may be: exact for closed ones; for open ones lastEvidence (which now also counts
        // this run's records) can only over-reach the stored copies, and the files are checked before rewriting.
        const candidates = new Set<number>();
        for (const interval of removed) {
          const state = { watermark: watermarkBefore ?? watermarkAfter, lastEvidence: lastEvidenceOf(interval) };
          const { first, last } = storedHourRange(interval, state, limits);
          for (let hour = first; hour <= last; hour++) candidates.add(hour);
        }
        const files = [...candidates].flatMap((hour) => snapshot.filesInPartition(pv(hourPartitionAt(hour))));
        gone = await staging.values(removedIds);
        losing = await filesLosingRows(engine, gold, files, gone, cache);
      }
      losing = withMerges(snapshot, placements, losing);
      for (const group of losing) remove.push(...group.files);
      const written = await writeAttributionFiles({ engine, gold, writer, staging, cache }, placements, losing, gone);
      const add = written.add;
      const partitionsWritten = new Set([...written.partitions, ...losing.map((group) => group.partition)].map(partitionKey));

      counts.written = added.length;
      counts.open = added.filter((i) => i.end === null).length;
      counts.opened = added.filter((i) => !removedIds.has(i.intervalId)).length;
      const wasOpen = new Set(removed.filter((i) => i.end === null).map((i) => i.intervalId));
      counts.closed = added.filter((i) => i.end !== null && wasOpen.has(i.intervalId)).length;
      counts.ips = new Set([...added, ...removed].map((i) => i.ip)).size;
      counts.partitions = partitionsWritten.size;
      return { add, remove, counts };
    } finally {
      // Nothing is staged in it: writeFromQueries hands its files over (and deletes them itself when it fails).
      await writer.abort();
    }
  } finally {
    await staging.drop();
  }
}

const pv = (hour: HourPartition): PartitionValues => ({ dt: hour.dt, hr: hour.hr });

// ------------------------------------------------------------------ silver reads

interface ReadContext {
  engine: Engine;
  tables: LakeTables;
  cache: LocalFileSource | undefined;
  staging: Staging;
  /** A subquery of the landing objects the run read from their start: their rows are the run's new events already. */
  runObjects: string;
  /** Objects the run read from part way: only their rows past the line it started at are the run's. */
  runStarts: ReadonlyMap<string, number>;
}

const tsSql = (ms: number): string => `${sqlString(new Date(ms).toISOString())}::TIMESTAMPTZ`;

/** The pipeline's filter for stored rows: never the rows of the run's own landing objects. */
function notThisRun(ctx: ReadContext, alias?: string): string {
  const q = alias === undefined ? '' : `${alias}.`;
  let sql = `${q}LandingObject NOT IN (${ctx.runObjects})`;
  // A run reads at most a few objects part way (one planned alone, or the rests of a few), so they are inlined.
  for (const [key, line] of ctx.runStarts) sql += ` AND NOT (${q}LandingObject = ${sqlString(key)} AND ${q}LineNumber > ${line})`;
  return sql;
}

/**
 * The stored accounting records of the plan's session keys, all of them: a session is recomputed whole (a missed
 * Start is recovered from a later Stop), so there is no time bound, key predicates only.
 */
async function readSessionEvents(ctx: ReadContext, plan: IncrementPlan): Promise<AttributionEvent[]> {
  if (plan.sessionIds.size === 0 && plan.fallbackMacs.size === 0) return [];
  const ids = await ctx.staging.values(plan.sessionIds);
  const macs = await ctx.staging.values(plan.fallbackMacs);
  const table = silverTable(ctx, 'ise_radius');
  const rows = await queryFiles(
    ctx.engine,
    table,
    table.snapshot().files,
    `SELECT ${columnsOf('ise_radius')} FROM {files}
     WHERE ${sessionStatusSql} AND ${notThisRun(ctx)}
       AND (SessionId IN (${ids}) OR (SessionId IS NULL AND coalesce(MacAddress, '') IN (${macs})))`,
    ctx.cache,
  );
  const keys: EventNeeds = { dhcpFrom: new Map(), dhcpResume: new Map(), sessionIds: plan.sessionIds, fallbackMacs: plan.fallbackMacs, sightingsFrom: null };
  const events: AttributionEvent[] = [];
  for (const row of rows) {
    const event = eventOfSilverRow('ise_radius', row);
    if (needsEvent(keys, event)) events.push(event);
  }
  return events;
}

/**
 * The stored events `needs` asks for besides the session records already read (`sessionEvents`, returned with
 * them), reading only what can match: the columns the rules read, the files whose partition and stats can hold rows
 * at or after the cut times, and the rows the predicates select (in DuckDB). Sightings are read only for the MACs
 * stitching can consult (see stitchedMacs), so they are read after the DHCP events that name those MACs.
 */
async function readNeededEvents(
  ctx: ReadContext,
  plan: IncrementPlan,
  needs: EventNeeds,
  sessionEvents: readonly AttributionEvent[],
): Promise<AttributionEvent[]> {
  const { staging } = ctx;
  const events: AttributionEvent[] = [];
  const collect = (source: SilverSource, rows: readonly PlainRow[]): void => {
    for (const row of rows) {
      const event = eventOfSilverRow(source, row);
      if (needsEvent(needs, event)) events.push(event);
    }
  };

  // DHCP: per IP, events whose effective time is at or after the cut (resumed IPs need none).
  const cutOf = [...needs.dhcpFrom].filter(([ip]) => !needs.dhcpResume.has(ip));
  if (cutOf.length > 0) {
    collect('dhcp', await dhcpEventsFrom(ctx, cutOf, `SELECT ${columnsOf('dhcp', 's')}`));
  }

  // Person sightings from `sightingsFrom` on, of the MACs stitching consults, on every ISE table that names people.
  const macs = needs.sightingsFrom === null ? new Set<string>() : stitchedMacs(plan, events, needs.dhcpResume.values());
  if (needs.sightingsFrom !== null && macs.size > 0) {
    const from = needs.sightingsFrom;
    const stagedMacs = await staging.values(macs);
    for (const source of ['ise_radius', 'ise_posture', 'ise_auth'] as const) {
      const table = silverTable(ctx, source);
      collect(
        source,
        await queryFiles(
          ctx.engine,
          table,
          filesFrom(table, 'EventTimestamp', from),
          `SELECT ${columnsOf(source)} FROM {files}
           WHERE EventTimestamp >= ${tsSql(from)} AND UserIsPerson AND MacAddress IN (${stagedMacs}) AND ${notThisRun(ctx)}`,
          ctx.cache,
        ),
      );
    }
  }
  for (const event of sessionEvents) events.push(event);
  return events;
}

/** An event's effective time in silver/dhcp_silver (attribution/order.ts effectiveTime): an r-l-e's lease start. */
const effectiveSql = `CASE WHEN s.MessageType = 'LEASE_EVENT' AND s.LeaseStart IS NOT NULL THEN s.LeaseStart ELSE s.EventTimestamp END`;

/**
 * `select` (over silver/dhcp_silver as `s`) of the stored DHCP events of other runs whose IP is one of `from`'s and whose
 * effective time is at or after that IP's time, reading only the files whose partitions and stats can hold them.
 */
async function dhcpEventsFrom(ctx: ReadContext, from: readonly (readonly [string, number])[], select: string): Promise<PlainRow[]> {
  const times = await ctx.staging.table(
    [
      { name: 'ip', type: 'string' },
      { name: 't', type: 'timestamp' },
    ],
    from.map(([ip, t]): LoadRow => [ip, t]),
  );
  let earliest = Infinity;
  for (const [, t] of from) earliest = Math.min(earliest, t);
  const table = silverTable(ctx, 'dhcp');
  const files = unionOf(filesFrom(table, 'EventTimestamp', earliest), filesFrom(table, 'LeaseStart', earliest));
  return queryFiles(
    ctx.engine,
    table,
    files,
    `${select} FROM {files} AS s JOIN ${times} AS c ON s.IpAddress = c.ip
     WHERE ${effectiveSql} >= c.t AND ${notThisRun(ctx, 's')}`,
    ctx.cache,
  );
}

/**
 * The planned IPs whose new DHCP events only append to their history: no stored event of theirs (from other runs)
 * is at or after their earliest new one. Logs that arrive in order make this nearly every IP; they resume from a
 * stored lease (see eventNeeds) instead of reading their events back. A DuckDB scan of the recent files, no rows.
 */
async function appendingIps(ctx: ReadContext, plan: IncrementPlan): Promise<Set<string>> {
  if (plan.dhcpEarliest.size === 0) return new Set();
  const late = await dhcpEventsFrom(ctx, [...plan.dhcpEarliest], 'SELECT DISTINCT s.IpAddress AS ip');
  const lateIps = new Set(late.map((row) => row.ip as string));
  return new Set([...plan.dhcpEarliest.keys()].filter((ip) => !lateIps.has(ip)));
}

/**
 * The latest accounting record per evidence key (see attribution/lastEvidence.ts) of the given open sessions,
 * among records at or after `from`.
 */
async function readLastEvidence(ctx: ReadContext, open: readonly Interval[], from: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (open.length === 0) return out;
  const ids = await ctx.staging.values(open.flatMap((i) => (i.sessionId === null ? [] : [i.sessionId])));
  const macs = await ctx.staging.values(open.flatMap((i) => (i.sessionId === null ? [i.mac ?? ''] : [])));
  const table = silverTable(ctx, 'ise_radius');
  const rows = await queryFiles<{ k: string; t: number }>(
    ctx.engine,
    table,
    filesFrom(table, 'EventTimestamp', from),
    `SELECT coalesce('id:' || SessionId, 'mac:' || coalesce(MacAddress, '')) AS k, max(EventTimestamp) AS t FROM {files}
     WHERE ${sessionStatusSql} AND EventTimestamp >= ${tsSql(from)}
       AND (SessionId IN (${ids}) OR (SessionId IS NULL AND coalesce(MacAddress, '') IN (${macs})))
     GROUP BY 1`,
    ctx.cache,
  );
  for (const row of rows) out.set(row.k, Number(row.t));
  return out;
}

function silverTable(ctx: ReadContext, source: SilverSource): DeltaTable {
  const table = ctx.tables.silver.get(source);
  if (!table) throw new Error(`etl: attribution needs silver table for ${source} records, and the lake has none open`);
  return table;
}

function columnsOf(source: SilverSource, alias?: string): string {
  return silverEventColumns[source].map((c) => (alias === undefined ? sqlIdent(c) : `${alias}.${sqlIdent(c)}`)).join(', ');
}

/** Files that may hold rows with `column` ≥ `from`: partitions (hours of event time) and file stats agree. */
function filesFrom(table: DeltaTable, column: string, from: number): DataFile[] {
  const firstHour = partitionKey(hourPartitionOf(from));
  const snapshot = table.snapshot();
  const candidates =
    column === 'EventTimestamp'
      ? snapshot.files.filter((f) => `dt=${f.partitionValues.dt}/hr=${f.partitionValues.hr}` >= firstHour)
      : snapshot.files;
  const kept = new Set(snapshot.prune({ ranges: [{ column, min: from }] }).map((f) => f.path));
  return candidates.filter((f) => kept.has(f.path));
}

function unionOf(a: readonly DataFile[], b: readonly DataFile[]): DataFile[] {
  const byPath = new Map<string, DataFile>();
  for (const f of [...a, ...b]) byPath.set(f.path, f);
  return [...byPath.values()];
}
