/**
 * Entry of the worker thread `iplake etl` runs the pipeline in (see etl-in-worker.ts): the thread's heap is
 * capped by IPLAKE_ETL_HEAP_MB. It opens the lake itself (stores and DuckDB are per thread) and sends every
 * line of output to the main thread, which owns the terminal and the signals.
 */
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../util/log.js';
import type { EtlControlMessage, EtlWorkerData, EtlWorkerMessage } from './etl-worker-protocol.js';
import { serializeError } from './etl-worker-protocol.js';
import { runEtlSession } from './etl-session.js';
import { openLake } from './lake.js';

const port = parentPort;
if (port === null) throw new Error('etl-worker: must run in a worker thread (started by `iplake etl`)');
const data = workerData as EtlWorkerData;
const post = (message: EtlWorkerMessage): void => port.postMessage(message);

const stop = new Promise<void>((resolve) => {
  port.on('message', (message: EtlControlMessage) => {
    if (message.kind === 'stop') resolve();
  });
});
// The port must not keep the thread alive once the session is over.
port.unref();

try {
  const opened = await openLake(data.flags);
  const logger = createLogger({ level: opened.config.logLevel, format: data.logFormat, write: (line) => post({ kind: 'log', line }) });
  const lake = { ...opened, logger };
  logger.debug('etl worker started', { heapCapMb: data.heapMb, v8HeapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20) });
  try {
    await runEtlSession(lake, data.plan, {
      summary: (summary) => post({ kind: 'summary', summary }),
      progress: data.plan.json ? undefined : (progress) => post({ kind: 'progress', progress }),
      stopRequested: () => stop,
    });
  } finally {
    await lake.close();
  }
} catch (err) {
  post({ kind: 'failed', error: serializeError(err) });
}
post({ kind: 'done' });
