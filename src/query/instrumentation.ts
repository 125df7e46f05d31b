/**
 * Counts what the query layer reads, so tests can prove batching (one scan per table and window) and
 * /metrics can export scans, files and bytes. Listeners get one event per Parquet scan.
 */
export interface ScanEvent {
  /** Gold table name, e.g. `ip_attribution_gold`. */
  table: string;
  /** What the scan was for, e.g. `attributions-by-ip`; lets a test tell scans apart. */
  purpose: string;
  files: number;
  bytes: number;
  /** Rows DuckDB returned (0 when the memory index answered). */
  rows: number;
  durationMs: number;
  /** Who answered: one DuckDB statement, or the in-memory index of resident files. */
  engine: 'duckdb' | 'memory';
}

export interface ScanTotals {
  scans: number;
  files: number;
  bytes: number;
  rows: number;
}

export type ScanListener = (event: ScanEvent) => void;

export class ScanInstrumentation {
  private readonly listeners = new Set<ScanListener>();
  private readonly totals: ScanTotals = { scans: 0, files: 0, bytes: 0, rows: 0 };

  record(event: ScanEvent): void {
    this.totals.scans += 1;
    this.totals.files += event.files;
    this.totals.bytes += event.bytes;
    this.totals.rows += event.rows;
    for (const listener of this.listeners) listener(event);
  }

  /** Subscribe; returns the unsubscribe function. */
  onScan(listener: ScanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ScanTotals {
    return { ...this.totals };
  }
}
