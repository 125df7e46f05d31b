import { isNotFound, type ObjectStore } from '../storage/types.js';
import type { DeltaTable } from './delta-table.js';
import { TableFormatError } from './errors.js';
import type { DataFile } from './types.js';

/**
 * Anything that can give DuckDB a local path for a remote object: the storage layer's LocalFileCache
 * (src/storage/file-cache.ts) has this shape. Declared here so this layer compiles without it.
 */
export interface LocalFileSource {
  localFile(store: ObjectStore, key: string): Promise<string>;
}

/** A local path for any store's object: in place for a local store, through the cache otherwise. */
export async function localFile(store: ObjectStore, key: string, cache?: LocalFileSource): Promise<string> {
  const local = store.localPath(key);
  if (local !== undefined) return local;
  if (!cache) {
    throw new Error(`table: ${store.uri} is not a local store, so reading ${key} needs a LocalFileCache; pass one to scanPaths/localFile`);
  }
  return cache.localFile(store, key);
}

/** How many files are checked or fetched at once. */
const CONCURRENCY = 16;

/**
 * Local paths of the given data files, in the same order, for
 * `SELECT … FROM read_parquet([paths], hive_partitioning=false)`.
 * A file the log names but the store lacks is a TableFormatError naming the file and the fix.
 */
export async function scanPaths(table: DeltaTable, files: readonly DataFile[], cache?: LocalFileSource): Promise<string[]> {
  const paths = new Array<string>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next;
      next += 1;
      const file = files[i] as DataFile;
      const key = table.dataKey(file);
      if (table.store.localPath(key) !== undefined) {
        // Local: a stat is cheap and turns DuckDB's "no files found" into an actionable message.
        if (!(await table.store.head(key))) throw missingFile(table, file, key);
        paths[i] = table.store.localPath(key) as string;
      } else {
        try {
          paths[i] = await localFile(table.store, key, cache);
        } catch (err) {
          if (isNotFound(err)) throw missingFile(table, file, key);
          throw err;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return paths;
}

function missingFile(table: DeltaTable, file: DataFile, key: string): TableFormatError {
  return new TableFormatError(
    table.root,
    `delta: data file ${file.path} of ${table.root} (snapshot version ${table.snapshot().version}) is named in the log but missing from ${table.store.uri} (key ${key}); ` +
      'restore it from backup, or commit a remove action for it (the rows in it are lost) — was vacuum run with too short a retention?',
  );
}
