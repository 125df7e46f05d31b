import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../helpers/random.js';

/**
 * A small HTTP proxy in front of s3rver, for two jobs s3rver cannot do itself:
 * 1. Enforce `If-None-Match: *` on PUT (412 when the key exists), serialised per key, as AWS S3 and MinIO do.
 *    s3rver ignores the header, so without this a put-if-absent race test would prove nothing.
 * 2. Inject faults (5xx, connection resets, truncated bodies, delays) for reliability tests.
 */

export interface FaultOptions {
  /** Share of requests answered with one of `statuses` instead of being forwarded. */
  failRate?: number;
  /** Statuses for injected failures; 500 → InternalError, 503 → SlowDown. Default [500, 503]. */
  statuses?: number[];
  /** Share of requests whose connection is destroyed before forwarding. */
  resetRate?: number;
  /** Share of responses with a body that are cut off halfway (connection destroyed mid-body). */
  truncateRate?: number;
  /**
   * Share of requests forwarded (so the server applies them) whose response is then lost to a reset:
   * the ambiguous failure a retried conditional write must cope with.
   */
  dropResponseRate?: number;
  /** Added before every request is handled. */
  delayMs?: number;
  /** PRNG seed, so a failing run can be replayed. */
  seed?: number;
  /** Only requests with these methods get faults; default: all. */
  methods?: string[];
}

export interface ProxyCounters {
  requests: number;
  forwarded: number;
  /** Injected failures by status. */
  failed: Record<number, number>;
  resets: number;
  /** Requests applied upstream whose response was dropped. */
  dropped: number;
  truncated: number;
  delayed: number;
  /** Conditional PUTs refused because the key existed. */
  preconditionFailed: number;
}

/** One object as a listing reports it. */
export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

export interface S3ProxyOptions {
  /** The S3 server to forward to, e.g. s3rver's http://127.0.0.1:port. */
  upstream: string;
  faults?: FaultOptions;
  /**
   * Every object under a prefix, in any order. When given, the proxy answers ListObjectsV2 itself (sorted by key,
   * paginated with its own continuation tokens): s3rver lists in directory-walk order, not key order, and fails
   * with 500 whenever a listing needs a second page on Node 20 (its continuation tokens use DES, which OpenSSL 3
   * no longer provides).
   */
  listObjects?: ObjectLister;
}

/** Every object in bucket under prefix, in any order; undefined when the bucket does not exist. */
export type ObjectLister = (bucket: string, prefix: string) => Promise<ListedObject[] | undefined>;

export interface S3Proxy {
  url: string;
  /** Replace the fault plan (e.g. enable faults after setup); resets the PRNG to the plan's seed. */
  setFaults(faults: FaultOptions): void;
  counters(): ProxyCounters;
  close(): Promise<void>;
}

const NO_FAULTS: FaultOptions = {};

/** What happens to a forwarded request's response. */
type ResponseFault = 'none' | 'truncate' | 'drop';

