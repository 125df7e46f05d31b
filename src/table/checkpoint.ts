import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parquetReadObjects } from 'hyparquet';
import type { Engine } from '../engine/duckdb.js';
import { sqlString } from '../engine/sql.js';
import { isNotFound, type ObjectStore } from '../storage/types.js';
import { validateAction, type Action } from './actions.js';
import { checkpointKey, lastCheckpointKey } from './log.js';
import type { Snapshot } from './snapshot.js';

/**
 * Delta checkpoints (PROTOCOL.md "Checkpoints"): one Parquet file per checkpointed version holding the
 * table's reconciled state, one action per row in the columns below (exactly one non-null per row),
 * plus `_last_checkpoint` naming the newest one. Written with DuckDB; read with hyparquet (pure JS, from
 * the object's bytes), so opening a table needs neither a DuckDB instance nor a local copy of the file.
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

/** What writing a checkpoint needs: DuckDB turns the actions into Parquet in a temp directory. */
export interface CheckpointIo {
  engine: Engine;
  store: ObjectStore;
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

/** The checkpoint columns, each holding one kind of action (null in the rows of the other kinds). */
const ACTION_KINDS = CHECKPOINT_COLUMNS.map(([name]) => name);

/**
 * The actions of the checkpoint of `version`, validated like JSON commits. One GET of the whole object:
 * a checkpoint is the table's state, which the snapshot holds in memory anyway.
 * Throws a plain Error (missing, unreadable, or not a checkpoint); callers fall back to JSON replay.
 */
export async function readCheckpoint(store: ObjectStore, root: string, version: number, expectedSize?: number): Promise<Action[]> {
  const key = checkpointKey(root, version);
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (isNotFound(err)) throw new Error(`${key} does not exist`, { cause: err });
    throw err;
  }
  // hyparquet wants an ArrayBuffer holding exactly the file.
  const file =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
      ? bytes.buffer
      : bytes.slice().buffer;
  const rows = await parquetReadObjects({ file, columns: ACTION_KINDS });
  if (expectedSize !== undefined && expectedSize >= 0 && rows.length !== expectedSize) {
    throw new Error(`it has ${rows.length} actions, _last_checkpoint says ${expectedSize}`);
  }
  return rows.map((row, i) => actionOf(row, i));
}

function actionOf(row: Record<string, unknown>, index: number): Action {
  const present = ACTION_KINDS.filter((name) => row[name] !== null && row[name] !== undefined);
  if (present.length !== 1) {
    throw new Error(`row ${index} holds ${present.length} actions; a checkpoint row holds exactly one`);
  }
  const kind = present[0] as string;
  const body = jsonLike(row[kind]);
  const problem = validateAction(kind, body);
  if (problem) throw new Error(`row ${index} (${kind}): ${problem}`);
  return { [kind]: body } as Action;
}

/**
 * A Parquet struct as Delta's JSON form: optional fields that came back null are left out (Parquet has no
 * "absent"), and 64-bit integers become numbers, as JSON.parse would give them.
 */
function jsonLike(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(jsonLike);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = jsonLike(v);
  return out;
}
