import { serverDefaults, type ServerOptions } from '../server/options.js';
import { parseLakeUri } from '../storage/uri.js';
import { StorageError } from '../storage/types.js';
import { parseDuration } from '../util/duration.js';
import type { LogFormat, LogLevel } from '../util/log.js';
import { defaults } from './defaults.js';

/** Server settings the command line and environment can set; unset ones keep `serverDefaults`. */
export type ServerSettings = Pick<
  ServerOptions,
  | 'host'
  | 'port'
  | 'apiKeys'
  | 'cacheDir'
  | 'cacheMaxBytes'
  | 'memoryIndexBytes'
  | 'snapshotMaxAgeMs'
  | 'maxWindowDays'
  | 'maxFirst'
  | 'requestTimeoutMs'
  | 'corsOrigins'
  | 'sandbox'
  | 'introspection'
>;

/** Settings shared by every command, validated once at start-up. */
export interface IplakeConfig {
  /** Lake URI: a path or s3://bucket/prefix. */
  lake: string;
  server: ServerSettings;
  logLevel: LogLevel;
  logFormat: LogFormat | undefined;
  etl: EtlProcessSettings;
}

/** How `iplake etl` runs the pipeline in this process. */
export interface EtlProcessSettings {
  /** Old-generation heap cap of the ETL's worker thread in MB; 0 = no worker, V8's default heap. */
  heapMb: number;
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

/** Flags win over environment variables, which win over defaults. Every problem is reported by name. */
export function loadConfig({ flags, env }: ConfigSources): IplakeConfig {
  const lake = flags.lake ?? env.IPLAKE_LAKE ?? defaults.lake;
  try {
    parseLakeUri(lake);
  } catch (err) {
    const why = err instanceof StorageError ? err.message : String(err);
    throw new ConfigError(`--lake / IPLAKE_LAKE: ${why}`);
  }
  const apiKeys = list(env.IPLAKE_API_KEYS);
  if (apiKeys.some((k) => k.length < 16)) {
    throw new ConfigError('IPLAKE_API_KEYS: every key must be at least 16 characters (comma-separated list)');
  }
  const cacheMb = number('IPLAKE_CACHE_MAX_MB', env.IPLAKE_CACHE_MAX_MB, 1);
  // 0 turns the gateway's in-memory index of hot gold files off (every answer then comes from DuckDB).
  const memoryIndexMb = number('IPLAKE_MEMORY_INDEX_MB', env.IPLAKE_MEMORY_INDEX_MB, 0);
  const timeout = env.IPLAKE_REQUEST_TIMEOUT === undefined ? undefined : parseDuration(env.IPLAKE_REQUEST_TIMEOUT);
  if (env.IPLAKE_REQUEST_TIMEOUT !== undefined && (timeout === undefined || timeout <= 0)) {
    throw new ConfigError(`IPLAKE_REQUEST_TIMEOUT: "${env.IPLAKE_REQUEST_TIMEOUT}" is not a duration such as 15s`);
  }
  // 0 is allowed here (every request checks the Delta log), unlike the request timeout.
  const snapshotMaxAge = env.IPLAKE_SNAPSHOT_MAX_AGE === undefined ? undefined : parseDuration(env.IPLAKE_SNAPSHOT_MAX_AGE);
  if (env.IPLAKE_SNAPSHOT_MAX_AGE !== undefined && snapshotMaxAge === undefined) {
    throw new ConfigError(
      `IPLAKE_SNAPSHOT_MAX_AGE: "${env.IPLAKE_SNAPSHOT_MAX_AGE}" is not a duration such as 1s, 250ms or 0 (0 checks for new commits on every request)`,
    );
  }
  const server: ServerSettings = {
    host: flags.host ?? env.IPLAKE_HOST ?? serverDefaults.host,
    port: port(flags.port ?? env.IPLAKE_PORT),
    apiKeys,
    cacheDir: env.IPLAKE_CACHE_DIR,
    cacheMaxBytes: cacheMb === undefined ? undefined : cacheMb * 1024 ** 2,
    memoryIndexBytes: memoryIndexMb === undefined ? undefined : memoryIndexMb * 1024 ** 2,
    snapshotMaxAgeMs: snapshotMaxAge,
    maxWindowDays: number('IPLAKE_MAX_WINDOW_DAYS', env.IPLAKE_MAX_WINDOW_DAYS, 1),
    maxFirst: number('IPLAKE_MAX_FIRST', env.IPLAKE_MAX_FIRST, 1),
    requestTimeoutMs: timeout,
    corsOrigins: env.IPLAKE_CORS_ORIGINS === undefined ? undefined : list(env.IPLAKE_CORS_ORIGINS),
    sandbox: bool('IPLAKE_SANDBOX', env.IPLAKE_SANDBOX),
    introspection: bool('IPLAKE_INTROSPECTION', env.IPLAKE_INTROSPECTION),
  };
  const logLevel = (env.IPLAKE_LOG_LEVEL ?? defaults.logLevel) as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`IPLAKE_LOG_LEVEL: "${logLevel}" is not one of debug, info, warn, error, silent`);
  }
  const logFormat = env.IPLAKE_LOG_FORMAT as LogFormat | undefined;
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError(`IPLAKE_LOG_FORMAT: "${String(logFormat)}" is not json or pretty`);
  }
  return { lake, server, logLevel, logFormat, etl: { heapMb: etlHeapMb(env.IPLAKE_ETL_HEAP_MB) } };
}

function etlHeapMb(text: string | undefined): number {
  if (text === undefined) return defaults.etlHeapMb;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || (value !== 0 && value < defaults.etlHeapMinMb)) {
    throw new ConfigError(
      `IPLAKE_ETL_HEAP_MB: "${text}" is not a whole number of MB ≥ ${defaults.etlHeapMinMb} (or 0 for no cap); default ${defaults.etlHeapMb}`,
    );
  }
  return value;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}

function port(text: string | undefined): number {
  if (text === undefined) return serverDefaults.port;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`--port / IPLAKE_PORT: "${text}" is not a TCP port (0-65535)`);
  }
  return value;
}

function number(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new ConfigError(`${name}: "${text}" is not a number ≥ ${min}`);
  return value;
}

function bool(name: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new ConfigError(`${name}: "${text}" is not true or false`);
}
