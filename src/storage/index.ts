import { mkdir } from 'node:fs/promises';
import { LocalStore } from './local.js';
import { S3Store } from './s3.js';
import type { S3StoreOptions } from './s3-config.js';
import { StorageError, type ObjectStore } from './types.js';
import { parseLakeUri } from './uri.js';

export * from './types.js';
export { assertValidKey, joinKey } from './keys.js';
export { LocalStore } from './local.js';
export { S3Store } from './s3.js';
export { S3_DEFAULTS, type S3Credentials, type S3StoreOptions } from './s3-config.js';
export { parseLakeUri, formatLakeUri, type LakeLocation } from './uri.js';
export { LocalFileCache, FILE_CACHE_DEFAULTS, type FileCacheOptions, type FileCacheStats } from './file-cache.js';

export interface OpenStoreOptions {
  /** S3 settings beyond what the URI says (endpoint, credentials, retries…); bucket and prefix come from the URI. */
  s3?: Omit<S3StoreOptions, 'bucket' | 'prefix'>;
}

/**
 * Open the lake a URI names (see parseLakeUri), ready to use: a local root directory is created,
 * an S3 bucket is checked to exist so a typo fails at startup with a clear message, not on first query.
 */
export async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<ObjectStore> {
  const location = parseLakeUri(uri);
  if (location.kind === 'local') {
    try {
      await mkdir(location.path, { recursive: true });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageError('IO', `storage: cannot create lake directory ${location.path}: ${reason}`, { cause: err });
    }
    return new LocalStore(location.path);
  }
  const store = new S3Store({ ...options.s3, bucket: location.bucket, prefix: location.prefix });
  try {
    await store.checkBucket();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
