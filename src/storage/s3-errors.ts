import { StorageError } from './types.js';
import { MISSING_CREDENTIALS_MESSAGE } from './s3-config.js';

/** A body ended before Content-Length said it would: the connection dropped mid-transfer. Always worth a retry. */
export class TruncatedBodyError extends Error {
  readonly code = 'TRUNCATED_BODY';
  constructor(
    readonly expected: number,
    readonly received: number,
  ) {
    super(`body truncated: received ${received} of ${expected} bytes`);
    this.name = 'TruncatedBodyError';
  }
}

/** The parts of an SDK or socket error that decide what to do with it. */
interface ErrorFacts {
  status: number | undefined;
  /** S3 error code (NoSuchKey, SlowDown, …) or SDK error class name. */
  name: string;
  /** Node/undici socket error code (ECONNRESET, …). */
  networkCode: string | undefined;
  message: string;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TRUNCATED_BODY',
]);
const THROTTLE_NAMES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'TooManyRequestsException']);
const DENIED_NAMES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken']);

export function errorFacts(err: unknown): ErrorFacts {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : 'Error';
  return { status, name, networkCode: networkCode(err, 3), message: typeof e.message === 'string' ? e.message : String(err) };
}

/** Socket codes hide in `cause` (fetch-style) or in `errors` (AggregateError from happy-eyeballs connects). */
function networkCode(err: unknown, depth: number): string | undefined {
  if (depth < 0 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError') return 'ETIMEDOUT';
  const fromCause = networkCode(e.cause, depth - 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = networkCode(inner, depth - 1);
      if (code) return code;
    }
  }
  return undefined;
}

/** Worth another try: server faults, throttling, and connections that failed or dropped. */
export function isTransient(err: unknown): boolean {
  if (err instanceof StorageError) return false;
  const f = errorFacts(err);
  if (f.networkCode) return true;
  if (f.status !== undefined && (f.status >= 500 || f.status === 429)) return true;
  return THROTTLE_NAMES.has(f.name) || f.name === 'InternalError' || f.name === 'ServiceUnavailable';
}

/** True when the request certainly never reached the server, so a retried write cannot have been applied twice. */
export function neverSent(err: unknown): boolean {
  const code = errorFacts(err).networkCode;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

export interface ErrorContext {
  /** What we were doing, as a verb phrase: 'read', 'write', 'list', 'check bucket'. */
  action: string;
  /** Key relative to the lake, or the prefix for listings. */
  key: string;
  /** Canonical lake URI, s3://bucket/prefix. */
  lake: string;
  bucket: string;
  /** Endpoint as the user would recognise it. */
  endpoint: string;
  attempts: number;
}

/** Turn whatever the SDK or socket threw into a StorageError that says what happened and what to do. */
export function toStorageError(err: unknown, ctx: ErrorContext): StorageError {
  if (err instanceof StorageError) return err;
  const f = errorFacts(err);
  const said = `S3 said ${f.status ?? '-'} ${f.name}: ${f.message}`;

  if (f.name === 'NoSuchBucket') {
    return new StorageError(
      'NO_SUCH_BUCKET',
      `storage: bucket ${ctx.bucket} does not exist at endpoint ${ctx.endpoint}: create it or fix IPLAKE_LAKE`,
      { cause: err },
    );
  }
  if (f.name === 'CredentialsProviderError' || /could not load credentials/i.test(f.message)) {
    return new StorageError('MISSING_CREDENTIALS', `${MISSING_CREDENTIALS_MESSAGE} (${f.message})`, { cause: err });
  }
  if (f.status === 404 || f.name === 'NoSuchKey' || f.name === 'NotFound') {
    return new StorageError('NOT_FOUND', `storage: ${ctx.key} does not exist in ${ctx.lake}`, { cause: err });
  }
  if (f.status === 403 || DENIED_NAMES.has(f.name)) {
    const hint =
      f.name === 'InvalidAccessKeyId' || f.name === 'SignatureDoesNotMatch'
        ? 'check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
        : 'check the credentials and the bucket policy';
    return new StorageError('ACCESS_DENIED', `storage: access denied to ${ctx.action} ${ctx.key} in ${ctx.lake}: ${hint} (${said})`, {
      cause: err,
    });
  }
  const tries = `after ${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'}`;
  if (f.networkCode) {
    return new StorageError(
      'UNAVAILABLE',
      `storage: S3 endpoint ${ctx.endpoint} is unreachable or dropped the connection (${f.networkCode}: ${f.message}) ${tries} ` +
        `while trying to ${ctx.action} ${ctx.key} in ${ctx.lake}`,
      { cause: err },
    );
  }
  if (isTransient(err)) {
    return new StorageError(
      'UNAVAILABLE',
      `storage: S3 endpoint ${ctx.endpoint} kept failing ${tries} while trying to ${ctx.action} ${ctx.key} in ${ctx.lake} (${said})`,
      { cause: err },
    );
  }
  return new StorageError('IO', `storage: cannot ${ctx.action} ${ctx.key} in ${ctx.lake} (${said})`, { cause: err });
}
