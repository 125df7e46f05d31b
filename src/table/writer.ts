import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkLoadColumns, createLoadTable } from '../engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../engine/column-types.js';
import { sqlTypeOf } from '../engine/column-types.js';
import type { Engine } from '../engine/duckdb.js';
import { sqlIdent, sqlString } from '../engine/sql.js';
import { eachSettled } from '../util/each-settled.js';
import { compareBytewise } from './compare.js';
import type { DeltaTable } from './delta-table.js';
import { estimateRowBytes, RowBuffer, StagedPartition } from './partition-buffer.js';
import { partitionPath } from './partition-path.js';
import { checkRow, encodeSmallFile } from './small-file.js';
import { computeStats, computeStatsByKey } from './stats.js';
import type { DataFile, FileStats, PartitionValues } from './types.js';

export interface TableWriterOptions {
  /** Parquet codec: zstd is smaller, snappy a little cheaper to write (see bench/table-write.ts). */
  compression: 'zstd' | 'snappy';
  /** Rows buffered in JS (over all partitions) before they are bulk-loaded into DuckDB (bounds JS memory). */
  flushRows: number;
  /**
   * The same bound in estimated bytes (estimateRowBytes: text by length): whichever is reached first
   * flushes. Wide rows (ISE silver, bronze lines) reach it long before flushRows.
   */
  flushBytes: number;
  /**
   * Estimated bytes staged in DuckDB at once. Past it the least recently loaded partitions are written out
   * (a partition then gets several files, which Delta allows), so one big partition (a run's bronze day)
   * never needs more than this in DuckDB, whatever the run's size.
   */
  maxStagedBytes: number;
  /** Where Parquet files are written before upload. */
  tempDirectory: string;
  /** Partitions written (COPY, stats, upload) at once by finish() and by spills; overlaps DuckDB work with uploads. */
  finishConcurrency: number;
  /**
   * Partitions staged in DuckDB at once. All share one stage table, so this bounds staged rows, not tables:
   * past this many the least recently loaded partitions (the hours a time-ordered input is done with) are
   * written out early and the stage rebuilt without them (a partition may then get several files, which
   * Delta allows).
   */
  maxStagedPartitions: number;
  /**
   * Partitions with at most this many rows are written by the small-file path (sorted and encoded in JS,
   * uncompressed, no DuckDB: see small-file.ts), larger ones by DuckDB's COPY; 0 turns the path off.
   * Measured on a 15-column gold table: DuckDB ~6 ms of CPU per file plus ~6 µs per row, the JS path
   * ~0.03 ms per file plus ~2.5 µs per row. JS stays cheaper past 4,000 rows, but its files are
   * uncompressed (~10x zstd's size), so the default stops at one gold row group.
   */
  smallFileRows: number;
}

export const defaultTableWriterOptions: TableWriterOptions = {
  compression: 'zstd',
  flushRows: 50_000,
  flushBytes: 32 * 1024 * 1024,
  maxStagedBytes: 64 * 1024 * 1024,
  tempDirectory: path.join(tmpdir(), 'iplake-writer'),
  finishConcurrency: 2,
  maxStagedPartitions: 128,
  smallFileRows: 2048,
};

/** A file to write from a query (see TableWriter.writeFromQueries). */
export interface QueryFile {
  partitionValues: PartitionValues;
  /** Any query returning the table's data columns by name. */
  selectSql: string;
  /** The stats of exactly the rows the query returns, when known. */
  stats?: FileStats;
}

/** A held partition with a row in this share of the held bound (counted back from the last row) is still in use. */
const HOT_WINDOW = 1 / 4;

/** The stage table's column tagging each row with its partition's id (not written to the files). */
const PARTITION_ID_COLUMN = '__iplake_partition';

/**
 * Writes rows into new Parquet data files of one table and hands back the DataFiles for the caller to
 * commit. Rows are buffered in JS column by column, each tagged with its partition's id, and every
 * `flushRows` rows bulk-loaded into the writer's one DuckDB stage table (which spills to disk past the
 * engine's memory limit). One table for all partitions keeps the per-partition cost low: no table to
 * create and drop, one appender and one stats query for all partitions. A file is one sorted COPY of a
 * partition's rows. finish() writes every staged partition; at most `maxStagedPartitions` are staged at
 * once (older ones are written out early and the stage rebuilt without them, so a partition can get more
 * than one file). Nothing becomes visible to readers until the caller commits the returned files;
 * abort() deletes the files written early.
 */
