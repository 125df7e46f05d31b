import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sweepOrphanedProcessDirs } from './cache-sweep.js';
import { StorageError, type ObjectStore } from './types.js';

export interface FileCacheOptions {
  /** Directory for cached copies; created if missing. One process per directory. */
  dir: string;
  /** Soft bound on cached bytes: least-recently-used files beyond it are deleted. */
  maxBytes: number;
  /** A file handed out this recently is never evicted: its reader may not have opened it yet. */
  holdMs?: number;
  /** Downloads running at once; the rest queue. */
  maxConcurrentDownloads?: number;
  /**
   * Delete `dir` and every copy in it on close: for a directory of this process alone (the default per-pid one).
   * Leave it false for a configured directory, whose copies the next process adopts.
   */
  removeOnClose?: boolean;
  /**
   * With removeOnClose (a per-process directory named by its pid), sibling pid directories whose process is gone
   * and that were untouched this long are deleted when the cache opens: killed processes never remove their own.
   */
  orphanMinAgeMs?: number;
}

export const FILE_CACHE_DEFAULTS = {
  holdMs: 30_000,
  maxConcurrentDownloads: 4,
  removeOnClose: false,
  orphanMinAgeMs: 10 * 60_000,
} as const;

export interface FileCacheStats {
  /** Served from disk without a download. */
  hits: number;
  /** Downloads started. */
  misses: number;
  /** Requests that joined a download already in flight for the same key. */
  coalesced: number;
  evictions: number;
  /** Bytes of cached files now on disk. */
  bytes: number;
  files: number;
}

interface Entry {
  path: string;
  size: number;
  /** Pinned by withFiles: never evicted while > 0. */
  pins: number;
  handedOutAt: number;
}

/** Object keys name immutable content, so a cached copy is identified by hash(store URI, key). */
const TEMP_PREFIX = '.tmp-';

/**
 * Local copies of remote objects, for readers that can only open files (DuckDB without httpfs).
 * Local stores are served in place. Remote objects are downloaded once to a temporary name, size-checked and
 * renamed, so a path handed out always holds a complete file. Each download gets a fresh file name, so deleting
 * an evicted copy can never remove a newer copy of the same key.
 */
export class LocalFileCache {
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly holdMs: number;
  private readonly maxDownloads: number;
  private readonly removeOnClose: boolean;
  private readonly orphanMinAgeMs: number;
  private closed = false;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private ready: Promise<void> | undefined;
  private sweeping: Promise<void> | undefined;
  private counters = { hits: 0, misses: 0, coalesced: 0, evictions: 0, bytes: 0 };

  constructor(options: FileCacheOptions) {
    if (!(options.maxBytes > 0)) throw new Error(`cache: maxBytes must be > 0, got ${options.maxBytes}`);
    this.dir = path.resolve(options.dir);
    this.maxBytes = options.maxBytes;
    this.holdMs = options.holdMs ?? FILE_CACHE_DEFAULTS.holdMs;
    this.maxDownloads = options.maxConcurrentDownloads ?? FILE_CACHE_DEFAULTS.maxConcurrentDownloads;
    this.removeOnClose = options.removeOnClose ?? FILE_CACHE_DEFAULTS.removeOnClose;
    this.orphanMinAgeMs = options.orphanMinAgeMs ?? FILE_CACHE_DEFAULTS.orphanMinAgeMs;
  }

  /**
   * A local file holding the object's bytes. `size`, when known (from the commit log), is checked against the
   * download and guards against a stale copy. The path stays valid for at least `holdMs`; use withFiles for longer.
   */
  async localFile(store: ObjectStore, key: string, size?: number): Promise<string> {
    const inPlace = store.localPath(key);
    if (inPlace !== undefined) return inPlace;
    const entry = await this.acquire(store, key, size);
    return entry.path;
  }

  /** Run fn with local paths for every file; none of them is evicted until fn settles. */
  async withFiles<T>(
    store: ObjectStore,
    files: ReadonlyArray<string | { key: string; size?: number }>,
    fn: (paths: string[]) => Promise<T>,
  ): Promise<T> {
    const pinned: Entry[] = [];
    try {
      // allSettled, not all: every pin taken must be known before the finally block releases them.
      const settled = await Promise.allSettled(
        files.map(async (file) => {
          const { key, size } = typeof file === 'string' ? { key: file, size: undefined } : file;
          const inPlace = store.localPath(key);
          if (inPlace !== undefined) return inPlace;
          const entry = await this.acquire(store, key, size, true);
          pinned.push(entry);
          return entry.path;
        }),
      );
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const paths = settled.map((s) => (s as PromiseFulfilledResult<string>).value);
      return await fn(paths);
    } finally {
      for (const entry of pinned) entry.pins -= 1;
      await this.evict();
    }
  }

  /**
   * Stop handing out files and let downloads in flight settle; with removeOnClose, delete the directory.
   * Call after the readers are done (e.g. after the server closed): their paths may vanish.
   */
  async close(): Promise<void> {
    this.closed = true;
    // A request that was waiting for init sees `closed` and gives up; downloads already running finish.
    await this.ready?.catch(() => undefined);
    await Promise.allSettled([...this.inflight.values()]);
    await this.sweeping;
    if (!this.removeOnClose) return;
    this.entries.clear();
    this.counters.bytes = 0;
    try {
      await rm(this.dir, { recursive: true, force: true });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageError('IO', `cache: cannot remove ${this.dir} on close: ${reason}`, { cause: err });
    }
  }

  stats(): FileCacheStats {
    return { ...this.counters, files: this.entries.size };
  }

