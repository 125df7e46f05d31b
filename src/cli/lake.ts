import { loadConfig, type IplakeConfig } from '../config/config.js';
import { serverDefaults, type ServerOptions } from '../server/options.js';
import { LocalFileCache, openStore, type ObjectStore } from '../storage/index.js';
import { createLogger, type Logger } from '../util/log.js';
import { stringFlag, type Flags } from './command.js';

/** What every lake command starts from: validated config, the open store, the S3 file cache and a logger. */
export interface LakeContext {
  config: IplakeConfig;
  store: ObjectStore;
  cache: LocalFileCache;
  logger: Logger;
  close(): Promise<void>;
}

export function configFromFlags(flags: Flags): IplakeConfig {
  return loadConfig({
    flags: { lake: stringFlag(flags, 'lake'), host: stringFlag(flags, 'host'), port: stringFlag(flags, 'port') },
    env: process.env,
  });
}

export async function openLake(flags: Flags): Promise<LakeContext> {
  const config = configFromFlags(flags);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const store = await openStore(config.lake);
  const cache = new LocalFileCache({
    dir: config.server.cacheDir ?? serverDefaults.cacheDir,
    maxBytes: config.server.cacheMaxBytes ?? serverDefaults.cacheMaxBytes,
    // The default directory is this process's own (per pid): nobody adopts it later, so it goes on close.
    removeOnClose: config.server.cacheDir === undefined,
  });
  const close = async (): Promise<void> => {
    try {
      await cache.close();
    } finally {
      await store.close();
    }
  };
  return { config, store, cache, logger, close };
}

/** Server options for this lake: the validated settings plus the open store, shared cache and logger. */
export function serverOptions(lake: LakeContext): ServerOptions {
  return { ...lake.config.server, store: lake.store, cache: lake.cache, logger: lake.logger };
}