export class TableWriter {
  private readonly partitions = new Map<string, StagedPartition>();
  /** The last partition appended to, and the values object it was named by: most rows hit it. */
  private last: { values: PartitionValues; partition: StagedPartition } | undefined;
  private readonly buffer: RowBuffer;
  /** Partitions with rows in `buffer`. */
  private readonly pending = new Set<StagedPartition>();
  private finished = false;
  private readonly loadColumns: LoadColumn[];
  private readonly stagePrefix = `iplake_stage_${randomUUID().replaceAll('-', '')}`;
  private stages = 0;
  private nextPartitionId = 0;
  /** The DuckDB table holding the loaded rows of every staged partition, once created. */
  private stage: string | undefined;
  /** Partitions with rows in the stage table, least recently loaded first (a Map keeps insertion order). */
  private readonly staged = new Map<string, StagedPartition>();
  /** Partitions whose rows are held in JS for the small-file path. */
  private readonly holding = new Set<StagedPartition>();
  /** Rows held by the partitions in `holding`, and their estimated bytes. */
  private heldRows = 0;
  private heldBytes = 0;
  /** Estimated bytes of the rows in the stage table. */
  private stagedBytes = 0;
  /** Rows (and estimated bytes) appended so far: the clocks of StagedPartition.lastTouch(Bytes). */
  private appended = 0;
  private appendedBytes = 0;
  /** Column indexes of spec.sortBy, for InputOrder. */
  private readonly sortKeys: number[];
  /** Files uploaded before finish() (spilled partitions): returned by finish(), deleted by abort(). */
  private readonly written: DataFile[] = [];

  private constructor(
    private readonly engine: Engine,
    readonly table: DeltaTable,
    private readonly options: TableWriterOptions,
  ) {
    this.loadColumns = table.spec.columns.map((c) => ({ name: c.name, type: c.type }));
    this.buffer = new RowBuffer(this.loadColumns.length);
    this.sortKeys = table.spec.sortBy.map((name) => table.spec.columns.findIndex((c) => c.name === name));
  }

  static async create(engine: Engine, table: DeltaTable, options: Partial<TableWriterOptions> = {}): Promise<TableWriter> {
    const resolved = { ...defaultTableWriterOptions, ...stripUndefined(options) };
    if (!(resolved.flushRows >= 1)) throw new Error(`writer: flushRows must be >= 1, got ${resolved.flushRows}`);
    if (!(resolved.flushBytes >= 1)) throw new Error(`writer: flushBytes must be >= 1, got ${resolved.flushBytes}`);
    if (!(resolved.maxStagedBytes >= 1)) throw new Error(`writer: maxStagedBytes must be >= 1, got ${resolved.maxStagedBytes}`);
    if (!(Number.isInteger(resolved.finishConcurrency) && resolved.finishConcurrency >= 1)) {
      throw new Error(`writer: finishConcurrency must be a positive integer, got ${resolved.finishConcurrency}`);
    }
    if (!(Number.isInteger(resolved.maxStagedPartitions) && resolved.maxStagedPartitions >= 1)) {
      throw new Error(`writer: maxStagedPartitions must be a positive integer, got ${resolved.maxStagedPartitions}`);
    }
    if (!(Number.isInteger(resolved.smallFileRows) && resolved.smallFileRows >= 0)) {
      throw new Error(`writer: smallFileRows must be a non-negative integer, got ${resolved.smallFileRows}`);
    }
    await mkdir(resolved.tempDirectory, { recursive: true });
    return new TableWriter(engine, table, resolved);
  }

  /** One row, values in spec.columns order. Prefer appendBatch: one await per batch, not per row. */
  async append(partitionValues: PartitionValues, row: readonly CellValue[]): Promise<void> {
    this.assertOpen();
    this.checkWidth(row);
    this.push(this.partitionOf(partitionValues), row);
    if (this.jsFull()) await this.flush();
  }

  /** Rows of one partition, each in spec.columns order. */
  async appendBatch(partitionValues: PartitionValues, rows: readonly (readonly CellValue[])[]): Promise<void> {
    this.assertOpen();
    // Never forgotten while this loop runs: a partition with rows waiting in JS stays known.
    const partition = this.partitionOf(partitionValues);
    for (const row of rows) {
      this.checkWidth(row);
      this.push(partition, row);
      if (this.jsFull()) await this.flush();
    }
  }

