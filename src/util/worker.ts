import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on `entry`, the URL of its compiled `.js` module. In the build that file runs as it is. Run from
 * the `.ts` sources (tsx, vitest), loader hooks of the parent thread do not reach a worker, so it starts through
 * ts-worker-entry.mjs, which registers tsx in the worker and then imports the `.ts` entry.
 */
export function startWorker(entry: URL, options: WorkerOptions & { workerData: object }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, options);
  const source = entry.href.replace(/\.js$/, '.ts');
  return new Worker(new URL('./ts-worker-entry.mjs', import.meta.url), { ...options, workerData: { ...options.workerData, entry: source } });
}
