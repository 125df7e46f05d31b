/**
 * Entry of the log writer thread: rebuilds the enterprise from the options, then replays the simulation's event
 * batches, in the order they arrive, into the same LogRenderer and LogWriter the single-threaded mode uses.
 * A batch's buffer goes back only once the files can take more, so the simulation waits when the disk does.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildEnterprise } from '../enterprise.js';
import { IseEvent } from '../log-events.js';
import { LogFiles } from '../log-output.js';
import { Rng, STREAM } from '../rng.js';
import { replayBatch } from './event-batch.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

function parentThread(): MessagePort {
  if (parentPort === null) throw new Error('generator: log-worker must run in a worker thread');
  return parentPort;
}

const port = parentThread();
const { options: o } = workerData as WorkerSetup;
const enterprise = buildEnterprise(o.devices, o.users, o.iseSegmentBytes, new Rng(o.seed, STREAM.world));
const files = new LogFiles(o, enterprise);
const scratch = new IseEvent();
let failed = false;
let queue: Promise<void> = Promise.resolve();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'batch') {
    replayBatch(new Float64Array(message.buffer), message.used, files.events, scratch);
    if (files.congested) await files.drained();
    post({ type: 'batch-done', buffer: message.buffer, lines: files.lines }, [message.buffer]);
    return;
  }
  const result = await files.finish();
  post({ type: 'finished', counts: result.counts, files: result.files });
  port.close();
}

port.on('message', (message: ToWorker) => {
  // One message at a time, in arrival order: a batch may wait for the disk while the next one is already here.
  queue = queue.then(async () => {
    if (failed) return;
    try {
      await handle(message);
    } catch (err) {
      failed = true;
      await files.abort();
      post({ type: 'failed', message: (err as Error).message });
      port.close();
    }
  });
});