  /**
   * Write every staged partition, upload the files and return them with those written early, sorted by
   * path (uncommitted). On failure every file this writer uploaded is deleted again.
   */
  async finish(): Promise<DataFile[]> {
    this.assertOpen();
    this.finished = true;
    try {
      await this.flush();
      await this.writeStaged([...this.staged.values()]);
      await this.writeHeld([...this.holding]);
      return [...this.written].sort((a, b) => compareBytewise(a.path, b.path));
    } catch (err) {
      await this.deleteWritten();
      throw err;
    } finally {
      await this.dropStage();
    }
  }

  /**
   * Write one file for a partition from any query returning the table's data columns (by name),
   * e.g. compaction: `SELECT * FROM read_parquet([...], hive_partitioning=false)`. Not committed.
   */
  async writeFromQuery(partitionValues: PartitionValues, selectSql: string): Promise<DataFile> {
    partitionPath(this.table.spec.partitionColumns, partitionValues);
    return this.writePartition(partitionValues, selectSql);
  }

  /**
   * One file per item, as writeFromQuery, finishConcurrency at a time. An item's `stats`, when the caller has them
   * (e.g. from one grouped query over every item's rows), spare reading its file back. Not committed; on failure
   * the files this call wrote are deleted again.
   */
  async writeFromQueries(items: readonly QueryFile[]): Promise<DataFile[]> {
    for (const item of items) partitionPath(this.table.spec.partitionColumns, item.partitionValues);
    const out: (DataFile | undefined)[] = new Array(items.length);
    try {
      await eachSettled(items, this.options.finishConcurrency, async (item, i) => {
        out[i] = await this.writePartition(item.partitionValues, item.selectSql, item.stats);
      });
    } catch (err) {
      const written = out.filter((f): f is DataFile => f !== undefined);
      await Promise.allSettled(written.map((f) => this.table.store.delete(this.table.dataKey(f.path))));
      throw err;
    }
    return out as DataFile[];
  }

  /** Drop buffered and staged rows and delete the files written early; nothing is left behind. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.dropStage();
    } finally {
      await this.deleteWritten();
    }
  }

  /**
   * A row of a partition with nothing in DuckDB is held in JS while the partition stays small; the row
   * past smallFileRows moves the partition's rows on to the DuckDB path.
   */
  private push(partition: StagedPartition, row: readonly CellValue[]): void {
    const bytes = estimateRowBytes(row);
    this.appended += 1;
    this.appendedBytes += bytes;
    partition.lastTouch = this.appended;
    partition.lastTouchBytes = this.appendedBytes;
    partition.order.note(row, this.sortKeys);
    if (partition.staged === 0 && partition.pending === 0) {
      if (partition.heldRows < this.options.smallFileRows) {
        this.checkHeldRow(partition, row);
        if (partition.heldRows === 0) this.holding.add(partition);
        partition.hold(row, this.loadColumns.length, bytes);
        this.heldRows += 1;
        this.heldBytes += bytes;
        return;
      }
      if (partition.heldRows > 0) this.unhold(partition);
    }
    this.buffer.push(row, partition.id, bytes);
    if (partition.pending === 0) this.pending.add(partition);
    partition.pending += 1;
    partition.pendingBytes += bytes;
  }

  /** A held row with a value its column cannot hold fails now, with the message a DuckDB load gives. */
  private checkHeldRow(partition: StagedPartition, row: readonly CellValue[]): void {
    try {
      checkRow(this.loadColumns, row);
    } catch (err) {
      throw new Error(
        `writer: cannot stage rows of partition ${partition.path || '(unpartitioned)'} of ${this.table.root}: ` +
          (err instanceof Error ? err.message : String(err)),
        { cause: err },
      );
    }
  }

  /** Move a partition's held rows into the RowBuffer: from now on it takes the DuckDB path. */
  private unhold(partition: StagedPartition): void {
    const { columns, rows, bytes } = partition.takeHeld();
    this.holding.delete(partition);
    this.heldRows -= rows;
    this.heldBytes -= bytes;
    this.buffer.pushColumns(columns, rows, bytes, partition.id);
    if (partition.pending === 0) this.pending.add(partition);
    partition.pending += rows;
    partition.pendingBytes += bytes;
  }

