import { isNotFound, type ObjectStore } from '../storage/types.js';
import { parseCommit, type Action } from './actions.js';
import { TableFormatError } from './errors.js';

/** `_delta_log/00000000000000000012.json`: the Delta commit file name of a version. */
export function commitKey(root: string, version: number): string {
  return `${root}/_delta_log/${String(version).padStart(20, '0')}.json`;
}

const COMMIT_FILE = /\/_delta_log\/(\d{20})\.json$/;

/** Every committed version, ascending, from one listing of `_delta_log/`. */
export async function listVersions(store: ObjectStore, root: string): Promise<number[]> {
  const versions: number[] = [];
  for await (const info of store.list(`${root}/_delta_log/`)) {
    const match = COMMIT_FILE.exec(info.key);
    if (match) versions.push(Number(match[1]));
  }
  return versions.sort((a, b) => a - b);
}

/** Versions must run 0, 1, 2, … without holes: a hole means a lost or deleted commit file. */
export function assertContiguous(table: string, root: string, versions: readonly number[]): void {
  versions.forEach((v, i) => {
    if (v !== i) {
      throw new TableFormatError(
        table,
        `delta: ${table} has a gap in its log: version ${i} is missing from ${root}/_delta_log/ but version ${v} exists; ` +
          'restore the missing commit file from backup (the table cannot be read without it)',
      );
    }
  });
}

/** The actions of one commit, or undefined when that version does not exist (yet). */
export async function readCommit(store: ObjectStore, table: string, root: string, version: number): Promise<Action[] | undefined> {
  const key = commitKey(root, version);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw corrupt(table, version, key, 'it is not UTF-8 text');
  }
  try {
    return parseCommit(text);
  } catch (err) {
    throw corrupt(table, version, key, err instanceof Error ? err.message : String(err));
  }
}

export function corrupt(table: string, version: number, key: string, why: string): TableFormatError {
  return new TableFormatError(
    table,
    `delta: commit ${version} of ${table} is corrupt: ${why} (object ${key}); ` +
      'the log must be repaired by hand: restore the commit file from backup, or if it was never valid, ' +
      'restore the table from backup — never edit or delete a commit readers may have seen',
  );
}

/** Read many commits with bounded concurrency, in version order. */
export async function readCommits(
  store: ObjectStore,
  table: string,
  root: string,
  versions: readonly number[],
  concurrency = 8,
): Promise<Action[][]> {
  const out: Action[][] = new Array<Action[]>(versions.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < versions.length) {
      const i = next;
      next += 1;
      const version = versions[i] as number;
      const actions = await readCommit(store, table, root, version);
      if (!actions) {
        throw new TableFormatError(table, `delta: commit ${version} of ${table} disappeared while the table was being read (${commitKey(root, version)}); retry, and check that nothing deletes log files`);
      }
      out[i] = actions;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, versions.length) }, worker));
  return out;
}

// ---------- checkpoints ----------

/** `_delta_log/00000000000000000010.checkpoint.parquet`: a single-file checkpoint of a version. */
export function checkpointKey(root: string, version: number): string {
  return `${root}/_delta_log/${String(version).padStart(20, '0')}.checkpoint.parquet`;
}

/** `_delta_log/_last_checkpoint`: {version, size} of the newest checkpoint, a hint that saves a listing. */
export function lastCheckpointKey(root: string): string {
  return `${root}/_delta_log/_last_checkpoint`;
}

const CHECKPOINT_FILE = /\/_delta_log\/(\d{20})\.checkpoint\.parquet$/;

export interface LogListing {
  /** JSON commit versions, ascending. */
  commits: number[];
  /** Versions with a single-file checkpoint, ascending. */
  checkpoints: number[];
  /** Every log object (for log retention), with its time. */
  objects: { key: string; version: number; lastModified: number; kind: 'commit' | 'checkpoint' }[];
}

/** One listing of `_delta_log/`: commits and checkpoints (multi-part checkpoints are ignored). */
export async function listLog(store: ObjectStore, root: string): Promise<LogListing> {
  const listing: LogListing = { commits: [], checkpoints: [], objects: [] };
  for await (const info of store.list(`${root}/_delta_log/`)) {
    const commit = COMMIT_FILE.exec(info.key);
    const checkpoint = commit ? null : CHECKPOINT_FILE.exec(info.key);
    const match = commit ?? checkpoint;
    if (!match) continue;
    const version = Number(match[1]);
    (commit ? listing.commits : listing.checkpoints).push(version);
    listing.objects.push({ key: info.key, version, lastModified: info.lastModified.getTime(), kind: commit ? 'commit' : 'checkpoint' });
  }
  listing.commits.sort((a, b) => a - b);
  listing.checkpoints.sort((a, b) => a - b);
  return listing;
}

/**
 * Commits from `from` on, until the first version that does not exist. Fetched in windows of
 * `window` concurrent GETs, so the few commits after a checkpoint cost about one round trip.
 */
export async function readCommitsFrom(
  store: ObjectStore,
  table: string,
  root: string,
  from: number,
  window = 8,
): Promise<{ version: number; actions: Action[] }[]> {
  const out: { version: number; actions: Action[] }[] = [];
  for (let start = from; ; start += window) {
    const batch = await Promise.all(Array.from({ length: window }, (_, i) => readCommit(store, table, root, start + i)));
    for (const [i, actions] of batch.entries()) {
      if (!actions) return out;
      out.push({ version: start + i, actions });
    }
  }
}