export async function startS3Proxy(options: S3ProxyOptions): Promise<S3Proxy> {
  const upstream = new URL(options.upstream);
  const agent = new http.Agent({ keepAlive: true });
  let faults = options.faults ?? NO_FAULTS;
  let random = seededRandom(faults.seed ?? 1);
  const counters: ProxyCounters = emptyCounters();
  /** Tail of the queue of conditional PUTs per object path. */
  const keyLocks = new Map<string, Promise<void>>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, fault: ResponseFault): Promise<void> =>
    new Promise((resolve) => {
      counters.forwarded += 1;
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
        (upRes) => {
          if (fault === 'drop') {
            counters.dropped += 1;
            upRes.resume();
            req.socket.destroy();
            resolve();
            return;
          }
          const truncate = fault === 'truncate';
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          const length = Number(upRes.headers['content-length'] ?? 0);
          if (truncate && length > 1 && req.method !== 'HEAD') {
            counters.truncated += 1;
            pipeTruncated(upRes, res, Math.floor(length / 2));
          } else {
            upRes.pipe(res);
          }
          upRes.on('end', resolve);
          upRes.on('error', () => resolve());
          res.on('close', resolve);
        },
      );
      up.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: upstream failed: ${err.message}`);
        resolve();
      });
      req.pipe(up);
    });

  const objectExists = (objectPath: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const head = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: 'HEAD',
          path: objectPath,
          // Marks the anonymous request as an S3 API call for s3rver.
          headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
          agent,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      head.on('error', reject);
      head.end();
    });

  const conditionalPut = async (req: http.IncomingMessage, res: http.ServerResponse, fault: ResponseFault): Promise<void> => {
    const objectPath = (req.url ?? '/').split('?')[0] ?? '/';
    const previous = keyLocks.get(objectPath) ?? Promise.resolve();
    let unlock!: () => void;
    const mine = new Promise<void>((resolve) => (unlock = resolve));
    const tail = previous.then(() => mine);
    keyLocks.set(objectPath, tail);
    await previous;
    try {
      if (await objectExists(objectPath)) {
        counters.preconditionFailed += 1;
        await drain(req);
        sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      } else {
        await forward(req, res, fault);
      }
    } finally {
      unlock();
      if (keyLocks.get(objectPath) === tail) keyLocks.delete(objectPath);
    }
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      counters.requests += 1;
      const plan = faults;
      const eligible = !plan.methods || plan.methods.includes(req.method ?? '');
      if (eligible && plan.delayMs) {
        counters.delayed += 1;
        await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
      }
      const roll = eligible ? random() : 1;
      const failRate = plan.failRate ?? 0;
      const resetRate = plan.resetRate ?? 0;
      if (roll < failRate) {
        const statuses = plan.statuses ?? [500, 503];
        const status = statuses[Math.floor(random() * statuses.length)] ?? 500;
        counters.failed[status] = (counters.failed[status] ?? 0) + 1;
        await drain(req);
        sendError(res, status, status === 503 ? 'SlowDown' : 'InternalError', 'injected fault');
        return;
      }
      if (roll < failRate + resetRate) {
        counters.resets += 1;
        req.socket.destroy();
        return;
      }
      const afterRoll = eligible ? random() : 1;
      const dropRate = plan.dropResponseRate ?? 0;
      const fault: ResponseFault =
        afterRoll < dropRate ? 'drop' : afterRoll < dropRate + (plan.truncateRate ?? 0) ? 'truncate' : 'none';
      const listing = options.listObjects ? listRequest(req) : undefined;
      if (listing && options.listObjects) await answerListing(res, listing, options.listObjects);
      else if (req.method === 'PUT' && req.headers['if-none-match'] === '*') await conditionalPut(req, res, fault);
      else await forward(req, res, fault);
    })().catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) sendError(res, 502, 'ProxyError', `proxy: ${message}`);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setFaults(next) {
      faults = next;
      random = seededRandom(next.seed ?? 1);
    },
    counters: () => structuredClone(counters),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

interface ListRequest {
  bucket: string;
  prefix: string;
  startAfter: string;
  /** The token the client sent back, echoed in the response. */
  token: string | undefined;
  maxKeys: number;
}

/** A plain ListObjectsV2 call (no delimiter, no URL encoding), which is all our S3Store issues. */
function listRequest(req: http.IncomingMessage): ListRequest | undefined {
  if (req.method !== 'GET') return undefined;
  const url = new URL(req.url ?? '/', 'http://proxy');
  const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  const q = url.searchParams;
  if (!bucket || q.get('list-type') !== '2' || q.has('delimiter') || q.has('encoding-type')) return undefined;
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = token !== undefined ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '');
  const maxKeys = Math.min(1000, Number(q.get('max-keys') ?? 1000));
  return { bucket, prefix: q.get('prefix') ?? '', startAfter, token, maxKeys };
}

async function answerListing(
  res: http.ServerResponse,
  list: ListRequest,
  listObjects: ObjectLister,
): Promise<void> {
  const found = await listObjects(list.bucket, list.prefix);
  if (!found) {
    sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    return;
  }
  const all = found
    .filter((o) => o.key.startsWith(list.prefix) && byteOrder(o.key, list.startAfter) > 0)
    .sort((a, b) => byteOrder(a.key, b.key));
  const page = all.slice(0, list.maxKeys);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  const contents = page
    .map(
      (o) =>
        `<Contents><Key>${xml(o.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>` +
        `<ETag>${xml(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Name>${xml(list.bucket)}</Name><Prefix>${xml(list.prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
    `<MaxKeys>${list.maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
    (list.token !== undefined ? `<ContinuationToken>${xml(list.token)}</ContinuationToken>` : '') +
    (truncated && last ? `<NextContinuationToken>${Buffer.from(last.key).toString('base64url')}</NextContinuationToken>` : '') +
    `${contents}</ListBucketResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** S3 lists keys in UTF-8 byte order. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function emptyCounters(): ProxyCounters {
  return { requests: 0, forwarded: 0, failed: {}, resets: 0, dropped: 0, truncated: 0, delayed: 0, preconditionFailed: 0 };
}

/** Send the first `keep` bytes, then drop the connection as a failing network would. */
function pipeTruncated(from: http.IncomingMessage, to: http.ServerResponse, keep: number): void {
  let sent = 0;
  from.on('data', (chunk: Buffer) => {
    if (sent >= keep) return;
    const part = chunk.subarray(0, keep - sent);
    sent += part.length;
    to.write(part);
    if (sent >= keep) {
      from.destroy();
      // Let the written bytes leave before the reset, so the client sees a short body, not an empty one.
      to.socket?.end(() => to.socket?.destroy());
    }
  });
}

function drain(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

