import { StorageError } from './types.js';

/** Static credentials; session token only for temporary (STS) keys. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Everything an S3Store can be told explicitly. Unset fields come from the environment, then from S3_DEFAULTS. */
export interface S3StoreOptions {
  bucket: string;
  /** Key prefix of the lake inside the bucket, without leading/trailing '/'; '' = bucket root. */
  prefix?: string;
  /** e.g. http://127.0.0.1:9000 for MinIO or s3rver; unset = AWS. */
  endpoint?: string;
  region?: string;
  credentials?: S3Credentials;
  /** Path-style URLs (http://host/bucket/key); needed by s3rver and most self-hosted stores. */
  forcePathStyle?: boolean;
  /** Total tries per operation, first try included. */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  connectTimeoutMs?: number;
  /** Socket idle timeout for one request. */
  requestTimeoutMs?: number;
  /** Keys per ListObjectsV2 page (S3 caps it at 1000); smaller only to exercise pagination in tests. */
  listPageSize?: number;
  /** Where AWS_* variables are read from; defaults to process.env (tests pass their own instead of mutating it). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The one place S3 defaults live. */
export const S3_DEFAULTS = {
  region: 'us-east-1',
  forcePathStyle: false,
  maxAttempts: 4,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2_000,
  connectTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  listPageSize: 1000,
} as const;

/** 'default-chain' lets the AWS SDK find credentials itself (profiles, web identity, container or instance roles). */
export type CredentialSource = { kind: 'static'; credentials: S3Credentials } | { kind: 'default-chain' };

export interface ResolvedS3Config {
  bucket: string;
  prefix: string;
  endpoint: string | undefined;
  region: string;
  credentials: CredentialSource;
  forcePathStyle: boolean;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  listPageSize: number;
}

/** Variables that tell us the SDK's own provider chain has something to find. */
const CHAIN_HINTS = [
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** Merge explicit options, AWS_* variables and defaults; fail early and clearly on unusable configuration. */
export function resolveS3Config(options: S3StoreOptions): ResolvedS3Config {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpoint !== undefined) assertHttpUrl(endpoint);
  return {
    bucket: options.bucket,
    prefix: (options.prefix ?? '').replace(/^\/+|\/+$/g, ''),
    endpoint,
    region: options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? S3_DEFAULTS.region,
    credentials: resolveCredentials(options.credentials, env),
    forcePathStyle: options.forcePathStyle ?? parseBool(env.IPLAKE_S3_FORCE_PATH_STYLE) ?? S3_DEFAULTS.forcePathStyle,
    maxAttempts: positiveInt('maxAttempts', options.maxAttempts ?? S3_DEFAULTS.maxAttempts),
    retryBaseDelayMs: options.retryBaseDelayMs ?? S3_DEFAULTS.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs ?? S3_DEFAULTS.retryMaxDelayMs,
    connectTimeoutMs: options.connectTimeoutMs ?? S3_DEFAULTS.connectTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? S3_DEFAULTS.requestTimeoutMs,
    listPageSize: positiveInt('listPageSize', options.listPageSize ?? S3_DEFAULTS.listPageSize),
  };
}

function resolveCredentials(
  explicit: S3Credentials | undefined,
  env: Readonly<Record<string, string | undefined>>,
): CredentialSource {
  if (explicit) return { kind: 'static', credentials: explicit };
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId && secretAccessKey) {
    const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
    return { kind: 'static', credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
  }
  if (accessKeyId || secretAccessKey) {
    const missing = accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID';
    throw new StorageError('MISSING_CREDENTIALS', `storage: S3 credentials are incomplete: set ${missing} as well`);
  }
  // Without keys we only defer to the SDK chain when something says it will succeed: otherwise it probes the
  // instance-metadata endpoint and the user waits for a timeout instead of reading a clear message.
  if (CHAIN_HINTS.some((name) => nonEmpty(env[name])) || parseBool(env.IPLAKE_S3_DEFAULT_CREDENTIALS)) {
    return { kind: 'default-chain' };
  }
  throw new StorageError('MISSING_CREDENTIALS', MISSING_CREDENTIALS_MESSAGE);
}

export const MISSING_CREDENTIALS_MESSAGE =
  'storage: no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys), ' +
  'or AWS_PROFILE, or IPLAKE_S3_DEFAULT_CREDENTIALS=true to use an instance or container role';

function assertHttpUrl(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new StorageError('INVALID_URI', `storage: S3 endpoint ${JSON.stringify(endpoint)} is not a URL (expected e.g. http://127.0.0.1:9000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StorageError('INVALID_URI', `storage: S3 endpoint ${JSON.stringify(endpoint)} must be an http:// or https:// URL`);
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`storage: S3 option ${name} must be an integer >= 1, got ${value}`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value.trim() : undefined;
}

function parseBool(value: string | undefined): boolean | undefined {
  const v = nonEmpty(value)?.toLowerCase();
  if (v === undefined) return undefined;
  return v === 'true' || v === '1' || v === 'yes';
}