  private async acquire(store: ObjectStore, key: string, size: number | undefined, pin = false): Promise<Entry> {
    this.assertOpen(store, key);
    await this.init();
    this.assertOpen(store, key);
    const id = cacheId(store.uri, key);
    let entry = this.entries.get(id);
    if (entry && size !== undefined && entry.size !== size) {
      // Same key, different size: the copy is from an earlier object (e.g. a lake rebuilt at the same URI).
      // A reader may still hold the old copy; then it stays on disk untracked and is re-adopted/evicted after a restart.
      const inUse = entry.pins > 0 || Date.now() - entry.handedOutAt < this.holdMs;
      this.forget(id, entry, inUse ? [] : undefined);
      entry = undefined;
    }
    if (entry) {
      this.counters.hits += 1;
    } else {
      let pending = this.inflight.get(id);
      if (pending) {
        this.counters.coalesced += 1;
      } else {
        this.counters.misses += 1;
        pending = this.download(store, key, size, id).finally(() => this.inflight.delete(id));
        this.inflight.set(id, pending);
      }
      entry = await pending;
      if (size !== undefined && entry.size !== size) {
        throw new StorageError('IO', `cache: ${key} from ${store.uri} is ${entry.size} bytes, expected ${size}`);
      }
    }
    // Touch and pin synchronously, before any await lets an eviction run. An entry dropped meanwhile as stale
    // stays untracked (its file was kept because it had just been handed out).
    if (this.entries.get(id) === entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    entry.handedOutAt = Date.now();
    if (pin) entry.pins += 1;
    await this.evict();
    return entry;
  }

  private assertOpen(store: ObjectStore, key: string): void {
    if (this.closed) throw new StorageError('IO', `cache: ${this.dir} is closed; cannot serve ${key} from ${store.uri}`);
  }

  private async download(store: ObjectStore, key: string, size: number | undefined, id: string): Promise<Entry> {
    await this.slot();
    const temp = path.join(this.dir, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      await pipeline(await store.getStream(key), createWriteStream(temp));
      const written = (await stat(temp)).size;
      if (size !== undefined && written !== size) {
        throw new StorageError('IO', `cache: downloaded ${written} bytes of ${key} from ${store.uri}, expected ${size}`);
      }
      const final = path.join(this.dir, `${id}-${randomUUID().slice(0, 8)}${safeExtension(key)}`);
      await rename(temp, final);
      const entry: Entry = { path: final, size: written, pins: 0, handedOutAt: Date.now() };
      this.entries.set(id, entry);
      this.counters.bytes += written;
      return entry;
    } catch (err) {
      await rm(temp, { force: true });
      if (err instanceof StorageError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageError('IO', `cache: cannot copy ${key} from ${store.uri} into ${this.dir}: ${reason}`, { cause: err });
    } finally {
      this.release();
    }
  }

  /** Delete least-recently-used copies until under maxBytes, skipping pinned and recently handed-out ones. */
  private async evict(): Promise<void> {
    if (this.counters.bytes <= this.maxBytes) return;
    const now = Date.now();
    const doomed: string[] = [];
    for (const [id, entry] of this.entries) {
      if (this.counters.bytes <= this.maxBytes) break;
      if (entry.pins > 0 || now - entry.handedOutAt < this.holdMs) continue;
      this.forget(id, entry, doomed);
      this.counters.evictions += 1;
    }
    await Promise.all(doomed.map((file) => rm(file, { force: true })));
  }

  private forget(id: string, entry: Entry, doomed?: string[]): void {
    this.entries.delete(id);
    this.counters.bytes -= entry.size;
    if (doomed) doomed.push(entry.path);
    else void rm(entry.path, { force: true });
  }

  /**
   * Adopt complete copies left by an earlier run (oldest first) and drop its half-written temporaries; a
   * per-process cache also sweeps the directories of killed processes beside it.
   */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      if (this.removeOnClose && /^\d+$/.test(path.basename(this.dir))) {
        // In the background (the first request waits for init), best effort: a directory we cannot remove
        // (another user's) must not stop this cache from serving. close() waits for it.
        this.sweeping = sweepOrphanedProcessDirs(this.dir, this.orphanMinAgeMs).then(() => undefined, () => undefined);
      }
      const found: Array<{ id: string; entry: Entry; mtime: number }> = [];
      for (const name of await readdir(this.dir)) {
        const file = path.join(this.dir, name);
        if (name.startsWith(TEMP_PREFIX)) {
          await rm(file, { force: true });
          continue;
        }
        const id = /^([0-9a-f]{40})-/.exec(name)?.[1];
        const s = await stat(file).catch(() => undefined);
        if (!id || !s?.isFile() || this.entries.has(id)) continue;
        found.push({ id, entry: { path: file, size: s.size, pins: 0, handedOutAt: 0 }, mtime: s.mtimeMs });
      }
      found.sort((a, b) => a.mtime - b.mtime);
      for (const { id, entry } of found) {
        this.entries.set(id, entry);
        this.counters.bytes += entry.size;
      }
      await this.evict();
    })();
    return this.ready;
  }

  private async slot(): Promise<void> {
    if (this.running < this.maxDownloads) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

function cacheId(storeUri: string, key: string): string {
  return createHash('sha256').update(storeUri).update('\0').update(key).digest('hex').slice(0, 40);
}

/** Keep '.parquet' etc. so tools that sniff extensions still work; anything unusual is dropped. */
function safeExtension(key: string): string {
  const ext = path.posix.extname(key);
  return /^\.[A-Za-z0-9]{1,12}$/.test(ext) ? ext : '';
}
