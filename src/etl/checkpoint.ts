import { isNotFound, type ObjectStore } from '../storage/types.js';
import type { LandingObject } from './landing.js';
import type { ObjectPosition } from './object-range.js';

/**
 * The ETL's exactly-once bookkeeping, all under `<lake>/_etl/`.
 *
 * - `runs/<n>.json`: the run intent, the plan of run n (which landing objects, in which order), created with
 *   put-if-absent so exactly one plan n ever exists. A re-run that finds intent n without checkpoint n
 *   resumes that same plan, so outputs are the same as if the first attempt had finished.
 * - `runs/<n>.lease.json`: the heartbeat of the process executing run n (overwritten; liveness only —
 *   correctness never depends on it, because every table commit carries a Delta `txn` for run n).
 * - `checkpoints/<n>.json`: written last, put-if-absent: run n is done and these objects are consumed.
 *
 * A landing object larger than a run is read over several runs, in line ranges: intent n says where run n starts
 * on it and with what byte budget (LandingObject.start/budget); checkpoint n says where it stopped (`partial`).
 * The object counts as consumed only once a run reaches its end. Checkpoints from before ranges have no `partial`.
 */

export interface Checkpoint {
  version: number;
  runId: string;
  committedAt: number;
  /** Every landing key consumed by runs 1..version, sorted. */
  consumed: string[];
  /** Latest event time seen by any run so far (epoch ms), or null before the first event. */
  watermark: number | null;
  /** Objects consumed by this run alone. */
  objects: number;
  /**
   * Landing objects read in part by runs 1..version (not yet consumed): where the next run starts on each.
   * Absent when there are none (and in checkpoints written before objects could be read in part).
   */
  partial?: Record<string, ObjectPosition>;
}

export interface RunIntent {
  version: number;
  runId: string;
  createdAt: number;
  owner: string;
  objects: LandingObject[];
}

export interface Lease {
  version: number;
  runId: string;
  owner: string;
  heartbeatAt: number;
  expiresAt: number;
}

const pad = (n: number): string => String(n).padStart(10, '0');
export const checkpointKey = (n: number): string => `_etl/checkpoints/${pad(n)}.json`;
export const intentKey = (n: number): string => `_etl/runs/${pad(n)}.json`;
export const leaseKey = (n: number): string => `_etl/runs/${pad(n)}.lease.json`;
const CHECKPOINT_FILE = /^_etl\/checkpoints\/(\d{10})\.json$/;

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value)}\n`);

async function readJson<T>(store: ObjectStore, key: string, what: string): Promise<T | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`etl: ${what} ${key} in ${store.uri} is corrupt: ${message}`, { cause: err });
  }
}

/** The highest committed checkpoint, or undefined for a lake no run has finished. */
export async function readLatestCheckpoint(store: ObjectStore): Promise<Checkpoint | undefined> {
  let latest = 0;
  for await (const info of store.list('_etl/checkpoints/')) {
    const match = CHECKPOINT_FILE.exec(info.key);
    if (match?.[1]) latest = Math.max(latest, Number(match[1]));
  }
  if (latest === 0) return undefined;
  const checkpoint = await readJson<Checkpoint>(store, checkpointKey(latest), 'checkpoint');
  if (!checkpoint) throw new Error(`etl: checkpoint ${latest} vanished from ${store.uri} while being read`);
  return checkpoint;
}

export const readIntent = (store: ObjectStore, n: number): Promise<RunIntent | undefined> =>
  readJson<RunIntent>(store, intentKey(n), 'run intent');

export const readLease = (store: ObjectStore, n: number): Promise<Lease | undefined> =>
  readJson<Lease>(store, leaseKey(n), 'lease');

/** True when this call created intent n; false when another run planned n first. */
export const createIntent = (store: ObjectStore, intent: RunIntent): Promise<boolean> =>
  store.putIfAbsent(intentKey(intent.version), encode(intent));

/** True when this call committed checkpoint n; false when another run already did. */
export const commitCheckpoint = (store: ObjectStore, checkpoint: Checkpoint): Promise<boolean> =>
  store.putIfAbsent(checkpointKey(checkpoint.version), encode(checkpoint));

export const writeLease = (store: ObjectStore, lease: Lease): Promise<void> => store.put(leaseKey(lease.version), encode(lease));

/** Merge the consumed keys of one run into the sorted cumulative list. */
export function mergeConsumed(previous: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...previous, ...added])].sort();
}

/**
 * The partly read objects after a run: those of the previous checkpoint, less every object this run read, plus
 * those it stopped in (`stops`: key → where it stopped). Undefined when none is left, so checkpoints of lakes
 * whose objects all fit a run keep their old shape.
 */
export function mergePartial(
  previous: Readonly<Record<string, ObjectPosition>> | undefined,
  read: readonly string[],
  stops: ReadonlyMap<string, ObjectPosition>,
): Record<string, ObjectPosition> | undefined {
  const next: Record<string, ObjectPosition> = { ...previous };
  for (const key of read) delete next[key];
  for (const [key, position] of stops) next[key] = position;
  const keys = Object.keys(next).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((key) => [key, next[key] as ObjectPosition]));
}
