import { randomUUID } from 'node:crypto';
import { bulkLoad, createLoadTable, sqlIdent, type Engine, type LoadColumn, type LoadRow } from '../engine/index.js';

/** Temp tables of one ETL step (keys to join, intervals to copy), so large sets are joined instead of spelled out in SQL. Dropped together. */
export class Staging {
  private readonly prefix = `etl_keys_${randomUUID().replaceAll('-', '')}`;
  private readonly names: string[] = [];

  constructor(private readonly engine: Engine) {}

  /** Stage rows; returns the quoted table name. */
  async table(columns: readonly LoadColumn[], rows: readonly LoadRow[]): Promise<string> {
    const name = this.nextName();
    await createLoadTable(this.engine, name, columns);
    await bulkLoad(this.engine, name, columns, rows);
    return sqlIdent(name);
  }

  /** Stage a set of strings; returns a subquery selecting them, for `x IN (...)`. */
  async values(values: Iterable<string>): Promise<string> {
    const rows = [...new Set(values)].map((v): LoadRow => [v]);
    return `SELECT value FROM ${await this.table([{ name: 'value', type: 'string' }], rows)}`;
  }

  async drop(): Promise<void> {
    for (const name of this.names) await this.engine.run(`DROP TABLE IF EXISTS ${sqlIdent(name)}`);
  }

  /** Registered before the table exists, so drop() also removes one a failed statement may have left. */
  private nextName(): string {
    const name = `${this.prefix}_${this.names.length}`;
    this.names.push(name);
    return name;
  }
}
