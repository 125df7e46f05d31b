import { randomUUID } from 'node:crypto';
import { bulkLoad, createLoadTable, sqlIdent, sqlString, type CellValue, type Engine, type PlainRow } from '../engine/index.js';
import { ipAttributionGold } from '../lake/gold.js';
import type { SilverSource } from '../parsers/types.js';
import { scanPaths, TableWriter, type DeltaTable, type LocalFileSource } from '../table/index.js';
import type { DataFile, PartitionValues } from '../table/types.js';
import {
  applyIncrement,
  eventNeeds,
  fromAttributionGoldRow,
  hourPartitionOf,
  needsEvent,
  partitionKey,
  planIncrement,
  priorIntervalNeeded,
  toAttributionEvent,
  toAttributionGoldRow,
  type AttributionEvent,
  type AttributionGoldRow,
  type HourPartition,
  type Interval,
} from './attribution/index.js';
import { queryFiles, type LakeTables } from './lake-tables.js';
import { hoursGained, storedHours } from './placement.js';
import { lineRefsOfSilverRow, recordOfSilverRow } from './silver-records.js';
import { emptyIntervalCounts, type IntervalCounts } from './summary.js';

/**
 * The incremental update of gold/ip_attribution_gold for one run (see src/etl/attribution/incremental.ts
 * for why the bounded reads are exact). Silver of this run is already committed when this runs, so the
 * "stored events" read back from silver include the run's own events; the result is the same whether
 * this is the first attempt or a resume after a crash.
 *
 * Rows change by partition: a partition that loses rows gets one rewritten file with the rows it keeps
 * (its old files are removed); every partition that gains rows gets one new file with them.
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
  newEvents: readonly AttributionEvent[];
  /** Watermark after the previous run (null before the first event), and after this one. */
  watermarkBefore: number | null;
  watermarkAfter: number | null;
  /** Most hour partitions one interval is copied into (see placement.ts). */
  maxIntervalHours: number;
}

const columnNames = ipAttributionGold.columns.map((c) => c.name);