  /** Rows in JS (buffered for DuckDB or held for small files) reach flushRows or flushBytes. */
  private jsFull(): boolean {
    return this.buffer.rows + this.heldRows >= this.options.flushRows || this.buffer.bytes + this.heldBytes >= this.options.flushBytes;
  }

  /**
   * Keep held rows under half of flushRows and of flushBytes: partitions without a row in the last
   * HOT_WINDOW of that (hours a time-ordered input is done with) are written out as small files; partitions
   * still in use move on to the DuckDB path, so an input in no order does not cut them into many small files.
   * The window is shorter than the bound because the held rows are the most recent ones: with a window as
   * long as the bound, an input that revisits its hours (two landing objects spanning the same week) made
   * every held hour look in use and sent it through DuckDB, at ~10-15 ms of CPU per COPY whatever its rows.
   */
  private async relieveHeld(): Promise<void> {
    const rowLimit = this.options.flushRows / 2;
    const byteLimit = this.options.flushBytes / 2;
    if (this.heldRows <= rowLimit && this.heldBytes <= byteLimit) return;
    const coldBefore = this.appended - rowLimit * HOT_WINDOW;
    const coldBeforeBytes = this.appendedBytes - byteLimit * HOT_WINDOW;
    const done: StagedPartition[] = [];
    let rows = this.heldRows;
    let bytes = this.heldBytes;
    for (const p of [...this.holding].sort((a, b) => a.lastTouch - b.lastTouch)) {
      if (rows <= rowLimit && bytes <= byteLimit) break;
      rows -= p.heldRows;
      bytes -= p.heldBytes;
      if (p.lastTouch <= coldBefore || p.lastTouchBytes <= coldBeforeBytes) done.push(p);
      else this.unhold(p);
    }
    await this.writeHeld(done);
  }

  /** Load the buffered rows of every partition into the stage table, writing out old partitions to make room. */
  private async flush(): Promise<void> {
    await this.relieveHeld();
    if (this.buffer.rows === 0) return;
    const loading = [...this.pending];
    let newcomers = 0;
    for (const p of loading) if (!this.staged.has(p.path)) newcomers += 1;
    const tooMany = this.staged.size + newcomers > this.options.maxStagedPartitions;
    const tooBig = this.stagedBytes + this.buffer.bytes > this.options.maxStagedBytes;
    if (this.staged.size > 0 && (tooMany || tooBig)) await this.spill(tooMany, tooBig);
    const first = loading[0];
    if (this.stage === undefined) {
      const stage = `${this.stagePrefix}_${this.stages++}`;
      await this.engineStep(first, 'create a stage table for', () => createLoadTable(this.engine, stage, this.stageColumns()));
      this.stage = stage;
    }
    const { columns, rows, bytes } = this.buffer.take();
    const stage = this.stage;
    await this.engineStep(first, 'stage rows of', () => bulkLoadColumns(this.engine, stage, this.stageColumns(), columns, rows));
    this.pending.clear();
    this.stagedBytes += bytes;
    for (const p of loading) {
      p.staged += p.pending;
      p.pending = 0;
      p.stagedBytes += p.pendingBytes;
      p.pendingBytes = 0;
      // Most recently loaded last: spill() takes the partitions a time-ordered input is done with.
      this.staged.delete(p.path);
      this.staged.set(p.path, p);
    }
  }

