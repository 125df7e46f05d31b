import type { Engine } from '../../engine/index.js';
import { sqlString } from '../../engine/index.js';
import type { DataFile } from '../../table/index.js';
import type { TableSource } from '../table-source.js';
import { ATTRIBUTION_FILE_SQL, AttributionFile } from './attribution-file.js';
import { ByteLru } from './byte-lru.js';
import { EVENT_FILE_SQL, EventFile } from './event-file.js';
import { readFileColumns } from './file-loader.js';
import { CHUNK_ROWS, hashExpression, KeySketch, SKETCH_COLUMNS, type KeyHint } from './key-sketch.js';
import { LoadScheduler } from './load-scheduler.js';
import { RowGroupRanges } from './row-group-ranges.js';

type ResidentFile = EventFile | AttributionFile;

/**
 * Share of the budget kept for key sketches (≈ 1–2 bytes per row of every file a keyed request touched): a week
 * of a 20 M-row lake's sketches (both tables) fits a quarter of the default budget.
 */
const SKETCH_SHARE = 1 / 4;
/** Part of the sketch share kept for IP row-group ranges (tens of bytes per row group: a sliver is plenty). */
const RANGE_SHARE = 1 / 16;
/** Key hashes remembered (one DuckDB round trip per new key otherwise). */
const KEY_HASHES_KEPT = 10_000;
/** Memory bytes per row assumed before the first chunk has loaded. */
const FIRST_GUESS_BYTES_PER_ROW = 400;
const SKETCH_SQL = (['ip', 'mac', 'user'] as const).map((kind) => hashExpression(`"${SKETCH_COLUMNS[kind]}"`));

export interface MemoryIndexStats {
  maxBytes: number;
  bytes: number;
  /** Resident chunks (CHUNK_ROWS rows of one file each). */
  files: number;
  /** Rows of the resident chunks (for bytes per row). */
  rows: number;
  /** Chunks found resident / loaded, and requests left to DuckDB because their chunks would not fit. */
  hits: number;
  loads: number;
  evictions: number;
  fallbacks: number;
  /** Requests answered by DuckDB while their many missing files loaded in the background. */
  deferred: number;
  /** Background loads queued or running (0 once every deferred request's chunks are resident). */
  backgroundPending: number;
  /** Key-filtered reads that answered a request whose chunks were not resident yet (they load behind it). */
  probes: number;
  /** Key sketches held and their bytes. */
  sketches: number;
  sketchBytes: number;
}

/** One file of a request and the chunks of it the request needs. */
interface FilePlan {
  file: DataFile;
  key: string;
  chunks: number[];
}

/**
 * Hot gold data held in memory in a compact columnar form, so requests are answered without DuckDB. The unit
 * is a chunk of CHUNK_ROWS rows of one file: a request naming an IP, MAC or user (a KeyHint) needs only the
 * chunks whose key sketch may hold it (gold files are sorted by IP, so an IP sits in one chunk per file, a MAC
 * or user in few), which lets a week of a large lake be answered from a small working set.
 * Data files are immutable and named by the snapshot that lists them, so entries keyed by the file's path
 * never go stale: a new commit names other files, and old ones age out of the LRUs (bounded by bytes).
 */
export class MemoryIndex {
  private readonly lru: ByteLru<ResidentFile>;
  private readonly sketches: ByteLru<KeySketch>;
  /** Per file, the IP bounds of each row group (from the footer): IP questions pick chunks without a sketch. */
  private readonly ipRanges: ByteLru<RowGroupRanges>;
  private readonly sketchBudget: number;
  private readonly chunkBudget: number;
  private readonly loading = new Map<string, Promise<ResidentFile>>();
  private readonly sketching = new Map<string, Promise<KeySketch>>();
  private readonly ranging = new Map<string, Promise<RowGroupRanges>>();
  private readonly keyHashes = new Map<string, number>();
  private loadedRows = 0;
  private loadedMemoryBytes = 0;
  private hits = 0;
  private loads = 0;
  private fallbacks = 0;
  private deferred = 0;
  /** Background loads, and the reads requests wait for, which go first (see LoadScheduler). */
  private readonly scheduler = new LoadScheduler();
  /** Key-filtered reads running, shared by concurrent requests for the same file and keys. */
  private readonly probing = new Map<string, Promise<ResidentFile>>();
  private probes = 0;

