import { parseLakeUri } from '../storage/uri.js';
import { StorageError } from '../storage/types.js';
import type { LogFormat, LogLevel } from '../util/log.js';
import { defaults } from './defaults.js';

/** Settings shared by every command, validated once at start-up. */
export interface IplakeConfig {
  /** Lake URI: a path or s3://bucket/prefix. */
  lake: string;
  host: string;
  port: number;
  /** API keys clients send as `Authorization: Bearer <key>`; empty = no auth (loopback only). */
  apiKeys: string[];
  cacheDir: string;
  cacheMaxBytes: number;
  logLevel: LogLevel;
  logFormat: LogFormat | undefined;
}

/** A configuration problem: says which setting, what was given and what is accepted. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  flags: { lake?: string | undefined; host?: string | undefined; port?: string | undefined };
  env: NodeJS.ProcessEnv;
}

export function loadConfig({ flags, env }: ConfigSources): IplakeConfig {
  const lake = flags.lake ?? env.IPLAKE_LAKE ?? defaults.lake;
  try {
    parseLakeUri(lake);
  } catch (err) {
    const why = err instanceof StorageError ? err.message : String(err);
    throw new ConfigError(`--lake / IPLAKE_LAKE: ${why}`);
  }
  const portText = flags.port ?? env.IPLAKE_PORT;
  const port = portText === undefined ? defaults.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`--port / IPLAKE_PORT: "${portText}" is not a TCP port (0-65535)`);
  }
  const host = flags.host ?? env.IPLAKE_HOST ?? defaults.host;
  const apiKeys = (env.IPLAKE_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const shortKey = apiKeys.find((k) => k.length < 16);
  if (shortKey !== undefined) {
    throw new ConfigError('IPLAKE_API_KEYS: every key must be at least 16 characters (comma-separated list)');
  }
  const cacheMaxText = env.IPLAKE_CACHE_MAX_MB;
  const cacheMaxBytes = cacheMaxText === undefined ? defaults.cacheMaxBytes : Number(cacheMaxText) * 1024 ** 2;
  if (!Number.isFinite(cacheMaxBytes) || cacheMaxBytes <= 0) {
    throw new ConfigError(`IPLAKE_CACHE_MAX_MB: "${cacheMaxText}" is not a positive number of megabytes`);
  }
  const logLevel = (env.IPLAKE_LOG_LEVEL ?? defaults.logLevel) as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`IPLAKE_LOG_LEVEL: "${logLevel}" is not one of debug, info, warn, error, silent`);
  }
  const logFormat = env.IPLAKE_LOG_FORMAT as LogFormat | undefined;
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError(`IPLAKE_LOG_FORMAT: "${String(logFormat)}" is not json or pretty`);
  }
  return {
    lake,
    host,
    port,
    apiKeys,
    cacheDir: env.IPLAKE_CACHE_DIR ?? defaults.cacheDir,
    cacheMaxBytes,
    logLevel,
    logFormat,
  };
}