export async function computeAttributionUpdate(input: AttributionInput): Promise<AttributionUpdate> {
  const { engine, tables, cache, newEvents, watermarkBefore, watermarkAfter, maxIntervalHours } = input;
  const counts = emptyIntervalCounts();
  const gold = tables.attribution;
  const snapshot = gold.snapshot();
  if (watermarkAfter === null) return { add: [], remove: [], counts };

  const plan = planIncrement(newEvents);
  const keys = new TempKeys(engine);
  try {
    // 1. Stored intervals the new events may change.
    await keys.load([
      ...[...plan.dhcpEarliest.keys()].map((v): [string, string] => ['ip', v]),
      ...[...plan.sessionIds].map((v): [string, string] => ['session', v]),
      ...[...plan.fallbackMacs].map((v): [string, string] => ['fallback', v]),
      ...[...plan.sightingMacs.keys()].map((v): [string, string] => ['sighting', v]),
    ]);
    const priorRows = await queryFiles<AttributionGoldRow>(
      engine,
      gold,
      snapshot.files,
      `SELECT DISTINCT ON (IntervalId) * FROM {files}
       WHERE IpAddress IN (${keys.of('ip')})
          OR SessionId IN (${keys.of('session')})
          OR (Source = 'ise_radius' AND SessionId IS NULL AND coalesce(MacAddress, '') IN (${keys.of('fallback')}))
          OR (Source = 'dhcp' AND MacAddress IN (${keys.of('sighting')}))`,
      cache,
    );
    const prior = priorRows.map(fromAttributionGoldRow).filter((i) => priorIntervalNeeded(plan, i));
    const needs = eventNeeds(plan, prior);

    // 2. Stored events needed to recompute them, from silver.
    await keys.load([
      ...[...needs.dhcpFrom.keys()].map((v): [string, string] => ['dhcp_ip', v]),
      ...[...needs.sessionIds].map((v): [string, string] => ['need_session', v]),
      ...[...needs.fallbackMacs].map((v): [string, string] => ['need_fallback', v]),
    ]);
    const priorEvents: AttributionEvent[] = [];
    const collect = (source: SilverSource, rows: PlainRow[]): void => {
      for (const row of rows) {
        const event = toAttributionEvent(recordOfSilverRow(source, row), lineRefsOfSilverRow(row));
        if (needsEvent(needs, event)) priorEvents.push(event);
      }
    };
    const sightingsFrom = needs.sightingsFrom === null ? null : sqlString(new Date(needs.sightingsFrom).toISOString());
    const sightingClause = sightingsFrom === null ? 'false' : `(EventTimestamp >= ${sightingsFrom}::TIMESTAMPTZ AND UserIsPerson AND MacAddress IS NOT NULL)`;
    const silverFiles = (source: SilverSource, from: number | null): DataFile[] => {
      const table = tables.silver.get(source) as DeltaTable;
      const files = table.snapshot().files;
      if (from === null) return [...files];
      const firstHour = partitionKey(hourPartitionOf(from));
      return files.filter((f) => `dt=${f.partitionValues.dt}/hr=${f.partitionValues.hr}` >= firstHour);
    };
    collect(
      'dhcp',
      await queryFiles(engine, tables.silver.get('dhcp') as DeltaTable, silverFiles('dhcp', null), `SELECT * FROM {files} WHERE IpAddress IN (${keys.of('dhcp_ip')})`, cache),
    );
    collect(
      'ise_radius',
      await queryFiles(
        engine,
        tables.silver.get('ise_radius') as DeltaTable,
        silverFiles('ise_radius', null),
        `SELECT * FROM {files} WHERE SessionId IN (${keys.of('need_session')})
           OR (SessionId IS NULL AND coalesce(MacAddress, '') IN (${keys.of('need_fallback')})) OR ${sightingClause}`,
        cache,
      ),
    );
    if (needs.sightingsFrom !== null) {
      for (const source of ['ise_posture', 'ise_auth'] as const) {
        collect(
          source,
          await queryFiles(engine, tables.silver.get(source) as DeltaTable, silverFiles(source, needs.sightingsFrom), `SELECT * FROM {files} WHERE ${sightingClause}`, cache),
        );
      }
    }

    const { removed, added } = applyIncrement({ plan, needs, priorIntervals: prior, priorEvents, newEvents });

    // 3. Intervals that only grow into the hours the watermark moved over.
    const extended: { interval: Interval; hours: HourPartition[] }[] = [];
    if (watermarkBefore !== null && watermarkAfter > watermarkBefore) {
      const removedIds = new Set(removed.map((i) => i.intervalId));
      const hour = hourPartitionOf(watermarkBefore);
      const rows = await queryFiles<AttributionGoldRow>(
        engine,
        gold,
        snapshot.filesInPartition(pv(hour)),
        `SELECT DISTINCT ON (IntervalId) * FROM {files} WHERE "End" IS NULL OR "End" > ${sqlString(new Date(watermarkBefore).toISOString())}::TIMESTAMPTZ`,
        cache,
      );
      for (const interval of rows.map(fromAttributionGoldRow)) {
        if (removedIds.has(interval.intervalId)) continue;
        const hours = hoursGained(interval, watermarkBefore, watermarkAfter, maxIntervalHours);
        if (hours.length > 0) extended.push({ interval, hours });
      }
    }

    // 4. Write: new rows per partition, kept rows of partitions that lose some.
    const writer = await TableWriter.create(engine, gold);
    let finished = false;
    try {
      const partitionsWritten = new Set<string>();
      for (const interval of added) {
        const row = cellsOf(interval);
        for (const hour of storedHours(interval, watermarkAfter, maxIntervalHours)) {
          await writer.append(pv(hour), row);
          partitionsWritten.add(partitionKey(hour));
        }
      }
      for (const { interval, hours } of extended) {
        const row = cellsOf(interval);
        for (const hour of hours) {
          await writer.append(pv(hour), row);
          partitionsWritten.add(partitionKey(hour));
        }
      }
      const add: DataFile[] = [];
      const remove: DataFile[] = [];
      // Partitions holding a removed interval (it was stored up to the old watermark's hour).
      const losing = new Map<string, HourPartition>();
      for (const interval of removed) {
        for (const hour of storedHours(interval, watermarkBefore ?? watermarkAfter, maxIntervalHours)) losing.set(partitionKey(hour), hour);
      }
      if (losing.size > 0) {
        await keys.load(removed.map((i): [string, string] => ['removed', i.intervalId]));
        for (const [key, hour] of losing) {
          const files = snapshot.filesInPartition(pv(hour));
          if (files.length === 0) continue;
          const kept = await queryFiles<{ n: number }>(
            engine,
            gold,
            files,
            `SELECT count(*)::INTEGER AS n FROM {files} WHERE IntervalId NOT IN (${keys.of('removed')})`,
            cache,
          );
          remove.push(...files);
          partitionsWritten.add(key);
          if ((kept[0]?.n ?? 0) > 0) {
            const paths = await scanPaths(gold, files, cache);
            const list = paths.map((p) => sqlString(p)).join(', ');
            add.push(
              await writer.writeFromQuery(
                pv(hour),
                `SELECT * FROM read_parquet([${list}], hive_partitioning = false) WHERE IntervalId NOT IN (${keys.of('removed')})`,
              ),
            );
          }
        }
      }
      add.push(...(await writer.finish()));
      finished = true;

      const removedIds = new Set(removed.map((i) => i.intervalId));
      counts.written = added.length;
      counts.open = added.filter((i) => i.end === null).length;
      counts.opened = added.filter((i) => !removedIds.has(i.intervalId)).length;
      const wasOpen = new Set(removed.filter((i) => i.end === null).map((i) => i.intervalId));
      counts.closed = added.filter((i) => i.end !== null && wasOpen.has(i.intervalId)).length;
      counts.ips = new Set([...added, ...removed].map((i) => i.ip)).size;
      counts.partitions = partitionsWritten.size;
      return { add, remove, counts };
    } finally {
      if (!finished) await writer.abort();
    }
  } finally {
    await keys.drop();
  }
}

const pv = (hour: HourPartition): PartitionValues => ({ dt: hour.dt, hr: hour.hr });

function cellsOf(interval: Interval): CellValue[] {
  const row = toAttributionGoldRow(interval) as unknown as Record<string, CellValue>;
  return columnNames.map((name) => row[name] ?? null);
}

/** A staged (kind, value) key table, so large key sets are joined instead of spelled out in SQL. */
class TempKeys {
  private readonly name = `etl_keys_${randomUUID().replaceAll('-', '')}`;
  private created = false;

  constructor(private readonly engine: Engine) {}

  async load(rows: [string, string][]): Promise<void> {
    const columns = [
      { name: 'kind', type: 'string' as const },
      { name: 'value', type: 'string' as const },
    ];
    if (!this.created) {
      await createLoadTable(this.engine, this.name, columns);
      this.created = true;
    }
    await bulkLoad(this.engine, this.name, columns, rows);
  }

  of(kind: string): string {
    return `SELECT value FROM ${sqlIdent(this.name)} WHERE kind = ${sqlString(kind)}`;
  }

  async drop(): Promise<void> {
    if (this.created) await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(this.name)}`);
  }
}
