import { scheduleEtl, type EtlSchedule } from '../etl/schedule.js';
import type { RunSummary } from '../etl/summary.js';
import type { LocalFileCache } from '../storage/index.js';
import type { ObjectStore } from '../storage/types.js';
import type { Logger } from '../util/log.js';
import { formatRunSummary } from './run-summary-text.js';

export interface EmbeddedEtlOptions {
  store: ObjectStore;
  cache: LocalFileCache;
  logger: Logger;
  /** The gateway in this process: its table snapshots are re-checked after every run. */
  server: { refreshSnapshots(): Promise<void> };
  /** Called once a run's commits are visible to the gateway, with its summary or its error (tests wait on it). */
  afterRun?: (outcome: { summary: RunSummary } | { error: Error }) => void;
}

/**
 * `serve --etl-every`: the ETL on a schedule inside the gateway process. The gateway re-checks table logs only
 * once per snapshot max age; after each run it checks at once, so what this process committed is visible to
 * the very next request. A failed run is refreshed too: it may have committed some tables before failing.
 */
export function scheduleEmbeddedEtl(every: string, options: EmbeddedEtlOptions): EtlSchedule {
  const { logger, server } = options;
  const refresh = async (): Promise<void> => {
    try {
      await server.refreshSnapshots();
    } catch (err) {
      // Not fatal: the next request past the snapshot max age checks again.
      logger.warn('could not refresh the gateway after an embedded etl run', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  return scheduleEtl({ store: options.store, cache: options.cache }, every, {
    onSummary: (summary) => {
      if (summary.status === 'completed') logger.info(formatRunSummary(summary));
      void refresh().then(() => options.afterRun?.({ summary }));
    },
    onError: (err) => {
      logger.error('embedded etl run failed; the next run will retry', { error: err.message });
      void refresh().then(() => options.afterRun?.({ error: err }));
    },
  });
}
