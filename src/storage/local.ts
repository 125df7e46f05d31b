import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertValidKey } from './keys.js';
import { checkStreamStart, StorageError, type ObjectInfo, type ObjectStore, type StreamOptions } from './types.js';

/** Temporary files are written beside their target and carry this prefix; listings never show them. */
const TEMP_PREFIX = '.iplake-tmp-';

/**
 * The embedded backend: a directory on local disk.
 * Writes go to a temporary file first, so a reader never sees a half-written object;
 * putIfAbsent publishes with link(2), which fails atomically when the target exists.
 */
export class LocalStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly uri: string;

  constructor(readonly root: string) {
    this.uri = path.resolve(root);
  }

  localPath(key: string): string {
    assertValidKey(key);
    return path.join(this.uri, ...key.split('/'));
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.localPath(key);
    try {
      const handle = await open(file, 'r');
      try {
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw this.wrap(err, key, 'read');
    }
  }

  async getRange(key: string, start: number, end: number): Promise<Uint8Array> {
    if (!(start >= 0 && end >= start)) {
      throw new StorageError('IO', `storage: invalid range [${start}, ${end}) for ${key}`);
    }
    const file = this.localPath(key);
    try {
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(end - start);
        const { bytesRead } = await handle.read(buffer, 0, end - start, start);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw this.wrap(err, key, 'read');
    }
  }

  async getStream(key: string, options: StreamOptions = {}): Promise<Readable> {
    const start = checkStreamStart(key, options.start);
    const file = this.localPath(key);
    try {
      await stat(file);
    } catch (err) {
      throw this.wrap(err, key, 'read');
    }
    return createReadStream(file, { start });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : undefined;
    } catch (err) {
      if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return undefined;
      throw this.wrap(err, key, 'stat');
    }
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const target = this.localPath(key);
    const temp = await this.writeTemp(target, body);
    await rename(temp, target).catch((err: unknown) => {
      throw this.wrap(err, key, 'write');
    });
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.localPath(key);
    // A missing source is the caller's problem, not a missing object: say which file it was.
    await stat(localPath).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageError('IO', `storage: cannot upload ${localPath} to ${key} in ${this.uri}: ${reason}`, { cause: err });
    });
    await mkdir(path.dirname(target), { recursive: true });
    const temp = this.tempPath(target);
    try {
      await copyFile(localPath, temp);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw this.wrap(err, key, 'write');
    }
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<boolean> {
    const target = this.localPath(key);
    const temp = await this.writeTemp(target, body);
    try {
      await link(temp, target);
      return true;
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return false;
      throw this.wrap(err, key, 'write');
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // Start at the deepest directory the prefix names, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const startDir = dirKey ? path.join(this.uri, ...dirKey.split('/')) : this.uri;
    yield* this.walk(startDir, dirKey, prefix, false);
  }

  /** Temporary files under prefix: a process killed mid-write leaves them behind (vacuum deletes old ones). */
  async *listTemporaries(prefix: string): AsyncIterable<ObjectInfo> {
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const startDir = dirKey ? path.join(this.uri, ...dirKey.split('/')) : this.uri;
    yield* this.walk(startDir, dirKey, prefix, true);
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true }).catch((err: unknown) => {
      throw this.wrap(err, key, 'delete');
    });
  }

  async close(): Promise<void> {}

  /** Files under dir in ascending key order: objects, or (temporaries = true) only the temporary files. */
  private async *walk(dir: string, dirKey: string, prefix: string, temporaries: boolean): AsyncGenerator<ObjectInfo> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return;
      throw this.wrap(err, dirKey || '.', 'list');
    }
    // Sort by the key each entry produces so the listing is in ascending key order:
    // a directory 'a' sorts as 'a/', after a file named 'a-b'.
    const named = entries
      .filter((e) => e.isDirectory() || e.name.startsWith(TEMP_PREFIX) === temporaries)
      .map((e) => ({ entry: e, sortKey: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const { entry } of named) {
      const key = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const asDir = `${key}/`;
        if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) {
          yield* this.walk(path.join(dir, entry.name), key, prefix, temporaries);
        }
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const s = await stat(path.join(dir, entry.name)).catch(() => undefined);
        if (s) yield { key, size: s.size, lastModified: s.mtime };
      }
    }
  }

  private tempPath(target: string): string {
    return path.join(path.dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
  }

  private async writeTemp(target: string, body: Uint8Array): Promise<string> {
    await mkdir(path.dirname(target), { recursive: true });
    const temp = this.tempPath(target);
    await writeFile(temp, body);
    return temp;
  }

  private wrap(err: unknown, key: string, action: string): StorageError {
    if (err instanceof StorageError) return err;
    if (isErrno(err, 'ENOENT')) {
      return new StorageError('NOT_FOUND', `storage: ${key} does not exist in ${this.uri}`, { cause: err });
    }
    if (isErrno(err, 'EACCES') || isErrno(err, 'EPERM')) {
      return new StorageError('ACCESS_DENIED', `storage: permission denied to ${action} ${key} in ${this.uri}`, {
        cause: err,
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    return new StorageError('IO', `storage: cannot ${action} ${key} in ${this.uri}: ${message}`, { cause: err });
  }
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
