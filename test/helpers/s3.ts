import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { S3Store, type S3StoreOptions } from '../../src/storage/s3.js';
import type { S3Credentials } from '../../src/storage/s3-config.js';
import { startS3Proxy, type FaultOptions, type ObjectLister, type S3Proxy } from '../proxy/s3-proxy.js';

/** The slice of s3rver's API we use (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: {
    getBucket(name: string): Promise<unknown>;
    listObjects(
      bucket: string,
      options: { prefix: string; maxKeys: number },
    ): Promise<{ objects: Array<{ key: string; size: number; lastModifiedDate: Date; metadata: { etag?: string } }> }>;
  };
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const require = createRequire(import.meta.url);

export interface StartS3Options {
  bucket?: string;
  /** Faults the proxy injects from the start; usually better enabled later with `proxy.setFaults`. */
  faults?: FaultOptions;
}

export interface S3Harness {
  /** The proxy in front of s3rver: what stores should talk to (conditional PUTs are enforced there). */
  endpoint: string;
  /** s3rver itself, bypassing the proxy (no If-None-Match enforcement, no faults). */
  directEndpoint: string;
  bucket: string;
  /** Endpoint, region, credentials and path style for S3Store / openStore({ s3 }). */
  s3Options: { endpoint: string; region: string; credentials: S3Credentials; forcePathStyle: true };
  /** The same settings as AWS_* / IPLAKE_* variables, for child processes. */
  env: Record<string, string>;
  /** s3://bucket/prefix for openStore or IPLAKE_LAKE. */
  lakeUri(prefix: string): string;
  /** A store on the bucket; without a prefix, a fresh one per call so tests do not see each other's keys. */
  store(prefix?: string, options?: Partial<S3StoreOptions>): Promise<S3Store>;
  proxy: S3Proxy;
  stop(): Promise<void>;
}

let storeCounter = 0;

/**
 * Start s3rver on 127.0.0.1 (free port, temp directory, one bucket) behind our conditional-PUT / fault proxy.
 * Each vitest fork may start its own: nothing is shared between calls.
 */
export async function startS3(options: StartS3Options = {}): Promise<S3Harness> {
  const bucket = options.bucket ?? 'iplake-test';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'iplake-s3rver-'));
  const S3rver = require('s3rver') as S3rverConstructor;
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  const directEndpoint = `http://127.0.0.1:${address.port}`;
  // s3rver's own ListObjectsV2 is unusable beyond one page and out of key order, so the proxy lists from its store.
  const listObjects: ObjectLister = async (name, prefix) => {
    if (!(await server.store.getBucket(name))) return undefined;
    const { objects } = await server.store.listObjects(name, { prefix, maxKeys: Infinity });
    return objects.map((o) => ({ key: o.key, size: o.size, lastModified: o.lastModifiedDate, etag: o.metadata.etag ?? '""' }));
  };
  const proxy = await startS3Proxy({
    upstream: directEndpoint,
    listObjects,
    ...(options.faults ? { faults: options.faults } : {}),
  });

  // s3rver accepts only this key pair.
  const credentials: S3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3Options = { endpoint: proxy.url, region: 'us-east-1', credentials, forcePathStyle: true as const };
  const opened: S3Store[] = [];

  return {
    endpoint: proxy.url,
    directEndpoint,
    bucket,
    s3Options,
    env: {
      AWS_ENDPOINT_URL_S3: proxy.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      IPLAKE_S3_FORCE_PATH_STYLE: 'true',
    },
    lakeUri: (prefix) => `s3://${bucket}/${prefix}`,
    async store(prefix, extra = {}) {
      storeCounter += 1;
      const store = new S3Store({
        ...s3Options,
        // Short backoff keeps fault tests quick; the policy is the same as production otherwise.
        retryBaseDelayMs: 5,
        retryMaxDelayMs: 50,
        ...extra,
        bucket,
        prefix: prefix ?? `t${process.pid}-${storeCounter}`,
      });
      await store.checkBucket();
      opened.push(store);
      return store;
    },
    proxy,
    async stop() {
      await Promise.all(opened.map((s) => s.close()));
      await proxy.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
