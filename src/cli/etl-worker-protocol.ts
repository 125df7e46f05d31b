import type { RunProgress } from '../etl/progress.js';
import type { RunSummary } from '../etl/summary.js';
import type { LogFormat } from '../util/log.js';
import type { Flags } from './command.js';
import type { EtlPlan } from './etl-session.js';

/** What the CLI's main thread hands the ETL worker at start. */
export interface EtlWorkerData {
  flags: Flags;
  plan: EtlPlan;
  /** Decided by the main thread, whose stderr is the real one (a worker's is never a TTY). */
  logFormat: LogFormat;
  /** The cap the worker was started with (logged next to V8's actual limit). */
  heapMb: number;
}

/** Worker → main thread. Every line of output goes through the main thread, so it prints as before. */
export type EtlWorkerMessage =
  | { kind: 'log'; line: string }
  | { kind: 'progress'; progress: RunProgress }
  | { kind: 'summary'; summary: RunSummary }
  | { kind: 'failed'; error: SerializedError }
  /** Everything is closed: the worker has nothing left to do. */
  | { kind: 'done' };

/** Main thread → worker: the CLI got SIGINT/SIGTERM (`--every` stops after the run in progress). */
export type EtlControlMessage = { kind: 'stop' };

/** An error as plain data: structured clone keeps only the built-in error names, and the CLI's exit code depends on the name. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err), stack: undefined };
}

export function deserializeError(data: SerializedError): Error {
  const err = new Error(data.message);
  err.name = data.name;
  if (data.stack !== undefined) err.stack = data.stack;
  return err;
}
