import { sqlIdent, sqlString, sqlStringList, type CellValue, type Engine, type LoadColumn, type LoadRow } from '../engine/index.js';
import { computeStatsByKey, scanPaths, type DeltaTable, type LocalFileSource, type QueryFile, type Snapshot, type TableWriter } from '../table/index.js';
import type { DataFile, PartitionValues } from '../table/types.js';
import { partitionKey, toAttributionGoldRow, type HourPartition, type Interval } from './attribution/index.js';
import { hourPartitionAt, type HourRange } from './placement.js';
import type { Staging } from './staging.js';

/** An interval and the hours it gets rows in. */
export interface Placement {
  interval: Interval;
  hours: HourRange;
}

/** Files of one partition the run replaces: they hold a row of a removed interval, or are merged (see withMerges). */
export interface LosingFiles {
  partition: HourPartition;
  files: DataFile[];
  /** Rows of those files that stay. */
  kept: number;
}

/** What the gold write needs from its step: the engine, the table and its writer, and the step's temp tables. */
export interface GoldWriteContext {
  engine: Engine;
  gold: DeltaTable;
  writer: TableWriter;
  staging: Staging;
  cache: LocalFileSource | undefined;
}

const FIRST_HOUR = '__first_hour';
const LAST_HOUR = '__last_hour';
const hourMs = 3_600_000;

/**
 * Write a run's change to ip_attribution_gold: one new file for each partition that gains rows (an hour a placed
 * interval is copied into) or loses some (a losing file), holding the rows its losing files keep and its new copies.
 *
 * One file per partition, not one for the kept rows and one for the new: a renewal rewrites every hour its lease spans,
 * so a small run rewrites most partitions, and two files each time left a partition one file more after every run
 * (2,316 files in 181 partitions after 14 five-minute runs). Each interval is staged once in DuckDB with its hours, and
 * each file selects the intervals whose hours hold its own; the files are written the writer's finishConcurrency at a
 * time, with stats from one grouped scan of their rows.
 * Returns the files and the partitions they were written to.
 */
export async function writeAttributionFiles(
  ctx: GoldWriteContext,
  placements: readonly Placement[],
  losing: readonly LosingFiles[],
  gone: string | null,
): Promise<{ add: DataFile[]; partitions: HourPartition[] }> {
  const { engine, gold, writer, staging, cache } = ctx;
  const columns = gold.spec.columns;
  const names = columns.map((c) => sqlIdent(c.name));
  const select = names.join(', ');

  // New copies: every placed interval staged once with its hour range. A partition's copies are the rows whose range
  // holds its hour (a copy is the interval's row), so no table of copies is built: a run's can be millions of rows.
  const placed = placements.filter((p) => p.hours.last >= p.hours.first);
  let intervals: string | null = null;
  const copyHours = hoursOf(placed.map((p) => p.hours));
  if (placed.length > 0) {
    const load: LoadColumn[] = [
      ...columns.map((c) => ({ name: c.name, type: c.type })),
      { name: FIRST_HOUR, type: 'long' },
      { name: LAST_HOUR, type: 'long' },
    ];
    intervals = await staging.table(load, placed.map((p): LoadRow => [...cellsOf(p.interval, columns), p.hours.first, p.hours.last]));
  }

  // Kept rows: the losing files' rows of the intervals that stay.
  const keptPaths = new Map<number, string[]>();
  for (const group of losing) if (group.kept > 0) keptPaths.set(hourOf(group.partition), await scanPaths(gold, group.files, cache));
  const stays = (alias: string): string => (gone === null ? 'true' : `${alias}IntervalId NOT IN (${gone})`);
  const keptOf = (paths: readonly string[]): string =>
    `SELECT ${select} FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false) WHERE ${stays('')}`;

  const hours = [...new Set([...copyHours, ...keptPaths.keys()])].sort((a, b) => a - b);
  if (hours.length === 0) return { add: [], partitions: [] };

  // The stats of every file, from one grouped scan of the rows they get.
  const parts: string[] = [];
  // The copies are expanded here only to be aggregated (streamed, never stored).
  if (intervals !== null) parts.push(`SELECT ${select}, unnest(range(${FIRST_HOUR}, ${LAST_HOUR} + 1)) AS grp FROM ${intervals}`);
  if (keptPaths.size > 0) {
    const groupOfPath = [...keptPaths].flatMap(([hour, paths]) => paths.map((p) => `(${sqlString(p)}, ${hour})`)).join(', ');
    parts.push(
      `SELECT ${names.map((n) => `f.${n}`).join(', ')}, g.grp
       FROM read_parquet(${sqlStringList([...keptPaths.values()].flat())}, hive_partitioning = false, filename = true) AS f
       JOIN (VALUES ${groupOfPath}) AS g(path, grp) ON f.filename = g.path
       WHERE ${stays('f.')}`,
    );
  }
  const stats = await computeStatsByKey(engine, `(${parts.join(' UNION ALL ')})`, 'grp', columns);

  const copySet = new Set(copyHours);
  const items = hours.map((hour): QueryFile => {
    const sources: string[] = [];
    const paths = keptPaths.get(hour);
    if (paths !== undefined) sources.push(keptOf(paths));
    if (intervals !== null && copySet.has(hour)) sources.push(`SELECT ${select} FROM ${intervals} WHERE ${FIRST_HOUR} <= ${hour} AND ${LAST_HOUR} >= ${hour}`);
    const known = stats.get(hour);
    return { partitionValues: pv(hourPartitionAt(hour)), selectSql: sources.join(' UNION ALL '), ...(known ? { stats: known } : {}) };
  });
  const add = await writer.writeFromQueries(items);
  return { add, partitions: hours.map(hourPartitionAt) };
}

