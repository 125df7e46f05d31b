import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkLoad, createLoadTable, type LoadRow } from '../engine/bulk-load.js';
import type { CellValue, LoadColumn } from '../engine/column-types.js';
import { sqlTypeOf } from '../engine/column-types.js';
import type { Engine } from '../engine/duckdb.js';
import { sqlIdent, sqlString } from '../engine/sql.js';
import type { DeltaTable } from './delta-table.js';
import { partitionPath } from './partition-path.js';
import { computeStats } from './stats.js';
import type { DataFile, PartitionValues } from './types.js';

export interface TableWriterOptions {
  /** Parquet codec: zstd is smaller, snappy a little faster to write. */
  compression: 'zstd' | 'snappy';
  /** Rows buffered in JS before they are bulk-loaded into DuckDB (bounds JS memory). */
  flushRows: number;
  /** Where Parquet files are written before upload. */
  tempDirectory: string;
}

export const defaultTableWriterOptions: TableWriterOptions = {
  compression: 'zstd',
  flushRows: 50_000,
  tempDirectory: path.join(tmpdir(), 'iplake-writer'),
};

/**
 * Writes rows into new Parquet data files of one table, one file per partition, and hands back the
 * DataFiles for the caller to commit. Rows are staged in a DuckDB table (spilling to disk past the
 * engine's memory limit), then each partition is written by one sorted COPY.
 * Nothing becomes visible to readers until the caller commits the returned files.
 */
export class TableWriter {
  private buffer: LoadRow[] = [];
  private readonly checkedPartitions = new Map<string, string[]>();
  private finished = false;

  private constructor(
    private readonly engine: Engine,
    readonly table: DeltaTable,
    private readonly options: TableWriterOptions,
    private readonly stage: string,
    private readonly stageColumns: LoadColumn[],
  ) {}

  static async create(engine: Engine, table: DeltaTable, options: Partial<TableWriterOptions> = {}): Promise<TableWriter> {
    const resolved = { ...defaultTableWriterOptions, ...options };
    if (!(resolved.flushRows >= 1)) throw new Error(`writer: flushRows must be >= 1, got ${resolved.flushRows}`);
    await mkdir(resolved.tempDirectory, { recursive: true });
    const stage = `iplake_stage_${randomUUID().replaceAll('-', '')}`;
    const stageColumns: LoadColumn[] = [
      ...table.spec.partitionColumns.map((name) => ({ name, type: 'string' as const })),
      ...table.spec.columns.map((c) => ({ name: c.name, type: c.type })),
    ];
    await createLoadTable(engine, stage, stageColumns);
    return new TableWriter(engine, table, resolved, stage, stageColumns);
  }

  /** One row, values in spec.columns order. */
  async append(partitionValues: PartitionValues, row: readonly CellValue[]): Promise<void> {
    this.assertOpen();
    const prefix = this.partitionPrefix(partitionValues);
    if (row.length !== this.table.spec.columns.length) {
      throw new Error(
        `writer: ${this.table.root}: a row has ${row.length} values, the table has ${this.table.spec.columns.length} columns`,
      );
    }
    this.buffer.push([...prefix, ...row]);
    if (this.buffer.length >= this.options.flushRows) await this.flush();
  }

  async appendBatch(partitionValues: PartitionValues, rows: readonly (readonly CellValue[])[]): Promise<void> {
    for (const row of rows) await this.append(partitionValues, row);
  }

  /** Write one Parquet file per partition staged so far, upload them and return their DataFiles (uncommitted). */
  async finish(): Promise<DataFile[]> {
    this.assertOpen();
    this.finished = true;
    try {
      await this.flush();
      const pcols = this.table.spec.partitionColumns;
      const partitions = await this.engine.query<Record<string, string>>(
        `SELECT DISTINCT ${pcols.map(sqlIdent).join(', ') || '1 AS one'} FROM ${sqlIdent(this.stage)} ORDER BY ALL`,
      );
      const files: DataFile[] = [];
      for (const values of partitions) {
        const pv: PartitionValues = Object.fromEntries(pcols.map((c) => [c, values[c] as string]));
        const where = pcols.map((c) => `${sqlIdent(c)} = ${sqlString(pv[c] as string)}`).join(' AND ') || 'true';
        files.push(await this.writePartition(pv, `SELECT * FROM ${sqlIdent(this.stage)} WHERE ${where}`));
      }
      return files;
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

  /** Drop staged rows without writing anything. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.buffer = [];
    await this.dropStage();
  }

  private async writePartition(partitionValues: PartitionValues, source: string): Promise<DataFile> {
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
      const stats = await computeStats(this.engine, `read_parquet(${sqlString(temp)})`, spec.columns);
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

  private partitionPrefix(values: PartitionValues): string[] {
    const columns = this.table.spec.partitionColumns;
    const key = columns.map((c) => values[c]).join('\u0000');
    let prefix = this.checkedPartitions.get(key);
    if (!prefix) {
      partitionPath(columns, values); // throws on missing or unsafe values
      prefix = columns.map((c) => values[c] as string);
      this.checkedPartitions.set(key, prefix);
    }
    return prefix;
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    await bulkLoad(this.engine, this.stage, this.stageColumns, rows);
  }

  private async dropStage(): Promise<void> {
    await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(this.stage)}`);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error(`writer: the writer for ${this.table.root} is already finished`);
  }
}
