import { mkdir } from 'node:fs/promises';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { resolveEngineOptions, type EngineOptions } from './options.js';
import { Pool } from './pool.js';
import { sqlString } from './sql.js';
import { toDuckDBParam, toPlainValue, type PlainRow, type SqlParam } from './values.js';

/**
 * The process's one warm DuckDB instance (in-memory database, spilling to a temp directory).
 * Statements run on a small pool of connections; the Parquet footer cache stays warm across queries.
 * Tables created through `run` live in the shared in-memory catalog, so every connection sees them.
 */
export class Engine {
  private closed = false;
  /** The connections are closed: a statement still queued in the pool must not use them. */
  private released = false;

  private constructor(
    readonly options: EngineOptions,
    private readonly instance: DuckDBInstance,
    private readonly connections: DuckDBConnection[],
    private readonly pool: Pool<DuckDBConnection>,
  ) {}

  static async create(options: Partial<EngineOptions> = {}): Promise<Engine> {
    const resolved = resolveEngineOptions(options);
    await mkdir(resolved.tempDirectory, { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:', {
        threads: String(resolved.threads),
        temp_directory: resolved.tempDirectory,
        memory_limit: resolved.memoryLimit,
        // No network: extensions cannot be fetched, so never try.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        ...(resolved.allocatorFlushThreshold === undefined ? {} : { allocator_flush_threshold: resolved.allocatorFlushThreshold }),
        ...(resolved.allocatorBackgroundThreads ? { allocator_background_threads: 'true' } : {}),
        ...(resolved.externalFileCache ? {} : { enable_external_file_cache: 'false' }),
      });
    } catch (err) {
      throw new Error(`engine: cannot start DuckDB (temp directory ${resolved.tempDirectory}): ${message(err)}`, {
        cause: err,
      });
    }
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < resolved.connections; i += 1) connections.push(await instance.connect());
    const first = connections[0] as DuckDBConnection;
    // Set after start, not in the config above: both settings belong to extensions (parquet, icu), and DuckDB rejects
    // them at start-up ("options were not recognized"). Footers of files already read are cached unless told
    // otherwise; all times are UTC.
    await first.run(`SET GLOBAL parquet_metadata_cache = ${resolved.parquetMetadataCache}`);
    await first.run(`SET GLOBAL TimeZone = ${sqlString('UTC')}`);
    return new Engine(resolved, instance, connections, new Pool(connections));
  }

  /** Rows as plain objects keyed by column name (see PlainValue for the type mapping). */
  async query<T extends object = PlainRow>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.withConnection(async (conn) => {
      const reader = await this.wrap(sql, () => conn.runAndReadAll(sql, params.map(toDuckDBParam)));
      const names = reader.deduplicatedColumnNames();
      const width = names.length;
      const rows: T[] = [];
      for (const values of reader.getRows()) {
        const row: PlainRow = {};
        for (let c = 0; c < width; c += 1) row[names[c] as string] = toPlainValue(values[c] ?? null);
        rows.push(row as T);
      }
      return rows;
    });
  }

  /** Execute a statement (DDL, COPY, INSERT...) and discard any result. */
  async run(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    await this.withConnection(async (conn) => {
      await this.wrap(sql, () => conn.run(sql, params.map(toDuckDBParam)));
    });
  }

  /** Lease a raw connection for work the helpers above do not cover (appenders, streaming). */
  async withConnection<R>(fn: (conn: DuckDBConnection) => Promise<R>): Promise<R> {
    if (this.closed) throw new Error('engine: DuckDB engine is closed');
    return this.pool.use((conn) => {
      // Queued before close() and handed a connection only after it: never run on a closed connection.
      if (this.released) throw new Error('engine: DuckDB engine is closed');
      return fn(conn);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Wait for running statements by holding every connection at once. Leasing them one after the other is not
    // enough: an idle connection, released, goes straight to the next lease while another still runs a query, and
    // closing a connection under a running query deadlocks or crashes DuckDB (seen at gateway shutdown).
    let releaseAll = (): void => undefined;
    const held = new Promise<void>((resolve) => (releaseAll = resolve));
    await Promise.all(
      this.connections.map(() => new Promise<void>((leased) => void this.pool.use(() => (leased(), held)))),
    );
    try {
      for (const conn of this.connections) conn.closeSync();
      this.instance.closeSync();
    } finally {
      this.released = true;
      releaseAll();
    }
  }

  private async wrap<R>(sql: string, fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`engine: DuckDB statement failed: ${message(err)}\n  SQL: ${abbreviate(sql)}`, { cause: err });
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function abbreviate(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > 500 ? `${oneLine.slice(0, 500)}…` : oneLine;
}