  /**
   * Write out the least recently loaded staged partitions — half of them when too many are staged, down to
   * half of maxStagedBytes when they are too big — then rebuild the stage table without their rows: deleted
   * rows would keep their memory until the table is dropped.
   */
  private async spill(tooMany: boolean, tooBig: boolean): Promise<void> {
    const keep = Math.floor(this.options.maxStagedPartitions / 2);
    const byteTarget = this.options.maxStagedBytes / 2;
    const byRecency = [...this.staged.values()];
    const oldest: StagedPartition[] = [];
    let bytes = this.stagedBytes;
    for (const p of byRecency) {
      const count = byRecency.length - oldest.length > keep && tooMany;
      const size = bytes > byteTarget && tooBig;
      if (oldest.length > 0 && !count && !size) break;
      oldest.push(p);
      bytes -= p.stagedBytes;
    }
    await this.writeStaged(oldest);
    const old = this.stage as string;
    if (this.staged.size === 0) {
      await this.dropStage();
      return;
    }
    const next = `${this.stagePrefix}_${this.stages++}`;
    const ids = oldest.map((p) => p.id).join(', ');
    await this.engineStep(oldest[0], 'rebuild the stage table after writing out', async () => {
      await this.engine.run(
        `CREATE TABLE ${sqlIdent(next)} AS SELECT * FROM ${sqlIdent(old)} WHERE NOT list_contains([${ids}], ${sqlIdent(PARTITION_ID_COLUMN)})`,
      );
      this.stage = next;
      await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(old)}`);
    });
  }

  /**
   * COPY each partition's staged rows to a file (finishConcurrency at a time) and keep the DataFile.
   * Stats of all of them come from one grouped query over the stage table. A partition with rows still in
   * JS stays known and gets a second file when they are loaded and written.
   */
  private async writeStaged(partitions: readonly StagedPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    const stage = sqlIdent(this.stage as string);
    const idColumn = sqlIdent(PARTITION_ID_COLUMN);
    const ordered = [...partitions].sort((a, b) => compareBytewise(a.path, b.path));
    const all = ordered.length === this.staged.size;
    const where = all ? 'true' : `list_contains([${ordered.map((p) => p.id).join(', ')}], ${idColumn})`;
    const stats = await this.engineStep(ordered[0], `compute the stats of ${ordered.length} staged partitions from`, () =>
      computeStatsByKey(this.engine, stage, PARTITION_ID_COLUMN, this.table.spec.columns, where),
    );
    // Every write settles before the first failure is thrown, so no upload lands after the caller cleans up.
    await eachSettled(ordered, this.options.finishConcurrency, async (partition) => {
      const source = `SELECT * FROM ${stage} WHERE ${idColumn} = ${partition.id}`;
      // Rows staged in sortBy order are copied as they are: no sort, so DuckDB streams them. This relies on
      // DuckDB's default preserve_insertion_order = true (the engine never turns it off).
      this.written.push(await this.writePartition(partition.values, source, stats.get(partition.id), partition.order.ordered));
      this.stagedBytes -= partition.stagedBytes;
      partition.stagedBytes = 0;
      partition.staged = 0;
      this.staged.delete(partition.path);
      if (partition.pending === 0) this.forget(partition);
    });
  }

  /**
   * Write each held partition as a small file (encoded in JS, uploaded finishConcurrency at a time) and
   * keep the DataFile. A partition that got rows while a file was being written is left for a later file.
   */
  private async writeHeld(partitions: readonly StagedPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    const ordered = [...partitions].sort((a, b) => compareBytewise(a.path, b.path));
    await eachSettled(ordered, this.options.finishConcurrency, async (partition) => {
      const { columns, rows, bytes } = partition.takeHeld();
      this.holding.delete(partition);
      this.heldRows -= rows;
      this.heldBytes -= bytes;
      this.written.push(await this.writeSmallFile(partition.values, columns, rows));
      if (partition.pending === 0 && partition.staged === 0 && partition.heldRows === 0) this.forget(partition);
    });
  }

  /** Encode held rows as one small file, upload it from memory (no temp file) and describe it. */
  private async writeSmallFile(partitionValues: PartitionValues, columns: CellValue[][], rows: number): Promise<DataFile> {
    const { spec } = this.table;
    const where = partitionPath(spec.partitionColumns, partitionValues);
    const relative = `${where}/part-${randomUUID()}.uncompressed.parquet`.replace(/^\//, '');
    try {
      const { bytes, stats } = encodeSmallFile(spec, this.loadColumns, columns, rows);
      await this.table.store.put(this.table.dataKey(relative), bytes);
      return { path: relative, partitionValues: { ...partitionValues }, size: bytes.length, modificationTime: Date.now(), stats };
    } catch (err) {
      throw new Error(
        `writer: cannot write partition ${where || '(unpartitioned)'} of ${this.table.root}: ` + (err instanceof Error ? err.message : String(err)),
        { cause: err },
      );
    }
  }

  /** A partition written out and not appended to since needs no record (a year of hours would otherwise pile up). */
  private forget(partition: StagedPartition): void {
    this.partitions.delete(partition.path);
    if (this.last?.partition === partition) this.last = undefined;
  }

  private stageColumns(): LoadColumn[] {
    return [...this.loadColumns, { name: PARTITION_ID_COLUMN, type: 'integer' }];
  }

  /** Run one DuckDB step for a partition; its failure (e.g. out of memory) names the table and partition. */
  private async engineStep<T>(partition: StagedPartition | undefined, what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      throw new Error(
        `writer: cannot ${what} partition ${partition?.path || '(unpartitioned)'} of ${this.table.root} ` +
          `(${this.staged.size} partitions staged, maxStagedPartitions ${this.options.maxStagedPartitions}): ` +
          (err instanceof Error ? err.message : String(err)),
        { cause: err },
      );
    }
  }

  /** Delete the files this writer uploaded; best effort, so the first error is not hidden (vacuum sweeps leftovers). */
  private async deleteWritten(): Promise<void> {
    const files = this.written.splice(0);
    await Promise.allSettled(files.map((f) => this.table.store.delete(this.table.dataKey(f.path))));
  }

  /**
   * COPY `source` sorted to a temp Parquet file, upload it, and describe it. `knownStats` are passed when
   * the rows were in a DuckDB table already (cheaper than re-reading the file).
   */
  private async writePartition(partitionValues: PartitionValues, source: string, knownStats?: FileStats, inOrder = false): Promise<DataFile> {
    const { spec } = this.table;
    const relative = `${partitionPath(spec.partitionColumns, partitionValues)}/part-${randomUUID()}.${this.options.compression}.parquet`
      .replace(/^\//, '');
    const temp = path.join(this.options.tempDirectory, `part-${randomUUID()}.parquet`);
    const columns = spec.columns
      .map((c) => `CAST(src.${sqlIdent(c.name)} AS ${sqlTypeOf[c.type]}) AS ${sqlIdent(c.name)}`)
      .join(', ');
    const orderBy = spec.sortBy.length > 0 && !inOrder ? `ORDER BY ${spec.sortBy.map(sqlIdent).join(', ')}` : '';
    try {
      await this.engine.run(
        `COPY (SELECT ${columns} FROM (${source}) AS src ${orderBy}) TO ${sqlString(temp)} ` +
          `(FORMAT parquet, COMPRESSION ${this.options.compression}, ROW_GROUP_SIZE ${spec.rowGroupSize})`,
      );
      const stats = knownStats ?? (await computeStats(this.engine, `read_parquet(${sqlString(temp)})`, spec.columns));
      const { size } = await stat(temp);
      await this.table.store.putFile(this.table.dataKey(relative), temp);
      return { path: relative, partitionValues: { ...partitionValues }, size, modificationTime: Date.now(), stats };
    } catch (err) {
      throw new Error(
        `writer: cannot write partition ${partitionPath(spec.partitionColumns, partitionValues) || '(unpartitioned)'} of ${this.table.root}: ` +
          (err instanceof Error ? err.message : String(err)),
        { cause: err },
      );
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** The record of a partition; the values object of the previous call is recognised without building a key. */
  private partitionOf(values: PartitionValues): StagedPartition {
    const columns = this.table.spec.partitionColumns;
    const last = this.last;
    if (last && last.values === values && last.partition.matches(columns, values)) return last.partition;
    const key = partitionPath(columns, values); // throws on missing or unsafe values
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = new StagedPartition(key, Object.fromEntries(columns.map((c) => [c, values[c] as string])), this.nextPartitionId++);
      this.partitions.set(key, partition);
    }
    this.last = { values, partition };
    return partition;
  }

  private checkWidth(row: readonly CellValue[]): void {
    if (row.length !== this.loadColumns.length) {
      throw new Error(`writer: ${this.table.root}: a row has ${row.length} values, the table has ${this.loadColumns.length} columns`);
    }
  }

  /** Drop the stage table; with finish() or abort() also forget every partition. */
  private async dropStage(): Promise<void> {
    const stage = this.stage;
    this.stage = undefined;
    this.staged.clear();
    this.stagedBytes = 0;
    if (this.finished) {
      this.last = undefined;
      this.partitions.clear();
      this.pending.clear();
      for (const p of this.holding) p.takeHeld();
      this.holding.clear();
      this.heldRows = 0;
      this.heldBytes = 0;
    }
    if (stage !== undefined) await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(stage)}`);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error(`writer: the writer for ${this.table.root} is already finished`);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
