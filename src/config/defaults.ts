import os from 'node:os';
import path from 'node:path';

/** Every default iplake uses, in one place. Flags override environment variables, which override these. */
export const defaults = {
  lake: './lake',
  host: '127.0.0.1',
  port: 4000,
  cacheDir: path.join(os.tmpdir(), 'iplake-cache'),
  cacheMaxBytes: 2 * 1024 ** 3,
  maxWindowDays: 31,
  maxFirst: 1000,
  requestTimeoutMs: 15_000,
  logLevel: 'info',
  demo: { days: 3, devices: 300, seed: 1 },
} as const;
