import { scheduleEtl, type EtlSchedule } from '../etl/schedule.js';
import type { RunSummary } from '../etl/summary.js';
import type { LocalFileCache } from '../storage/index.js';
import type { ObjectStore } from '../storage/types.js';
import type { Logger } from '../util/log.js';
import { formatRunSummary } from './run-summary-text.js';

export type EmbeddedRunOutcome = { summary: RunSummary } | { error: Error };

/** The gateway side of `serve --etl-every`, wherever the ETL itself runs (this thread or a child process). */
export interface EmbeddedEtlGateway {
  logger: Logger;
  /** The gateway in this process: its table snapshots are re-checked after every run. */
  server: { refreshSnapshots(): Promise<void> };
  /** Called once a run's commits are visible to the gateway, with its summary or its error (tests wait on it). */
  afterRun?: (outcome: EmbeddedRunOutcome) => void;
}

export interface EmbeddedEtlOptions extends EmbeddedEtlGateway {
  store: ObjectStore;
  cache: LocalFileCache;
}

/**
 * What the gateway does after each embedded run: it re-checks table logs only once per snapshot max age, so it
 * checks at once and what this process committed is visible to the very next request. A failed run is refreshed
 * too: it may have committed some tables before failing.
 */
export function gatewayAfterRun(gateway: EmbeddedEtlGateway): (outcome: EmbeddedRunOutcome) => Promise<void> {
  const { logger, server } = gateway;
  return (outcome) =>
    server
      .refreshSnapshots()
      .catch((err: unknown) => {
        // Not fatal: the next request past the snapshot max age checks again.
        logger.warn('could not refresh the gateway after an embedded etl run', { error: err instanceof Error ? err.message : String(err) });
      })
      .then(() => gateway.afterRun?.(outcome));
}

/** A completed run's text summary in the gateway's log (idle runs stay quiet). */
export function logRunSummary(logger: Logger, summary: RunSummary): void {
  if (summary.status === 'completed') logger.info(formatRunSummary(summary));
}

/**
 * `serve --etl-every` on this thread, sharing the gateway's store and file cache: run from the TypeScript sources
 * (tsx, in development; tests). The installed CLI runs it in a child process: see embedded-etl-child.ts.
 */
export function scheduleEmbeddedEtl(every: string, options: EmbeddedEtlOptions): EtlSchedule {
  const { logger } = options;
  const afterRun = gatewayAfterRun(options);
  return scheduleEtl({ store: options.store, cache: options.cache }, every, {
    // Logged once the gateway shows the run's commits.
    onSummary: (summary) => void afterRun({ summary }).then(() => logRunSummary(logger, summary)),
    onError: (err) => {
      logger.error('embedded etl run failed; the next run will retry', { error: err.message });
      void afterRun({ error: err });
    },
  });
}
