import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine/duckdb.js';
import { sqlString } from '../engine/sql.js';
import { isNotFound, type ObjectStore } from '../storage/types.js';
import { validateAction, type Action } from './actions.js';
import { checkpointKey, lastCheckpointKey } from './log.js';
import type { LocalFileSource } from './scan.js';
import type { Snapshot } from './snapshot.js';

/**
 * Delta checkpoints (PROTOCOL.md "Checkpoints"): one Parquet file per checkpointed version holding the
 * table's reconciled state, one action per row in the columns below (exactly one non-null per row),
 * plus `_last_checkpoint` naming the newest one. Written and read with DuckDB.
 */
const CHECKPOINT_COLUMNS: readonly [name: string, type: string][] = [
  ['txn', 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)'],
  [
    'add',
    'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)',
  ],
  [
    'remove',
    'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)',
  ],
  [
    'metaData',
    'STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), ' +
      'schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)',
  ],
  ['protocol', 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)'],
];

/** What `_last_checkpoint` says. */
export interface LastCheckpoint {
  version: number;
  /** Number of actions (rows) in the checkpoint. */
  size: number;
}

export interface CheckpointIo {
  engine: Engine;
  store: ObjectStore;
  cache: LocalFileSource | undefined;
  tempDirectory: string;
}

/** Write the checkpoint of `snapshot` and point `_last_checkpoint` at it. Returns its action count. */
export async function writeCheckpoint(io: CheckpointIo, root: string, snapshot: Snapshot): Promise<LastCheckpoint> {
  await mkdir(io.tempDirectory, { recursive: true });
  const id = randomUUID();
  const json = path.join(io.tempDirectory, `checkpoint-${id}.ndjson`);
  const parquet = path.join(io.tempDirectory, `checkpoint-${id}.parquet`);
  try {
    const actions = snapshot.checkpointActions();
    // Streamed line by line: a big table's checkpoint never exists as one string.
    await pipeline(
      (function* lines() {
        for (const action of actions) yield `${JSON.stringify(action)}\n`;
      })(),
      createWriteStream(json),
    );
    const columns = CHECKPOINT_COLUMNS.map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ');
    await io.engine.run(
      `COPY (SELECT * FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${columns}})) ` +
        `TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    await io.store.putFile(checkpointKey(root, snapshot.version), parquet);
    const last: LastCheckpoint = { version: snapshot.version, size: actions.length };
    await io.store.put(lastCheckpointKey(root), new TextEncoder().encode(JSON.stringify(last)));
    return last;
  } finally {
    await rm(json, { force: true });
    await rm(parquet, { force: true });
  }
}

/** `_last_checkpoint`, or undefined when there is none; throws a plain Error when it is not valid. */
export async function readLastCheckpoint(store: ObjectStore, root: string): Promise<LastCheckpoint | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(lastCheckpointKey(root));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LastCheckpoint> | null;
  if (!parsed || !Number.isSafeInteger(parsed.version) || (parsed.version as number) < 0) {
    throw new Error(`${lastCheckpointKey(root)} has no valid version`);
  }
  return { version: parsed.version as number, size: Number.isSafeInteger(parsed.size) ? (parsed.size as number) : -1 };
}

/**
 * The actions of the checkpoint of `version`, validated like JSON commits.
 * Throws a plain Error (missing, unreadable, or not a checkpoint); callers fall back to JSON replay.
 */
export async function readCheckpoint(io: CheckpointIo, root: string, version: number, expectedSize?: number): Promise<Action[]> {
  const key = checkpointKey(root, version);
  const { file, cleanup } = await localCopy(io, key);
  try {
    const select = CHECKPOINT_COLUMNS.map(([name]) => `to_json("${name}") AS "${name}"`).join(', ');
    const rows = await io.engine.query<Record<string, string | null>>(`SELECT ${select} FROM read_parquet(${sqlString(file)})`);
    if (expectedSize !== undefined && expectedSize >= 0 && rows.length !== expectedSize) {
      throw new Error(`it has ${rows.length} actions, _last_checkpoint says ${expectedSize}`);
    }
    return rows.map((row, i) => actionOf(row, i));
  } finally {
    await cleanup();
  }
}

function actionOf(row: Record<string, string | null>, index: number): Action {
  const present = CHECKPOINT_COLUMNS.filter(([name]) => row[name] !== null && row[name] !== undefined);
  if (present.length !== 1) {
    throw new Error(`row ${index} holds ${present.length} actions; a checkpoint row holds exactly one`);
  }
  const kind = (present[0] as [string, string])[0];
  const body = withoutNulls(JSON.parse(row[kind] as string));
  const problem = validateAction(kind, body);
  if (problem) throw new Error(`row ${index} (${kind}): ${problem}`);
  return { [kind]: body } as Action;
}

/** Parquet has no "absent": optional struct fields come back null. Delta's JSON form leaves them out. */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** A local file DuckDB can read: in place for local stores, the cache, or a temp download. */
async function localCopy(io: CheckpointIo, key: string): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const inPlace = io.store.localPath(key);
  const none = async (): Promise<void> => undefined;
  if (inPlace !== undefined) {
    if (!(await io.store.head(key))) throw new Error(`${key} does not exist`);
    return { file: inPlace, cleanup: none };
  }
  if (io.cache) return { file: await io.cache.localFile(io.store, key), cleanup: none };
  await mkdir(io.tempDirectory, { recursive: true });
  const file = path.join(io.tempDirectory, `download-${randomUUID()}.parquet`);
  try {
    await pipeline(await io.store.getStream(key), createWriteStream(file));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { file, cleanup: () => rm(file, { force: true }) };
}
