import type { Readable } from 'node:stream';

/** One stored object, as a listing or head reports it. Keys are '/'-separated and relative to the lake root. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

/** Where a streamed read begins. */
export interface StreamOptions {
  /** Byte offset of the first byte delivered (default 0). */
  start?: number;
}

/**
 * The lake's storage contract: immutable objects addressed by key.
 * Every backend (local directory, S3) implements exactly this, and one contract test suite runs against each.
 * Keys never start with '/', never contain '..' segments, and use '/' as the separator on every platform.
 */
export interface ObjectStore {
  /** Canonical lake URI: an absolute path for local lakes, `s3://bucket/prefix` for S3. */
  readonly uri: string;
  readonly kind: 'local' | 's3';

  /** Whole object. Throws StorageError code NOT_FOUND when absent. */
  get(key: string): Promise<Uint8Array>;
  /** Bytes [start, end) of an object (absolute range, never a suffix range). */
  getRange(key: string, start: number, end: number): Promise<Uint8Array>;
  /**
   * Streamed body, for landing files that can be larger than memory. `start` skips the first bytes with a ranged
   * read (the ETL resumes a large landing object part way); past the end the stream is empty.
   */
  getStream(key: string, options?: StreamOptions): Promise<Readable>;
  /** Size and time of an object, or undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;

  /** Create or replace an object. */
  put(key: string, body: Uint8Array): Promise<void>;
  /** Upload a local file (streamed, never buffered whole). */
  putFile(key: string, localPath: string): Promise<void>;
  /**
   * Create an object only if no object exists at key: the commit primitive.
   * Returns true when this call created it, false when the key already existed (a lost race the caller may retry).
   */
  putIfAbsent(key: string, body: Uint8Array): Promise<boolean>;

  /** Every object whose key starts with prefix, in ascending key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /**
   * Backends that write through temporary files (local): those under prefix, which only a process killed
   * mid-write leaves behind; `delete` removes one by the key listed. Absent where writes are atomic (S3).
   */
  listTemporaries?(prefix: string): AsyncIterable<ObjectInfo>;
  /** Remove an object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;

  /** Local backend only: the file path of key, so DuckDB can read it in place. */
  localPath(key: string): string | undefined;
  /** Release network resources. */
  close(): Promise<void>;
}

export type StorageErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_URI'
  | 'INVALID_KEY'
  | 'NO_SUCH_BUCKET'
  | 'ACCESS_DENIED'
  | 'MISSING_CREDENTIALS'
  | 'UNAVAILABLE'
  | 'IO';

/** Plain storage error: message says what is wrong and what to do; code is stable for callers. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StorageError && err.code === 'NOT_FOUND';
}

/** The start offset of a streamed read, checked: a whole number of bytes from 0. */
export function checkStreamStart(key: string, start: number | undefined): number {
  const value = start ?? 0;
  if (!(Number.isInteger(value) && value >= 0)) throw new StorageError('IO', `storage: invalid stream start ${value} for ${key}`);
  return value;
}
