import type { Engine } from '../../engine/index.js';
import type { DataFile } from '../../table/index.js';
import type { TableSource } from '../table-source.js';
import { ATTRIBUTION_FILE_SQL, AttributionFile } from './attribution-file.js';
import { ByteLru } from './byte-lru.js';
import { EVENT_FILE_SQL, EventFile } from './event-file.js';
import { readFileColumns } from './file-loader.js';

type ResidentFile = EventFile | AttributionFile;

/** Files loaded at once in the background: two keep a wide question's files coming without starving requests. */
const BACKGROUND_LOADS = 2;

export interface MemoryIndexStats {
  maxBytes: number;
  bytes: number;
  files: number;
  /** Rows of the resident files (for bytes per row). */
  rows: number;
  /** Files found resident / loaded, and requests left to DuckDB because their files would not fit. */
  hits: number;
  loads: number;
  evictions: number;
  fallbacks: number;
  /** Requests answered by DuckDB while their many missing files loaded in the background. */
  deferred: number;
}

/**
 * Hot gold files held in memory in a compact columnar form, so requests are answered without DuckDB.
 * Data files are immutable and named by the snapshot that lists them, so an entry keyed by the file's path
 * never goes stale: a new commit names other files, and old ones age out of the LRU (bounded by bytes).
 */
export class MemoryIndex {
  private readonly lru: ByteLru<ResidentFile>;
  private readonly loading = new Map<string, Promise<ResidentFile>>();
  private loadedFileBytes = 0;
  private loadedMemoryBytes = 0;
  private hits = 0;
  private loads = 0;
  private fallbacks = 0;
  private deferred = 0;
  /** Background loads, BACKGROUND_LOADS at a time, so DuckDB keeps connections for the requests it answers. */
  private readonly backlog: (() => Promise<unknown>)[] = [];
  private readonly queued = new Set<string>();
  private draining = 0;

  constructor(
    private readonly engine: Engine,
    readonly maxBytes: number,
    /** Missing files a request may wait for; with more, DuckDB answers it and they load in the background. */
    private readonly syncLoadFiles: number,
  ) {
    this.lru = new ByteLru(maxBytes);
  }

  /** The files of an ip_lookup_gold request, resident; null when they would not fit (the caller uses DuckDB). */
  events(source: TableSource, files: readonly DataFile[]): Promise<EventFile[] | null> {
    return this.resident(source, files, EVENT_FILE_SQL, EventFile.fromColumns);
  }

  /** The same for ip_attribution_gold. */
  attributions(source: TableSource, files: readonly DataFile[]): Promise<AttributionFile[] | null> {
    return this.resident(source, files, ATTRIBUTION_FILE_SQL, AttributionFile.fromColumns);
  }

  stats(): MemoryIndexStats {
    return {
      maxBytes: this.maxBytes,
      bytes: this.lru.bytes,
      files: this.lru.size,
      rows: this.lru.rows,
      hits: this.hits,
      loads: this.loads,
      evictions: this.lru.evictions,
      fallbacks: this.fallbacks,
      deferred: this.deferred,
    };
  }

  private async resident<T extends ResidentFile>(
    source: TableSource,
    files: readonly DataFile[],
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<T[] | null> {
    if (this.maxBytes <= 0) return null;
    const keys = files.map((f) => `${source.name}/${f.path}`);
    const out = new Array<T | undefined>(files.length);
    const missing: number[] = [];
    let needed = 0;
    keys.forEach((key, i) => {
      const hit = this.lru.get(key) as T | undefined;
      if (hit) {
        out[i] = hit;
        needed += hit.bytes;
      } else {
        missing.push(i);
        needed += (files[i] as DataFile).size * this.expansion();
      }
    });
    // Half the budget per request: two working sets of that size can take turns without evicting each other.
    if (needed > this.maxBytes / 2) {
      this.fallbacks += 1;
      return null;
    }
    if (missing.length > this.syncLoadFiles) {
      // A wide first question would wait for every file to load (seconds on a busy box): DuckDB answers it
      // now, and the files load behind it for the next request.
      this.deferred += 1;
      for (const i of missing) {
        const key = keys[i] as string;
        if (this.queued.has(key) || this.loading.has(key)) continue;
        this.queued.add(key);
        this.backlog.push(() => {
          this.queued.delete(key);
          return this.lru.peek(key) ? Promise.resolve() : this.load(key, source, files[i] as DataFile, expressions, build);
        });
      }
      for (let i = 0; i < BACKGROUND_LOADS; i += 1) void this.drain();
      return null;
    }
    this.hits += files.length - missing.length;
    // Every load starts (or is joined) before the first await, so concurrent requests share one read per file.
    const loads = missing.map((i) => this.load(keys[i] as string, source, files[i] as DataFile, expressions, build));
    const loaded = await Promise.all(loads);
    missing.forEach((i, j) => (out[i] = loaded[j]));
    return out as T[];
  }

  private load<T extends ResidentFile>(
    key: string,
    source: TableSource,
    file: DataFile,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<T> {
    const running = this.loading.get(key);
    if (running) return running as Promise<T>;
    const load = (async () => {
      const [path] = await source.localPaths([file]);
      const value = build(await readFileColumns(this.engine, path as string, expressions));
      this.loads += 1;
      this.loadedFileBytes += file.size;
      this.loadedMemoryBytes += value.bytes;
      this.lru.set(key, value);
      return value;
    })();
    this.loading.set(key, load);
    load.finally(() => this.loading.delete(key)).catch(() => undefined);
    return load;
  }

  private async drain(): Promise<void> {
    if (this.draining >= BACKGROUND_LOADS) return;
    this.draining += 1;
    try {
      for (let task = this.backlog.shift(); task; task = this.backlog.shift()) {
        // A file that fails to load is left to DuckDB (which reports the problem to the request that needs it).
        await task().catch(() => undefined);
      }
    } finally {
      this.draining -= 1;
    }
  }

  /** Memory bytes per Parquet byte, learned from the files loaded so far (a cautious guess before the first). */
  private expansion(): number {
    return this.loadedFileBytes > 0 ? this.loadedMemoryBytes / this.loadedFileBytes : 8;
  }
}
