import { Cron } from 'croner';
import { parseDuration } from '../util/duration.js';
import { EtlBusyError } from './lease.js';
import type { EtlOptions } from './options.js';
import { runEtl } from './run.js';
import type { RunSummary } from './summary.js';

export interface ScheduleOptions {
  /** Every finished run, idle ones included. */
  onSummary?: (summary: RunSummary) => void;
  /** A failed run; the schedule keeps going (the next tick resumes it). */
  onError?: (error: Error) => void;
  /** Run once immediately instead of waiting for the first interval. Default true. */
  runImmediately?: boolean;
}

export interface EtlSchedule {
  /** Stop scheduling and wait for a run in progress to finish. */
  stop(): Promise<void>;
  /** Whether a run is executing now. */
  readonly busy: boolean;
}

/** `5m`, `30s`, `1h` → seconds; at least one second. */
export function parseEvery(every: string): number {
  const ms = parseDuration(every);
  if (ms === undefined || ms < 1000) {
    throw new Error(`etl: --every ${JSON.stringify(every)} is not a duration of at least 1s (examples: 30s, 5m, 1h)`);
  }
  return Math.round(ms / 1000);
}

/**
 * Keep running the ETL every `every` (croner, with `protect` so runs never overlap in this process;
 * runs in other processes are kept apart by the run lease — see lease.ts). Another process holding
 * the lake is not an error here: the tick is skipped and the next one tries again.
 */
export function scheduleEtl(options: EtlOptions, every: string, schedule: ScheduleOptions = {}): EtlSchedule {
  const seconds = parseEvery(every);
  let current: Promise<void> | undefined;
  const tick = async (): Promise<void> => {
    try {
      const summary = await runEtl(options);
      schedule.onSummary?.(summary);
    } catch (err) {
      if (err instanceof EtlBusyError) return;
      schedule.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const job = new Cron('* * * * * *', { interval: seconds, protect: true, unref: false }, () => {
    current = tick();
    return current;
  });
  if (schedule.runImmediately ?? true) void job.trigger();
  return {
    get busy() {
      return job.isBusy();
    },
    async stop() {
      job.stop();
      await current;
    },
  };
}
