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
import { computeStats } from './stats.js';
import type { DataFile, PartitionValues } from './types.js';

export interface TableWriterOptions {
  /** Parquet codec: zstd is smaller, snappy a little cheaper to write (see bench/table-write.ts). */
  compression: 'zstd' | 'snappy';
  /** Rows buffered in JS (over all partitions) before they are bulk-loaded into DuckDB (bounds JS memory). */
  flushRows: number;
  /** Where Parquet files are written before upload. */
  tempDirectory: string;
  /** Partitions written (COPY, stats, upload) at once by finish(); overlaps DuckDB work with uploads. */
  finishConcurrency: number;
}

export const defaultTableWriterOptions: TableWriterOptions = {
  compression: 'zstd',
  flushRows: 50_000,
  tempDirectory: path.join(tmpdir(), 'iplake-writer'),
  finishConcurrency: 2,
};

/**
 * Writes rows into new Parquet data files of one table, one file per partition, and hands back the
 * DataFiles for the caller to commit. Rows are buffered per partition, column by column, and every
 * `flushRows` rows bulk-loaded into one DuckDB stage table per partition (which spills to disk past the
 * engine's memory limit); finish() writes each partition with one sorted COPY of its stage table and
 * takes the file's stats from the same table. Nothing becomes visible to readers until the caller
 * commits the returned files.
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

  /** Write one Parquet file per partition appended to, upload them and return their DataFiles (uncommitted). */
  async finish(): Promise<DataFile[]> {
    this.assertOpen();
    this.finished = true;
    try {
      await this.flush();
      const buffers = [...this.partitions.values()].filter((b) => b.staged > 0).sort((a, b) => compareBytewise(a.path, b.path));
      const files = new Array<DataFile>(buffers.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < buffers.length) {
          const i = next;
          next += 1;
          const buffer = buffers[i] as PartitionBuffer;
          const stage = sqlIdent(buffer.stage as string);
          files[i] = await this.writePartition(buffer.values, `SELECT * FROM ${stage}`, stage);
          await this.engine.run(`DROP TABLE IF EXISTS ${stage}`); // frees its memory before the next partitions
          buffer.stage = undefined;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.finishConcurrency, buffers.length) }, worker));
      return files;
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

  /** Drop buffered and staged rows without writing anything. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.dropStages();
  }

  /** Load every partition's buffered rows into its stage table. */
  private async flush(): Promise<void> {
    this.buffered = 0;
    for (const buffer of this.partitions.values()) {
      if (buffer.rows === 0) continue;
      if (buffer.stage === undefined) {
        const stage = `${this.stagePrefix}_${this.stages++}`;
        await createLoadTable(this.engine, stage, this.loadColumns);
        buffer.stage = stage;
      }
      const { columns, rows } = buffer.take();
      await bulkLoadColumns(this.engine, buffer.stage, this.loadColumns, columns, rows);
    }
  }

  /**
   * COPY `source` sorted to a temp Parquet file, upload it, and describe it. Stats come from
   * `statsRelation` when the rows are in a DuckDB table already (cheaper than re-reading the file).
   */
  private async writePartition(partitionValues: PartitionValues, source: string, statsRelation?: string): Promise<DataFile> {
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
      const stats = await computeStats(this.engine, statsRelation ?? `read_parquet(${sqlString(temp)})`, spec.columns);
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
  }

  private assertOpen(): void {
    if (this.finished) throw new Error(`writer: the writer for ${this.table.root} is already finished`);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