  constructor(
    private readonly engine: Engine,
    readonly maxBytes: number,
    /** Missing files a request may wait for; with more, DuckDB answers it and they load in the background. */
    private readonly syncLoadFiles: number,
  ) {
    this.sketchBudget = Math.floor(maxBytes * SKETCH_SHARE);
    const rangeBudget = Math.floor(this.sketchBudget * RANGE_SHARE);
    this.ipRanges = new ByteLru(rangeBudget);
    this.sketches = new ByteLru(this.sketchBudget - rangeBudget);
    this.chunkBudget = maxBytes - this.sketchBudget;
    this.lru = new ByteLru(this.chunkBudget);
  }

  /** The chunks of an ip_lookup_gold request, resident; null when they would not fit (the caller uses DuckDB). */
  events(source: TableSource, files: readonly DataFile[], hint?: KeyHint): Promise<EventFile[] | null> {
    return this.resident(source, files, hint, EVENT_FILE_SQL, EventFile.fromColumns);
  }

  /** The same for ip_attribution_gold. */
  attributions(source: TableSource, files: readonly DataFile[], hint?: KeyHint): Promise<AttributionFile[] | null> {
    return this.resident(source, files, hint, ATTRIBUTION_FILE_SQL, AttributionFile.fromColumns);
  }

  /**
   * The files DuckDB must read for a hinted request: those whose IP bounds (for an IP) or sketch (MAC, user) may
   * hold a key, and every file not read yet (no I/O; the key hashes come from the request's own
   * `events`/`attributions` call).
   */
  candidateFiles(source: TableSource, files: readonly DataFile[], hint?: KeyHint): DataFile[] {
    if (hint?.kind === 'ip') {
      return files.filter((f) => {
        const ranges = this.ipRanges.peek(this.fileKey(source, f));
        return ranges === undefined || ranges.rows !== rowsOf(f) || ranges.candidates(hint.values).length > 0;
      });
    }
    const hashes = hint ? this.cachedHashes(hint.values) : null;
    if (!hint || !hashes) return [...files];
    return files.filter((f) => {
      const sketch = this.sketches.peek(this.fileKey(source, f));
      return sketch === undefined || sketch.candidates(hint.kind, hashes).length > 0;
    });
  }

  /**
   * Read the IP row-group bounds of files now (the server's preloaded newest hour): IP questions about them skip
   * the footer read, and the first cold IP question of the process finds the footer reader's code compiled.
   */
  async readIpBounds(source: TableSource, files: readonly DataFile[]): Promise<void> {
    if (this.maxBytes <= 0) return;
    await Promise.all(files.map((f) => this.rangesOf(source, f)));
  }

  stats(): MemoryIndexStats {
    return {
      maxBytes: this.maxBytes,
      bytes: this.lru.bytes + this.sketches.bytes + this.ipRanges.bytes,
      files: this.lru.size,
      rows: this.lru.rows,
      hits: this.hits,
      loads: this.loads,
      evictions: this.lru.evictions,
      fallbacks: this.fallbacks,
      deferred: this.deferred,
      backgroundPending: this.scheduler.pending,
      probes: this.probes,
      sketches: this.sketches.size,
      sketchBytes: this.sketches.bytes,
    };
  }

