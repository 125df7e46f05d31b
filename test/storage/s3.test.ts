import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { S3Store } from '../../src/storage/s3.js';
import { resolveS3Config, S3_DEFAULTS } from '../../src/storage/s3-config.js';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { expectCode, runStoreContract } from './contract.js';

let shared: S3Harness | undefined;
async function harness(): Promise<S3Harness> {
  shared ??= await startS3();
  return shared;
}
afterAll(async () => {
  await shared?.stop();
});

runStoreContract('S3 (s3rver behind the conditional-PUT proxy)', { create: async () => (await harness()).store() });

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function listKeys(store: S3Store, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('S3Store specifics', () => {
  let h: S3Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('paginates listings across many pages in key order', async () => {
    const store = await h.store(undefined, { listPageSize: 7 });
    const keys = Array.from({ length: 40 }, (_, i) => `p/${i % 3 === 0 ? 'x/' : ''}${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((k) => store.put(k, bytes(k))));
    const before = h.proxy.counters().requests;
    expect(await listKeys(store, 'p/')).toEqual([...keys].sort());
    // 40 keys at 7 per page = 6 ListObjectsV2 calls.
    expect(h.proxy.counters().requests - before).toBe(6);
  });

  it('keeps lakes under different prefixes apart and reports s3:// URIs', async () => {
    const a = await h.store('lakes/a');
    const b = await h.store('lakes/ab');
    const root = await h.store('');
    await a.put('k', bytes('from a'));
    await b.put('k', bytes('from b'));
    expect(a.uri).toBe(`s3://${h.bucket}/lakes/a`);
    expect(root.uri).toBe(`s3://${h.bucket}`);
    expect(await listKeys(a, '')).toEqual(['k']);
    expect(text(await b.get('k'))).toBe('from b');
    expect(await listKeys(root, 'lakes/')).toEqual(['lakes/a/k', 'lakes/ab/k']);
  });

  it('openStore reads endpoint, region, keys and path style from AWS_* / IPLAKE_* variables', async () => {
    const store = await openStore(h.lakeUri('from-env'), { s3: { env: h.env, retryBaseDelayMs: 5 } });
    try {
      expect(store.kind).toBe('s3');
      await store.put('x', bytes('via env'));
      expect(text(await store.get('x'))).toBe('via env');
    } finally {
      await store.close();
    }
    // AWS_ENDPOINT_URL is the fallback when AWS_ENDPOINT_URL_S3 is unset.
    const { AWS_ENDPOINT_URL_S3, ...rest } = h.env;
    const fallback = await openStore(h.lakeUri('from-env'), { s3: { env: { ...rest, AWS_ENDPOINT_URL: AWS_ENDPOINT_URL_S3 } } });
    expect(text(await fallback.get('x'))).toBe('via env');
    await fallback.close();
  });

  it('names a missing bucket, its endpoint and IPLAKE_LAKE', async () => {
    const err = await expectCode(openStore('s3://no-such-bucket/lake', { s3: h.s3Options }), 'NO_SUCH_BUCKET');
    expect(err.message).toBe(
      `storage: bucket no-such-bucket does not exist at endpoint ${h.endpoint}: create it or fix IPLAKE_LAKE`,
    );
    // Operations on a store whose bucket vanished say the same.
    const store = new S3Store({ ...h.s3Options, bucket: 'gone-bucket', maxAttempts: 1 });
    await expectCode(store.get('k'), 'NO_SUCH_BUCKET');
    await expectCode(store.put('k', bytes('x')), 'NO_SUCH_BUCKET');
    await expectCode(listKeys(store, ''), 'NO_SUCH_BUCKET');
    await store.close();
  });

  it('reports an unreachable endpoint as UNAVAILABLE after bounded retries', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const err = await expectCode(
      openStore(h.lakeUri('x'), { s3: { ...h.s3Options, endpoint, maxAttempts: 2, retryBaseDelayMs: 1 } }),
      'UNAVAILABLE',
    );
    expect(err.message).toContain(endpoint);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('after 2 attempts');
  });

  it('maps an unknown access key to ACCESS_DENIED naming the variables', async () => {
    // (s3rver does not verify V4 signatures, so a wrong secret would pass; an unknown key id does not.)
    const store = new S3Store({
      ...h.s3Options,
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' },
      bucket: h.bucket,
    });
    const err = await expectCode(store.put('denied', bytes('x')), 'ACCESS_DENIED');
    expect(err.message).toContain('AWS_ACCESS_KEY_ID');
    expect(err.message).toContain('InvalidAccessKeyId');
    await store.close();
  });

  it('refuses to start without credentials, naming the variables', () => {
    const missing = (env: Record<string, string>) => {
      try {
        new S3Store({ bucket: 'b', endpoint: h.endpoint, env });
      } catch (err) {
        return err as Error & { code?: string };
      }
      throw new Error('expected MISSING_CREDENTIALS');
    };
    const none = missing({});
    expect(none.code).toBe('MISSING_CREDENTIALS');
    expect(none.message).toContain('AWS_ACCESS_KEY_ID');
    expect(none.message).toContain('AWS_SECRET_ACCESS_KEY');
    const half = missing({ AWS_ACCESS_KEY_ID: 'S3RVER' });
    expect(half.code).toBe('MISSING_CREDENTIALS');
    expect(half.message).toContain('set AWS_SECRET_ACCESS_KEY as well');
  });

  it('resolves settings: explicit options over AWS_* variables over defaults', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'id',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_REGION: 'eu-west-1',
      IPLAKE_S3_FORCE_PATH_STYLE: 'true',
    };
    const fromEnv = resolveS3Config({ bucket: 'b', prefix: '/lake/', env });
    expect(fromEnv).toMatchObject({
      prefix: 'lake',
      region: 'eu-west-1',
      forcePathStyle: true,
      endpoint: undefined,
      maxAttempts: S3_DEFAULTS.maxAttempts,
      credentials: { kind: 'static', credentials: { accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 'token' } },
    });
    const explicit = resolveS3Config({ bucket: 'b', env, region: 'us-west-2', forcePathStyle: false, maxAttempts: 1 });
    expect(explicit).toMatchObject({ region: 'us-west-2', forcePathStyle: false, maxAttempts: 1 });
    expect(resolveS3Config({ bucket: 'b', env: { ...env, AWS_REGION: '' } }).region).toBe('us-east-1');
    // No keys, but a profile: leave credentials to the SDK's provider chain.
    expect(resolveS3Config({ bucket: 'b', env: { AWS_PROFILE: 'analytics' } }).credentials).toEqual({ kind: 'default-chain' });
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => new S3Store({ ...h.s3Options, bucket: 'b', endpoint: 'ftp://host' })).toThrow(/must be an http/);
    expect(() => new S3Store({ ...h.s3Options, bucket: 'b', endpoint: 'not a url' })).toThrow(/is not a URL/);
  });

  it('needs the proxy for put-if-absent: s3rver alone lets a second conditional PUT overwrite', async () => {
    // Documents why the harness proxies: against bare s3rver both writers "win".
    const direct = new S3Store({ ...h.s3Options, endpoint: h.directEndpoint, bucket: h.bucket, prefix: 'direct' });
    expect(await direct.putIfAbsent('c', bytes('one'))).toBe(true);
    expect(await direct.putIfAbsent('c', bytes('two'))).toBe(true);
    await direct.close();
    const proxied = await h.store('proxied');
    expect(await proxied.putIfAbsent('c', bytes('one'))).toBe(true);
    expect(await proxied.putIfAbsent('c', bytes('two'))).toBe(false);
    expect(text(await proxied.get('c'))).toBe('one');
  });
});