/**
 * The files each partition the run writes replaces: its losing files and, when at least two of its other files would
 * stay beside the new one, those too (all their rows stay). Every partition a run writes is then left with at most two
 * files. Without this, a partition that kept gaining copies and losing none (an hour ahead of the watermark that
 * renewals reach) grew by a file per run: 223 -> 287 live files over six five-minute increments.
 */
export function withMerges(snapshot: Snapshot, placements: readonly Placement[], losing: readonly LosingFiles[]): LosingFiles[] {
  const groups = new Map(losing.map((group) => [partitionKey(group.partition), { ...group, files: [...group.files] }]));
  const gaining = hoursOf(placements.map((p) => p.hours)).map(hourPartitionAt);
  for (const partition of [...gaining, ...losing.map((group) => group.partition)]) {
    const key = partitionKey(partition);
    const group = groups.get(key);
    const replaced = new Set(group?.files.map((f) => f.path) ?? []);
    const staying = snapshot.filesInPartition(pv(partition)).filter((f) => !replaced.has(f.path));
    if (staying.length < 2) continue;
    const rows = staying.reduce((n, f) => n + (f.stats?.numRecords ?? 1), 0);
    groups.set(key, { partition, files: [...(group?.files ?? []), ...staying], kept: (group?.kept ?? 0) + rows });
  }
  return [...groups.values()];
}

/** Among `files`, those holding a row whose IntervalId is in `gone` (a SELECT of ids), grouped by partition. */
export async function filesLosingRows(
  engine: Engine,
  gold: DeltaTable,
  files: readonly DataFile[],
  gone: string,
  cache: LocalFileSource | undefined,
): Promise<LosingFiles[]> {
  if (files.length === 0) return [];
  const paths = await scanPaths(gold, files, cache);
  const fileOf = new Map(paths.map((p, i) => [p, files[i] as DataFile]));
  const rows = await engine.query<{ filename: string; gone: number; total: number }>(
    `SELECT filename, count(*) FILTER (WHERE IntervalId IN (${gone}))::INTEGER AS gone, count(*)::INTEGER AS total
     FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false, filename = true)
     GROUP BY filename HAVING count(*) FILTER (WHERE IntervalId IN (${gone})) > 0`,
  );
  const byPartition = new Map<string, LosingFiles>();
  for (const row of rows) {
    const file = fileOf.get(row.filename);
    if (file === undefined) throw new Error(`etl: attribution rewrite: DuckDB named a file it was not given: ${row.filename}`);
    const partition = { dt: file.partitionValues.dt ?? '', hr: file.partitionValues.hr ?? '' };
    const key = partitionKey(partition);
    const group = byPartition.get(key) ?? { partition, files: [], kept: 0 };
    group.files.push(file);
    group.kept += row.total - row.gone;
    byPartition.set(key, group);
  }
  return [...byPartition.values()];
}

/** The distinct hours of some ranges (merged first: a run's placements overlap heavily); an empty range adds none. */
function hoursOf(ranges: readonly HourRange[]): number[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const out: number[] = [];
  let next = -Infinity;
  for (const { first, last } of sorted) {
    for (let hour = Math.max(first, next); hour <= last; hour++) out.push(hour);
    next = Math.max(next, last + 1);
  }
  return out;
}

function hourOf(partition: HourPartition): number {
  const ms = Date.parse(`${partition.dt}T${partition.hr}:00:00Z`);
  if (!Number.isFinite(ms)) throw new Error(`etl: attribution rewrite: not an hour partition: dt=${partition.dt}/hr=${partition.hr}`);
  return ms / hourMs;
}

const pv = (hour: HourPartition): PartitionValues => ({ dt: hour.dt, hr: hour.hr });

function cellsOf(interval: Interval, columns: readonly { name: string }[]): CellValue[] {
  const row = toAttributionGoldRow(interval) as unknown as Record<string, CellValue>;
  return columns.map((c) => row[c.name] ?? null);
}
