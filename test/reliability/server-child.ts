/**
 * The gateway in a child process, so the API-abuse test can measure its memory without the test runner's.
 *   node --expose-gc --import tsx test/reliability/server-child.ts '{"lake":"/tmp/lake","apiKeys":["…"]}'
 * Sends `{ url }` over IPC when listening; answers `'memory'` with process.memoryUsage() after a full GC,
 * and `'close'` by shutting down gracefully.
 */
import { startServer } from '../../src/server/index.js';

export interface ServerChildOptions {
  lake: string;
  apiKeys: string[];
  cacheDir: string;
}

export type ServerChildMessage = { url: string } | { memory: NodeJS.MemoryUsage };

const arg = process.argv[2];
if (!arg || !process.send) {
  process.stderr.write('usage: server-child.ts <json options> (spawned with an IPC channel)\n');
  process.exit(2);
}
const options = JSON.parse(arg) as ServerChildOptions;
const server = await startServer({ lake: options.lake, apiKeys: options.apiKeys, port: 0, cacheDir: options.cacheDir, engineOptions: { threads: 1 } });
const send = (message: ServerChildMessage): void => {
  process.send?.(message);
};
process.on('message', (message) => {
  if (message === 'memory') {
    // Twice: the first pass can leave finalizer-held objects for the second.
    globalThis.gc?.();
    globalThis.gc?.();
    send({ memory: process.memoryUsage() });
  } else if (message === 'close') {
    void server.close().then(() => process.exit(0));
  }
});
send({ url: server.url });
