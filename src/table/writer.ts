import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkLoadColumns, createLoadTable } from '../engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../engine/column-types.js';
import { sqlTypeOf } from '../engine/column-types.js';
import type { Engine } from '../engine/duckdb.js';
import { sqlIdent, sqlString } from '../engine/sql.js';
import { compareBytewise } from './compare.js';
import type { DeltaTable } from './delta-table.js';
import { PartitionBuffer } from './partition-buffer.js';
import { partitionPath } from './partition-path.js';
import { computeStats, computeStatsOfEach } from './stats.js';
import type { DataFile, FileStats, PartitionValues } from './types.js';

export interface TableWriterOptions {
  /** Parquet codec: zstd is smaller, snappy a little cheaper to write (see bench/table-write.ts). */
  compression: 'zstd' | 'snappy';
  /** Rows buffered in JS (over all partitions) before they are bulk-loaded into DuckDB (bounds JS memory). */
  flushRows: number;
  /** Where Parquet files are written before upload. */
  tempDirectory: string;
  /** Partitions written (COPY, stats, upload) at once by finish() and by spills; overlaps DuckDB work with uploads. */
  finishConcurrency: number;
  /**
   * Partitions staged in DuckDB at once. Each stage table costs a few hundred KB of engine memory however few
   * rows it holds, so a run touching thousands of hours would exhaust the engine; past this many the least
   * recently loaded partitions are written out early (a partition may then get several files, which Delta allows).
   */
  maxStagedPartitions: number;
}

export const defaultTableWriterOptions: TableWriterOptions = {
  compression: 'zstd',
  flushRows: 50_000,
  tempDirectory: path.join(tmpdir(), 'iplake-writer'),
  finishConcurrency: 2,
  maxStagedPartitions: 128,
};

/**
 * Writes rows into new Parquet data files of one table and hands back the DataFiles for the caller to
 * commit. Rows are buffered per partition, column by column, and every `flushRows` rows bulk-loaded into
 * one DuckDB stage table per partition (which spills to disk past the engine's memory limit). A file is
 * one sorted COPY of a stage table, its stats taken from the same table: finish() writes every staged
 * partition, and at most `maxStagedPartitions` are staged at once (older ones are written out early, so
 * a partition can get more than one file). Nothing becomes visible to readers until the caller commits
 * the returned files; abort() deletes the files written early.
 */
export class TableWriter {
  private readonly partitions = new Map<string, PartitionBuffer>();
  /** The last partition appended to, and the values object it was named by: most rows hit it. */
  private last: { values: PartitionValues; buffer: PartitionBuffer } | undefined;
  private buffered = 0;
  private finished = false;
  private readonly loadColumns: LoadColumn[];
  private readonly stagePrefix = `iplake_stage_${randomUUID().replaceAll('-', '')}`;
  private stages = 0;
  /** Partitions with a stage table, least recently loaded first (a Map keeps insertion order). */
  private readonly staged = new Map<string, PartitionBuffer>();
  /** Files uploaded before finish() (spilled partitions): returned by finish(), deleted by abort(). */
  private readonly written: DataFile[] = [];

  private constructor(
    private readonly engine: Engine,
    readonly table: DeltaTable,
    private readonly options: TableWriterOptions,
  ) {
    this.loadColumns = table.spec.columns.map((c) => ({ name: c.name, type: c.type }));
  }

  static async create(engine: Engine, table: DeltaTable, options: Partial<TableWriterOptions> = {}): Promise<TableWriter> {
    const resolved = { ...defaultTableWriterOptions, ...stripUndefined(options) };
    if (!(resolved.flushRows >= 1)) throw new Error(`writer: flushRows must be >= 1, got ${resolved.flushRows}`);
    if (!(Number.isInteger(resolved.finishConcurrency) && resolved.finishConcurrency >= 1)) {
      throw new Error(`writer: finishConcurrency must be a positive integer, got ${resolved.finishConcurrency}`);
    }
    if (!(Number.isInteger(resolved.maxStagedPartitions) && resolved.maxStagedPartitions >= 1)) {
      throw new Error(`writer: maxStagedPartitions must be a positive integer, got ${resolved.maxStagedPartitions}`);
    }
    await mkdir(resolved.tempDirectory, { recursive: true });
    return new TableWriter(engine, table, resolved);
  }

  /** One row, values in spec.columns order. Prefer appendBatch: one await per batch, not per row. */
  async append(partitionValues: PartitionValues, row: readonly CellValue[]): Promise<void> {
    this.assertOpen();
    this.checkWidth(row);
    this.partitionOf(partitionValues).push(row);
    this.buffered += 1;
    if (this.buffered >= this.options.flushRows) await this.flush();
  }

