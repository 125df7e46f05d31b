/** Messages between the simulation (main thread) and the log writer thread. */
import type { LineCounts } from '../log-writer.js';
import type { ResolvedGenerateOptions } from '../options.js';

/** workerData: the worker rebuilds the enterprise from the same options (it is a pure function of them). */
export interface WorkerSetup {
  options: ResolvedGenerateOptions;
}

export type ToWorker =
  /** `buffer` is transferred; its first `used` float64 slots hold events (see ./event-batch). */
  | { type: 'batch'; buffer: ArrayBuffer; used: number }
  /** No more events: write everything out, close the files, report. */
  | { type: 'end' };

export type FromWorker =
  /** A batch has been written (or buffered within the files' limits); its buffer comes back for reuse. */
  | { type: 'batch-done'; buffer: ArrayBuffer; lines: number }
  | { type: 'finished'; counts: LineCounts; files: string[] }
  | { type: 'failed'; message: string };
