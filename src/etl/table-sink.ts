import type { CellValue } from '../engine/index.js';
import type { TableWriter } from '../table/index.js';
import type { PartitionValues, TableSpec } from '../table/types.js';

/**
 * Most rows a sink holds before handing them to its writer. The writer keeps rows column by column, so
 * handing them over early lets each row array die young (cheap to collect) instead of being promoted
 * with a 50,000-row batch; one await per this many rows is still negligible.
 */
export const SINK_HANDOFF_ROWS = 2048;

/**
 * Rows bound for one table in one run. Rows are buffered per partition and handed to the TableWriter
 * in batches (one await per batch, not per row). With no writer — the table already committed this
 * run before a crash — rows are only counted, so a resumed run still checks its line balance.
 */
export class TableSink {
  rows = 0;
  private readonly buffers = new Map<string, { values: PartitionValues; rows: CellValue[][] }>();
  private buffered = 0;
  private readonly batchRows: number;

  constructor(
    readonly spec: TableSpec,
    readonly writer: TableWriter | null,
    /** At most this many rows are held before they go to the writer (bounds the JS-side memory). */
    batchRows: number,
  ) {
    this.batchRows = Math.max(1, Math.min(batchRows, SINK_HANDOFF_ROWS));
  }

  push(partitionKey: string, values: PartitionValues, row: CellValue[]): void {
    this.rows += 1;
    if (!this.writer) return;
    let buffer = this.buffers.get(partitionKey);
    if (!buffer) {
      buffer = { values, rows: [] };
      this.buffers.set(partitionKey, buffer);
    }
    buffer.rows.push(row);
    this.buffered += 1;
  }

  /** Hand buffered rows to the writer when there are enough of them (or always, with force). */
  async flush(force = false): Promise<void> {
    if (!this.writer || this.buffered === 0 || (!force && this.buffered < this.batchRows)) return;
    for (const buffer of this.buffers.values()) {
      if (buffer.rows.length > 0) await this.writer.appendBatch(buffer.values, buffer.rows);
    }
    this.buffers.clear();
    this.buffered = 0;
  }
}

/** dt/hr partition values of an epoch-ms time, memoised per hour (the hot path sees few distinct hours). */
export class HourPartitions {
  private readonly cache = new Map<number, { key: string; values: PartitionValues }>();
  private readonly days = new Map<string, { key: string; values: PartitionValues }>();

  // Rows come mostly in time order: the last hour answers most calls without a map lookup.
  private lastHour = NaN;
  private lastEntry: { key: string; values: PartitionValues } | undefined;

  of(time: number): { key: string; values: PartitionValues } {
    const hour = Math.floor(time / 3_600_000);
    if (hour === this.lastHour && this.lastEntry !== undefined) return this.lastEntry;
    let entry = this.cache.get(hour);
    if (!entry) {
      const iso = new Date(hour * 3_600_000).toISOString();
      const values = { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
      entry = { key: `${values.dt}/${values.hr}`, values };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hour, entry);
    }
    this.lastHour = hour;
    this.lastEntry = entry;
    return entry;
  }

  /** dt-only partition (bronze, quarantine: by ingest day). */
  dayOf(time: number): { key: string; values: PartitionValues } {
    const dt = this.of(time).values.dt as string;
    let entry = this.days.get(dt);
    if (!entry) {
      // The same values object every time: the writer recognises a repeated partition by identity.
      entry = { key: dt, values: { dt } };
      if (this.days.size > 10_000) this.days.clear();
      this.days.set(dt, entry);
    }
    return entry;
  }
}