  /** Rows of one partition, each in spec.columns order. */
  async appendBatch(partitionValues: PartitionValues, rows: readonly (readonly CellValue[])[]): Promise<void> {
    this.assertOpen();
    const buffer = this.partitionOf(partitionValues);
    for (const row of rows) {
      this.checkWidth(row);
      buffer.push(row);
      this.buffered += 1;
      if (this.buffered >= this.options.flushRows) await this.flush();
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
      return [...this.written].sort((a, b) => compareBytewise(a.path, b.path));
    } catch (err) {
      await this.deleteWritten();
      throw err;
    } finally {
      await this.dropStages();
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

  /** Drop buffered and staged rows and delete the files written early; nothing is left behind. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.dropStages();
    } finally {
      await this.deleteWritten();
    }
  }

  /** Load every partition's buffered rows into its stage table, writing out old stages to make room. */
  private async flush(): Promise<void> {
    this.buffered = 0;
    for (const buffer of this.partitions.values()) {
      if (buffer.rows === 0) continue;
      if (buffer.stage === undefined) {
        if (this.staged.size >= this.options.maxStagedPartitions) await this.spill();
        const stage = `${this.stagePrefix}_${this.stages++}`;
        await this.engineStep(buffer, 'create a stage table for', () => createLoadTable(this.engine, stage, this.loadColumns));
        buffer.stage = stage;
      }
      const { columns, rows } = buffer.take();
      await this.engineStep(buffer, 'stage rows of', () => bulkLoadColumns(this.engine, buffer.stage as string, this.loadColumns, columns, rows));
      // Most recently loaded last: spill() takes the partitions a time-ordered input is done with.
      this.staged.delete(buffer.path);
      this.staged.set(buffer.path, buffer);
    }
    // Partitions written out and not appended to since need no buffer (a year of hours would otherwise pile up).
    for (const [key, buffer] of this.partitions) {
      if (buffer.rows === 0 && buffer.stage === undefined) this.partitions.delete(key);
    }
    if (this.last && !this.partitions.has(this.last.buffer.path)) this.last = undefined;
  }

  /** Write out the least recently loaded half of the staged partitions (in batches, so uploads overlap). */
  private async spill(): Promise<void> {
    const keep = Math.floor(this.options.maxStagedPartitions / 2);
    const oldest = [...this.staged.values()].slice(0, Math.max(1, this.staged.size - keep));
    await this.writeStaged(oldest);
  }

  /**
   * COPY each stage table to a file (finishConcurrency at a time), keep the DataFile, and drop the table
   * right away so its memory serves the next partitions. A buffer with rows still in JS stays in `partitions`
   * and gets a new stage table (and a second file) when they are loaded.
   */
  private async writeStaged(buffers: readonly PartitionBuffer[]): Promise<void> {
    const ordered = [...buffers].sort((a, b) => compareBytewise(a.path, b.path));
    const stats = await this.engineStep(ordered[0], `compute the stats of ${ordered.length} staged partitions from`, () =>
      computeStatsOfEach(this.engine, ordered.map((b) => sqlIdent(b.stage as string)), this.table.spec.columns),
    );
    let next = 0;
    const failures: unknown[] = [];
    const worker = async (): Promise<void> => {
      while (next < ordered.length && failures.length === 0) {
        const i = next;
        next += 1;
        const buffer = ordered[i] as PartitionBuffer;
        const stage = sqlIdent(buffer.stage as string);
        try {
          this.written.push(await this.writePartition(buffer.values, `SELECT * FROM ${stage}`, stats[i]));
          await this.engineStep(buffer, 'drop the stage table of', () => this.engine.run(`DROP TABLE IF EXISTS ${stage}`));
        } catch (err) {
          failures.push(err);
          return;
        }
        buffer.stage = undefined;
        buffer.staged = 0;
        this.staged.delete(buffer.path);
      }
    };
    // Every worker settles before the first failure is thrown, so no upload lands after the caller cleans up.
    await Promise.all(Array.from({ length: Math.min(this.options.finishConcurrency, ordered.length) }, worker));
    if (failures.length > 0) throw failures[0];
  }

  /** Run one DuckDB step for a partition; its failure (e.g. out of memory) names the table and partition. */
  private async engineStep<T>(buffer: PartitionBuffer | undefined, what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      throw new Error(
        `writer: cannot ${what} partition ${buffer?.path || '(unpartitioned)'} of ${this.table.root} ` +
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
  private async writePartition(partitionValues: PartitionValues, source: string, knownStats?: FileStats): Promise<DataFile> {
    const { spec } = this.table;
    const relative = `${partitionPath(spec.partitionColumns, partitionValues)}/part-${randomUUID()}.${this.options.compression}.parquet`
      .replace(/^\//, '');
    const temp = path.join(this.options.tempDirectory, `part-${randomUUID()}.parquet`);
    const columns = spec.columns
      .map((c) => `CAST(src.${sqlIdent(c.name)} AS ${sqlTypeOf[c.type]}) AS ${sqlIdent(c.name)}`)
      .join(', ');
    const orderBy = spec.sortBy.length > 0 ? `ORDER BY ${spec.sortBy.map(sqlIdent).join(', ')}` : '';
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

  /** The buffer of a partition; the values object of the previous call is recognised without building a key. */
  private partitionOf(values: PartitionValues): PartitionBuffer {
    const columns = this.table.spec.partitionColumns;
    const last = this.last;
    if (last && last.values === values && last.buffer.matches(columns, values)) return last.buffer;
    const key = partitionPath(columns, values); // throws on missing or unsafe values
    let buffer = this.partitions.get(key);
    if (!buffer) {
      buffer = new PartitionBuffer(key, Object.fromEntries(columns.map((c) => [c, values[c] as string])), this.loadColumns.length);
      this.partitions.set(key, buffer);
    }
    this.last = { values, buffer };
    return buffer;
  }

  private checkWidth(row: readonly CellValue[]): void {
    if (row.length !== this.loadColumns.length) {
      throw new Error(`writer: ${this.table.root}: a row has ${row.length} values, the table has ${this.loadColumns.length} columns`);
    }
  }

  private async dropStages(): Promise<void> {
    this.last = undefined;
    for (const buffer of this.partitions.values()) {
      if (buffer.stage !== undefined) await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(buffer.stage)}`);
    }
    this.partitions.clear();
    this.staged.clear();
  }

  private assertOpen(): void {
    if (this.finished) throw new Error(`writer: the writer for ${this.table.root} is already finished`);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
