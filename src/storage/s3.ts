import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { assertValidKey } from './keys.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { readExactly, resumableStream } from './s3-body.js';
import { resolveS3Config, type ResolvedS3Config, type S3StoreOptions } from './s3-config.js';
import { errorFacts, isTransient, neverSent, toStorageError } from './s3-errors.js';
import { formatLakeUri } from './uri.js';
import { checkStreamStart, StorageError, type ObjectInfo, type ObjectStore, type StreamOptions } from './types.js';

export type { S3StoreOptions } from './s3-config.js';

/**
 * The lake on S3 or an S3-compatible store (MinIO, s3rver). Keys are relative to `prefix` inside `bucket`.
 * Retries are ours rather than the SDK's (the client runs with maxAttempts 1): a streamed upload must reopen its
 * file on every try, and a body cut short must be re-fetched, neither of which the SDK's retry can do.
 */
export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;
  readonly uri: string;
  readonly bucket: string;
  readonly prefix: string;
  /** Endpoint as shown in messages. */
  readonly endpoint: string;
  private readonly config: ResolvedS3Config;
  private readonly client: S3Client;
  private readonly policy: RetryPolicy;

  constructor(options: S3StoreOptions) {
    this.config = resolveS3Config(options);
    this.bucket = this.config.bucket;
    this.prefix = this.config.prefix;
    this.uri = formatLakeUri({ kind: 's3', bucket: this.bucket, prefix: this.prefix });
    this.endpoint = this.config.endpoint ?? `AWS S3 (${this.config.region})`;
    this.policy = {
      maxAttempts: this.config.maxAttempts,
      baseDelayMs: this.config.retryBaseDelayMs,
      maxDelayMs: this.config.retryMaxDelayMs,
    };
    this.client = new S3Client({
      region: this.config.region,
      ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}),
      ...(this.config.credentials.kind === 'static' ? { credentials: this.config.credentials.credentials } : {}),
      forcePathStyle: this.config.forcePathStyle,
      maxAttempts: 1,
      // Checksums only when S3 demands them: otherwise streamed PUTs go out aws-chunked, which s3rver stores verbatim.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        connectionTimeout: this.config.connectTimeoutMs,
        requestTimeout: this.config.requestTimeoutMs,
      },
    });
  }

  localPath(): undefined {
    return undefined;
  }

  /** Fail with NO_SUCH_BUCKET / ACCESS_DENIED / UNAVAILABLE / MISSING_CREDENTIALS now rather than on first use. */
  async checkBucket(): Promise<void> {
    await this.retrying('check bucket', '(bucket)', async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      } catch (err) {
        // HeadBucket has no body, so a missing bucket arrives as a bare 404 'NotFound'.
        if (errorFacts(err).status === 404) {
          throw new StorageError(
            'NO_SUCH_BUCKET',
            `storage: bucket ${this.bucket} does not exist at endpoint ${this.endpoint}: create it or fix IPLAKE_LAKE`,
            { cause: err },
          );
        }
        throw err;
      }
    });
  }

  async get(key: string): Promise<Uint8Array> {
    const fullKey = this.fullKey(key);
    return this.retrying('read', key, async () => {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }));
      return readExactly(bodyOf(out), contentLength(out));
    });
  }

  async getRange(key: string, start: number, end: number): Promise<Uint8Array> {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end >= start)) {
      throw new StorageError('IO', `storage: invalid range [${start}, ${end}) for ${key}`);
    }
    const fullKey = this.fullKey(key);
    // HTTP cannot ask for zero bytes; a head keeps NOT_FOUND behaviour identical to the other cases.
    if (end === start) {
      if (!(await this.head(key))) throw this.notFound(key);
      return new Uint8Array(0);
    }
    return this.retrying('read', key, async () => {
      let out: GetObjectCommandOutput;
      try {
        // Absolute range only: suffix ranges (bytes=-N) are mishandled by s3rver.
        out = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: fullKey, Range: `bytes=${start}-${end - 1}` }),
        );
      } catch (err) {
        // Past the end is an empty read, as it is for a local file.
        if (errorFacts(err).status === 416) return new Uint8Array(0);
        throw err;
      }
      return readExactly(bodyOf(out), contentLength(out));
    });
  }

  async getStream(key: string, options: StreamOptions = {}): Promise<Readable> {
    const start = checkStreamStart(key, options.start);
    const fullKey = this.fullKey(key);
    const first = await this.retrying('read', key, async () => {
      if (start === 0) return this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }));
      try {
        return await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey, Range: `bytes=${start}-` }));
      } catch (err) {
        // Starting at or past the end is an empty read, as it is for a local file.
        if (errorFacts(err).status === 416) return undefined;
        throw err;
      }
    });
    if (first === undefined) return Readable.from([]);
    const total = contentLength(first);
    const etag = first.ETag;
    // `offset` counts bytes delivered by this stream; the object's bytes start at `start`.
    const reopen = async (offset: number): Promise<Readable> => {
      const rest = await this.retrying('read', key, () =>
        this.client.send(
          new GetObjectCommand({
            Bucket: this.bucket,
            Key: fullKey,
            Range: `bytes=${start + offset}-${start + total - 1}`,
            // Objects are immutable, but if one was replaced mid-read the resumed bytes would belong to another file.
            ...(etag ? { IfMatch: etag } : {}),
          }),
        ),
      );
      return bodyOf(rest);
    };
    return resumableStream(bodyOf(first), total, reopen, this.policy, (err, attempts) =>
      toStorageError(err, this.context('read', key, attempts)),
    );
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const fullKey = this.fullKey(key);
    return this.retrying('stat', key, async () => {
      try {
        const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: fullKey }));
        return { key, size: out.ContentLength ?? 0, lastModified: out.LastModified ?? new Date(0) };
      } catch (err) {
        if (errorFacts(err).status === 404) return undefined;
        throw err;
      }
    });
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const fullKey = this.fullKey(key);
    await this.retrying('write', key, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: fullKey, Body: body, ContentLength: body.byteLength }),
      ),
    );
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const fullKey = this.fullKey(key);
    let size: number;
    try {
      size = (await stat(localPath)).size;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageError('IO', `storage: cannot upload ${localPath} to ${key} in ${this.uri}: ${reason}`, { cause: err });
    }
    // A fresh stream per attempt: a half-consumed stream cannot be replayed.
    await this.retrying('write', key, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: fullKey, Body: createReadStream(localPath), ContentLength: size }),
      ),
    );
  }

  /**
   * PutObject with If-None-Match: '*'. A retry after a failure that may have reached the server (a reset, a 5xx)
   * can meet our own earlier write as 412; then the stored bytes are compared with ours to tell "we won" from "we lost".
   */
  async putIfAbsent(key: string, body: Uint8Array): Promise<boolean> {
    const fullKey = this.fullKey(key);
    let ambiguous = false;
    const won = await this.retrying('write', key, async () => {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: fullKey,
            Body: body,
            ContentLength: body.byteLength,
            IfNoneMatch: '*',
          }),
        );
        return true;
      } catch (err) {
        const status = errorFacts(err).status;
        // 412: the key exists. 409 ConditionalRequestConflict: another conditional write to it is in flight.
        if (status === 412 || status === 409) return false;
        if (!neverSent(err)) ambiguous = true;
        throw err;
      }
    });
    if (won || !ambiguous) return won;
    const stored = await this.get(key);
    return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(body);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const fullPrefix = this.prefix ? `${this.prefix}/${prefix}` : prefix;
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    let token: string | undefined;
    do {
      const page = await this.retrying('list', prefix || '(all keys)', () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: fullPrefix,
            MaxKeys: this.config.listPageSize,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        ),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key.slice(strip), size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    const fullKey = this.fullKey(key);
    await this.retrying('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: fullKey })));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private fullKey(key: string): string {
    assertValidKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private retrying<T>(action: string, key: string, attempt: () => Promise<T>): Promise<T> {
    return withRetry(this.policy, attempt, isTransient, (err, { attempts }) =>
      toStorageError(err, this.context(action, key, attempts)),
    );
  }

  private context(action: string, key: string, attempts: number) {
    return { action, key, lake: this.uri, bucket: this.bucket, endpoint: this.endpoint, attempts };
  }

  private notFound(key: string): StorageError {
    return new StorageError('NOT_FOUND', `storage: ${key} does not exist in ${this.uri}`);
  }
}

function bodyOf(out: GetObjectCommandOutput): Readable {
  if (!(out.Body instanceof Readable)) throw new Error('storage: S3 response has no readable body');
  return out.Body;
}

function contentLength(out: GetObjectCommandOutput): number {
  if (typeof out.ContentLength !== 'number') throw new Error('storage: S3 response has no Content-Length');
  return out.ContentLength;
}