  private async resident<T extends ResidentFile>(
    source: TableSource,
    files: readonly DataFile[],
    hint: KeyHint | undefined,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<T[] | null> {
    if (this.maxBytes <= 0) return null;
    // Chunks are counted from the commit's row counts; a file without stats is left to DuckDB.
    if (files.some((f) => f.stats === undefined)) return this.fallBack();
    let hashes: number[] | null = null;
    // A keyed request's files must fit the sketch share (a guess of two bytes per row: three filters of a byte
    // per distinct key, and keys repeat within a chunk), or their sketches would evict each other; a request
    // that wide would not fit its chunks either, so IP questions take the same test.
    if (hint && files.reduce((n, f) => n + 2 * rowsOf(f) + 128, 0) > this.sketchBudget) return this.fallBack();
    let unindexed: DataFile[] = [];
    if (hint) {
      // Gold is sorted by IP: an IP's chunks come from the footer's row-group bounds, a MAC's or user's from the
      // file's key sketch (a read of three hashed columns).
      const ip = hint.kind === 'ip';
      if (!ip) hashes = await this.hashesOf(hint.values);
      const keyHashes = hashes;
      unindexed = files.filter((f) => !(ip ? this.ipRanges.get(this.fileKey(source, f)) : this.sketches.get(this.fileKey(source, f))));
      if (unindexed.length > this.syncLoadFiles) {
        // DuckDB answers this wide request; the files' bounds or sketches, then the chunks this key needs, load behind it.
        this.defer(unindexed.map((f) => [this.indexTaskKey(source, f, hint), () => this.indexAndLoad(source, f, hint, keyHashes, expressions, build)]));
        return null;
      }
    }
    const indexed = unindexed.length === 0 ? files : files.filter((f) => !unindexed.includes(f));
    const plans = this.plan(source, indexed, hint, hashes);
    const out: (T | undefined)[] = [];
    const missing: FilePlan[] = [];
    let needed = 0;
    for (const plan of plans) {
      const absent: number[] = [];
      for (const chunk of plan.chunks) {
        const hit = this.lru.get(chunkKey(plan.key, chunk)) as T | undefined;
        out.push(hit);
        if (hit) needed += hit.bytes;
        else {
          absent.push(chunk);
          needed += this.chunkBytes(plan.file, chunk);
        }
      }
      if (absent.length > 0) missing.push({ ...plan, chunks: absent });
    }
    // Half the budget per request: two working sets of that size can take turns without evicting each other.
    if (needed > this.chunkBudget / 2) return this.fallBack();
    if (missing.length > this.syncLoadFiles) {
      // A wide first question would wait for every file to load (seconds on a busy box): DuckDB answers it
      // now, and the chunks load behind it for the next request (a keyed one's only into free room).
      const load = hint ? (plan: FilePlan) => this.loadIntoRoom(source, plan, expressions, build) : (plan: FilePlan) => Promise.all(this.loadChunks(source, plan, expressions, build));
      this.defer(missing.map((plan) => [`${plan.key}#${plan.chunks.join(',')}`, () => load(plan)]));
      return null;
    }
    this.hits += out.filter((c) => c !== undefined).length;
    const resident = out.filter((c): c is T => c !== undefined);
    if (missing.length === 0 && unindexed.length === 0) return resident;
    if (!hint) {
      // Every load starts (or is joined) before the first await, so concurrent requests share one read per chunk.
      const loaded = await this.scheduler.foregroundRead(Promise.all(missing.flatMap((plan) => this.loadChunks(source, plan, expressions, build))));
      return [...resident, ...loaded];
    }
    // A keyed request does not wait for whole chunks (DuckDB hands their strings over one by one, tens of ms
    // per chunk): it gets the rows of its keys now, and the chunks, bounds or sketches load in the background,
    // the chunks only into free room (see loadIntoRoom).
    const pending: Promise<T>[] = [];
    const later: [string, () => Promise<unknown>][] = [];
    for (const plan of missing) {
      const absent: number[] = [];
      for (const chunk of plan.chunks) {
        const running = this.loading.get(chunkKey(plan.key, chunk));
        if (running) pending.push(running as Promise<T>);
        else absent.push(chunk);
      }
      if (absent.length === 0) continue;
      pending.push(this.probe(source, plan.file, hint, absent, expressions, build));
      later.push([`${plan.key}#${absent.join(',')}`, () => this.loadIntoRoom(source, { ...plan, chunks: absent }, expressions, build)]);
    }
    const keyHashes = hashes;
    for (const f of unindexed) {
      pending.push(this.probe(source, f, hint, undefined, expressions, build));
      later.push([this.indexTaskKey(source, f, hint), () => this.indexAndLoad(source, f, hint, keyHashes, expressions, build)]);
    }
    this.scheduler.background(later);
    return [...resident, ...(await this.scheduler.foregroundRead(Promise.all(pending)))];
  }

  /**
   * The rows of a file (its chunks `chunks`, or all of it) whose key column holds one of the hint's keys, as a
   * file object that is not kept: it answers this request exactly, since every row the request can match holds
   * one of its keys (the KeyHint contract). Concurrent requests for the same keys share one read.
   */
  private probe<T extends ResidentFile>(
    source: TableSource,
    file: DataFile,
    hint: KeyHint,
    chunks: readonly number[] | undefined,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<T> {
    const key = `${this.fileKey(source, file)}#${chunks?.join(',') ?? '*'}|${hint.kind}|${hint.values.join('\n')}`;
    const running = this.probing.get(key);
    if (running) return running as Promise<T>;
    const read = (async () => {
      const [path] = await source.localPaths([file]);
      const columns = await readFileColumns(this.engine, path as string, expressions, {
        rows: chunks?.map((c) => ({ first: c * CHUNK_ROWS, last: (c + 1) * CHUNK_ROWS - 1 })),
        keys: { column: SKETCH_COLUMNS[hint.kind], values: hint.values },
      });
      this.probes += 1;
      return build(columns);
    })();
    this.probing.set(key, read);
    read.finally(() => this.probing.delete(key)).catch(() => undefined);
    return read;
  }

  /** Reads a file's bounds (IP) or sketch (MAC, user), then loads the chunks the hint's keys need. */
  private async indexAndLoad<T extends ResidentFile>(
    source: TableSource,
    file: DataFile,
    hint: KeyHint,
    keyHashes: number[] | null,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<void> {
    await (hint.kind === 'ip' ? this.rangesOf(source, file) : this.sketchOf(source, file));
    const plan = this.plan(source, [file], hint, keyHashes)[0] as FilePlan;
    const missing = plan.chunks.filter((c) => !this.lru.peek(chunkKey(plan.key, c)));
    if (missing.length > 0) await this.loadIntoRoom(source, { ...plan, chunks: missing }, expressions, build);
  }

  /**
   * Load behind a keyed request only the chunks that fit the budget's free room: they never evict. Analysts ask about
   * a different address nearly every time, so once the lake's keys outgrow the index, chunks loaded for one question
   * evicted the ones the next needed, and each load held up the next request. Measured on the 2 M-line bench lake,
   * 150 random IPs per question shape over 1-day windows, 256 MB index, second pass: attributions 110 -> 19 ms, events
   * 141 -> 33 ms, whoHad 53 -> 2 ms median (no index at all: 29 / 26 / 10 ms). Requests that are not keyed still load
   * in the foreground and evict the least recently used chunks, so what the index holds keeps moving.
   */
  private async loadIntoRoom<T extends ResidentFile>(
    source: TableSource,
    plan: FilePlan,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<void> {
    let room = this.chunkBudget - this.lru.bytes;
    const chunks = plan.chunks.filter((chunk) => {
      const bytes = this.chunkBytes(plan.file, chunk);
      if (bytes > room) return false;
      room -= bytes;
      return true;
    });
    if (chunks.length > 0) await Promise.all(this.loadChunks(source, { ...plan, chunks }, expressions, build));
  }

  private indexTaskKey(source: TableSource, file: DataFile, hint: KeyHint): string {
    return `${this.fileKey(source, file)}|${hint.kind}|${hint.values.join('\n')}`;
  }

  /**
   * Per file, the chunks a request needs: for an IP, those whose row-group bounds may hold it; for a MAC or user,
   * those its sketch may hold the keys in; else all of them.
   */
  private plan(source: TableSource, files: readonly DataFile[], hint: KeyHint | undefined, hashes: number[] | null): FilePlan[] {
    return files.map((file) => {
      const key = this.fileKey(source, file);
      const ranges = hint?.kind === 'ip' ? this.ipRanges.peek(key) : undefined;
      const sketch = hint && hashes ? this.sketches.peek(key) : undefined;
      // Bounds that disagree with the commit's row count (not the file we expect) are not trusted.
      const chunks = ranges && hint && ranges.rows === rowsOf(file)
        ? ranges.candidates(hint.values)
        : sketch && hint && hashes
          ? sketch.candidates(hint.kind, hashes)
          : Array.from({ length: Math.ceil(rowsOf(file) / CHUNK_ROWS) }, (_, i) => i);
      return { file, key, chunks };
    });
  }

  /** Loads (or joins loads of) a file's chunks: one read per run of adjacent chunks, pruned to their row groups. */
  private loadChunks<T extends ResidentFile>(
    source: TableSource,
    plan: FilePlan,
    expressions: readonly string[],
    build: (columns: unknown[][]) => T,
  ): Promise<T>[] {
    const out: Promise<T>[] = [];
    let run: number[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const chunks = run;
      run = [];
      const whole = chunks.length === Math.ceil(rowsOf(plan.file) / CHUNK_ROWS);
      const first = (chunks[0] as number) * CHUNK_ROWS;
      const read = (async () => {
        const [path] = await source.localPaths([plan.file]);
        const rows = whole ? undefined : [{ first, last: ((chunks.at(-1) as number) + 1) * CHUNK_ROWS - 1 }];
        return readFileColumns(this.engine, path as string, expressions, { rows });
      })();
      chunks.forEach((chunk, i) => {
        const key = chunkKey(plan.key, chunk);
        const load = read.then((columns) => {
          const from = (whole ? chunk * CHUNK_ROWS : i * CHUNK_ROWS);
          const value = build(columns.map((c) => c.slice(from, from + CHUNK_ROWS)));
          this.loads += 1;
          this.loadedRows += value.rows;
          this.loadedMemoryBytes += value.bytes;
          this.lru.set(key, value);
          return value;
        });
        this.loading.set(key, load);
        load.finally(() => this.loading.delete(key)).catch(() => undefined);
        out.push(load);
      });
    };
    for (const chunk of plan.chunks) {
      const running = this.loading.get(chunkKey(plan.key, chunk));
      if (running) {
        flush();
        out.push(running as Promise<T>);
        continue;
      }
      if (run.length > 0 && run.at(-1) !== chunk - 1) flush();
      run.push(chunk);
    }
    flush();
    return out;
  }

  /** The file's key sketch: from the LRU, a running build, or a read of its three hashed key columns. */
  private sketchOf(source: TableSource, file: DataFile): Promise<KeySketch> {
    return this.perFile(this.sketches, this.sketching, this.fileKey(source, file), async () => {
      const [path] = await source.localPaths([file]);
      return KeySketch.build(await readFileColumns(this.engine, path as string, SKETCH_SQL));
    });
  }

  /** The file's IP row-group bounds: from the LRU, a running read, or its footer. */
  private rangesOf(source: TableSource, file: DataFile): Promise<RowGroupRanges> {
    return this.perFile(this.ipRanges, this.ranging, this.fileKey(source, file), async () => {
      const [path] = await source.localPaths([file]);
      return RowGroupRanges.read(path as string, SKETCH_COLUMNS.ip);
    });
  }

  /** A per-file value from its LRU, else from the running build of it (shared), else from a new build kept in the LRU. */
  private perFile<V extends { readonly bytes: number }>(
    lru: ByteLru<V>,
    running: Map<string, Promise<V>>,
    key: string,
    build: () => Promise<V>,
  ): Promise<V> {
    const known = lru.peek(key);
    if (known) return Promise.resolve(known);
    const pending = running.get(key);
    if (pending) return pending;
    const made = build().then((value) => {
      lru.set(key, value);
      return value;
    });
    running.set(key, made);
    made.finally(() => running.delete(key)).catch(() => undefined);
    return made;
  }

  /** DuckDB's hashes of the keys (the sketches were built with the same expression). */
  private async hashesOf(values: readonly string[]): Promise<number[]> {
    const unknown = [...new Set(values.filter((v) => !this.keyHashes.has(v)))];
    if (unknown.length > 0) {
      const rows = await this.engine.query<{ v: string; h: number }>(
        `SELECT v, ${hashExpression('v')} AS h FROM (SELECT unnest([${unknown.map(sqlString).join(', ')}]::VARCHAR[]) AS v)`,
      );
      if (this.keyHashes.size + rows.length > KEY_HASHES_KEPT) this.keyHashes.clear();
      for (const row of rows) this.keyHashes.set(row.v, Number(row.h));
    }
    return this.cachedHashes(values) ?? [];
  }

  private cachedHashes(values: readonly string[]): number[] | null {
    const out: number[] = [];
    for (const v of values) {
      const h = this.keyHashes.get(v);
      if (h === undefined) return null;
      out.push(h);
    }
    return out;
  }

  /** Queue loads behind a request DuckDB answers (counted as deferred). */
  private defer(tasks: [string, () => Promise<unknown>][]): void {
    this.deferred += 1;
    this.scheduler.background(tasks);
  }

  private fallBack(): null {
    this.fallbacks += 1;
    return null;
  }

  private fileKey(source: TableSource, file: DataFile): string {
    return `${source.name}/${file.path}`;
  }

  /** The memory a chunk of `file` not loaded yet will take, from its row count. */
  private chunkBytes(file: DataFile, chunk: number): number {
    return Math.min(CHUNK_ROWS, rowsOf(file) - chunk * CHUNK_ROWS) * this.bytesPerRow();
  }

  /** Memory bytes per row, learned from the chunks loaded so far (a cautious guess before the first). */
  private bytesPerRow(): number {
    return this.loadedRows > 0 ? this.loadedMemoryBytes / this.loadedRows : FIRST_GUESS_BYTES_PER_ROW;
  }
}

function rowsOf(file: DataFile): number {
  return file.stats?.numRecords ?? 0;
}

function chunkKey(fileKey: string, chunk: number): string {
  return `${fileKey}#${chunk}`;
}
