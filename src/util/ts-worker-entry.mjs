// Runs a TypeScript worker entry from the sources (tsx, vitest): loader hooks of the parent thread do not reach a
// worker, and tsx registers itself only on the main thread, so register it here. The compiled build never uses this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
