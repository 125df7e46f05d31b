import type { IplakeConfig } from '../config/config.js';
import { defaults } from '../config/defaults.js';
import type { RunSummary } from '../etl/summary.js';
import type { Logger } from '../util/log.js';
import type { Flags } from './command.js';
import type { EtlPlan } from './etl-session.js';
import { deserializeError, type EtlControlMessage, type EtlWorkerData, type EtlWorkerMessage } from './etl-worker-protocol.js';
import { startWorker } from '../util/worker.js';
import { progressRenderer } from './progress.js';

/** The ETL's worker ran out of its capped heap. */
export class EtlHeapError extends Error {
  constructor(heapMb: number) {
    super(
      `the ETL ran out of JavaScript heap (IPLAKE_ETL_HEAP_MB=${heapMb}); raise IPLAKE_ETL_HEAP_MB ` +
        `(default ${defaults.etlHeapMb}, 0 for no cap) and run it again`,
    );
    this.name = 'EtlHeapError';
  }
}

export interface WorkerSessionOptions {
  flags: Flags;
  plan: EtlPlan;
  config: IplakeConfig;
  /** The main thread's logger: renders progress exactly as an in-thread run does. */
  logger: Logger;
  printSummary(summary: RunSummary): void;
  /** Resolves when a schedule (`--every`) should stop after the run in progress. */
  stopRequested(): Promise<unknown>;
}

/**
 * Run `iplake etl` in a worker thread whose V8 old generation is capped at `config.etl.heapMb`: uncapped, V8 lets
 * the heap grow far past the run's live data before a major GC. V8 flags cannot be changed once a process runs,
 * but a worker's limits can be set at its start. Output, progress and signals stay on this thread.
 */
export function runEtlInWorker(options: WorkerSessionOptions): Promise<void> {
  const { config, plan } = options;
  const heapMb = config.etl.heapMb;
  const data: EtlWorkerData = {
    flags: options.flags,
    plan,
    logFormat: config.logFormat ?? (process.stderr.isTTY ? 'pretty' : 'json'),
    heapMb,
  };
  const worker = startWorker(new URL('./etl-worker.js', import.meta.url), {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    // Its output goes through messages; its own stdio streams stay unused.
    stdout: false,
    stderr: false,
  });
  const render = plan.json ? undefined : progressRenderer(options.logger);
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    let done = false;
    worker.on('message', (message: EtlWorkerMessage) => {
      switch (message.kind) {
        case 'log':
          process.stderr.write(message.line + '\n');
          break;
        case 'progress':
          render?.(message.progress);
          break;
        case 'summary':
          options.printSummary(message.summary);
          break;
        case 'failed':
          failure = deserializeError(message.error);
          break;
        case 'done':
          done = true;
          // Everything in the worker is closed; don't wait on anything a library left behind.
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      failure = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new EtlHeapError(heapMb) : err;
    });
    worker.on('exit', (code) => {
      if (failure) reject(failure);
      else if (!done) reject(new Error(`the ETL worker stopped unexpectedly (exit code ${code})`));
      else resolve();
    });
    if (plan.every !== undefined) {
      // As in-thread: stop the schedule after the run in progress.
      void options.stopRequested().then(() => worker.postMessage({ kind: 'stop' } satisfies EtlControlMessage));
    }
  });
}
