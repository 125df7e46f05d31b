/**
 * API abuse against the real gateway over HTTP: a catalogue of bad requests, each with the status and error code
 * it must get, sent one by one and then as a burst; afterwards `/health` and a good query must still answer
 * correctly and the server's memory must be back near where it started.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import type { ServerChildMessage, ServerChildOptions } from './server-child.js';

export const API_KEY = 'reliability-key-0123456789';
const WINDOW = 'from: "2026-11-20T00:00:00Z", to: "2026-11-20T23:00:00Z"';
export const GOOD_QUERY = '{ whoHad(ip: "10.0.0.5", at: "2026-11-20T10:30:00Z") { userName } }';
export const GOOD_ANSWER = { whoHad: [{ userName: 'CORP\\alice' }, { userName: 'carol@corp.example' }] };

export interface AbuseRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Leave the API key out (authentication cases). */
  anonymous?: boolean;
}

export interface AbuseCase {
  name: string;
  request: AbuseRequest;
  status: number;
  /** errors[0].extensions.code, when the answer is a GraphQL error body. */
  code?: string;
  /** errors[0].extensions.limit for armor rejections. */
  limit?: string;
}

const json = (value: unknown): AbuseRequest => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
const query = (text: string, variables?: unknown): AbuseRequest => json({ query: text, variables });
const nest = (depth: number): string => `{ user(name: "alice", ${WINDOW}) ${'{ macs { ips { users '.repeat(depth)}{ name }${' } } }'.repeat(depth)} }`;

/**
 * Every bad request the gateway must refuse, and how. Known wrong answers are left out until fixed and tested in
 * pending/gateway-input-errors.pending.ts: mutation/subscription operations, a NUL in a filter string and
 * ISO extended years all get INTERNAL_SERVER_ERROR today.
 */
export function abuseCatalogue(): AbuseCase[] {
  const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
  const invalid = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };
  const badInput = { status: 200, code: 'BAD_USER_INPUT' };
  return [
    // Authentication: no key, wrong key, malformed header, every route that serves data.
    { name: 'no API key', request: { ...query(GOOD_QUERY), anonymous: true }, ...unauthenticated },
    { name: 'wrong API key', request: { ...query(GOOD_QUERY), anonymous: true, headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-key-0000000000000' } }, ...unauthenticated },
    { name: 'key without Bearer', request: { ...query(GOOD_QUERY), anonymous: true, headers: { 'content-type': 'application/json', authorization: API_KEY } }, ...unauthenticated },
    { name: 'key as Basic auth', request: { ...query(GOOD_QUERY), anonymous: true, headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`x:${API_KEY}`).toString('base64')}` } }, ...unauthenticated },
    { name: 'key prefix only', request: { ...query(GOOD_QUERY), anonymous: true, headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY.slice(0, -1)}` } }, ...unauthenticated },
    { name: 'GET without key', request: { method: 'GET', path: `/graphql?query=${encodeURIComponent(GOOD_QUERY)}`, anonymous: true }, ...unauthenticated },
    { name: 'metrics without key', request: { method: 'GET', path: '/metrics', anonymous: true }, status: 401 },
    // Query shape limits.
    { name: 'too deep', request: query(nest(4)), ...invalid, limit: 'maxDepth' },
    { name: 'too many aliases', request: query(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: pipeline { watermark }`).join(' ')} }`), ...invalid, limit: 'maxAliases' },
    { name: 'too costly', request: query(`{ ips(addresses: [${Array.from({ length: 50 }, (_, i) => `"10.1.0.${i + 1}"`).join(',')}], ${WINDOW}) { events(first: 1000) { edges { node { ip } } } } }`), ...invalid, limit: 'maxCost' },
    { name: 'too many tokens', request: query(`{ ${Array.from({ length: 3000 }, () => '__typename').join(' ')} }`), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'too many directives', request: query(`{ __typename ${'@skip(if: false) '.repeat(60)}}`), ...invalid, limit: 'maxDirectives' },
    { name: 'fragment cycle', request: query('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), ...invalid },
    { name: 'body over 1 MB', request: query(`{ __typename } # ${'x'.repeat(1_100_000)}`), status: 413, code: 'BAD_REQUEST' },
    // Arguments.
    { name: 'window of 26 years', request: query(`{ ip(address: "10.0.0.5", from: "2000-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { ip } }`), ...badInput },
    { name: 'from after to', request: query(`{ ip(address: "10.0.0.5", from: "2026-11-21T00:00:00Z", to: "2026-11-20T00:00:00Z") { ip } }`), ...badInput },
    { name: 'invalid IP', request: query('{ whoHad(ip: "999.1.1.1", at: "2026-11-20T10:00:00Z") { ip } }'), ...badInput },
    { name: 'IP with injection', request: query(`{ whoHad(ip: "10.0.0.5' OR '1'='1", at: "2026-11-20T10:00:00Z") { ip } }`), ...badInput },
    { name: 'invalid date-time', request: query('{ whoHad(ip: "10.0.0.5", at: "yesterday") { ip } }'), ...badInput },
    { name: 'invalid MAC', request: query(`{ mac(address: "zz:zz:zz:zz:zz:zz", ${WINDOW}) { mac } }`), ...badInput },
    { name: 'huge first', request: query(`{ events(filter: { ${WINDOW} }, first: 1000000) { totalCount } }`), ...invalid, limit: 'maxCost' },
    { name: 'first over the cap', request: query(`{ events(filter: { ${WINDOW} }, first: 1001) { totalCount } }`), ...badInput },
    { name: 'Int overflow', request: query(`{ events(filter: { ${WINDOW} }, first: 99999999999) { totalCount } }`), ...invalid },
    { name: 'forged cursor', request: query(`{ events(filter: { ${WINDOW} }, after: "eyJ4IjoxfQ==") { totalCount } }`), ...badInput },
    { name: '600 addresses', request: query(`{ ips(addresses: [${Array.from({ length: 600 }, (_, i) => `"10.2.${i >> 8}.${i & 255}"`).join(',')}], ${WINDOW}) { ip } }`), ...badInput },
    { name: 'variable of the wrong type', request: query('query($ip: IPAddress!) { whoHad(ip: $ip, at: "2026-11-20T10:00:00Z") { ip } }', { ip: { $gt: '' } }), status: 400, code: 'BAD_USER_INPUT' },
    { name: 'prototype pollution in variables', request: json({ query: 'query($ip: IPAddress!) { whoHad(ip: $ip, at: "2026-11-20T10:00:00Z") { ip } }', variables: JSON.parse('{"ip":"10.0.0.5","__proto__":{"polluted":true}}') }), status: 200 },
    // Documents and bodies.
    { name: 'not GraphQL', request: query('{ whoHad('), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'unknown field', request: query('{ secrets }'), ...invalid },
    { name: 'malformed JSON', request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' }, status: 400, code: 'BAD_REQUEST' },
    { name: 'JSON that is not an object', request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"{ __typename }"' }, status: 400 },
    { name: 'batched array', request: json([{ query: '{ __typename }' }, { query: '{ __typename }' }]), status: 400 },
    { name: 'no query', request: json({ variables: {} }), status: 400 },
    { name: 'variables as a string', request: json({ query: '{ __typename }', variables: 'x' }), status: 400 },
    { name: 'deeply nested JSON', request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"{ __typename }","extensions":${'['.repeat(50_000)}${']'.repeat(50_000)}}` }, status: 400 },
    { name: 'invalid UTF-8 body', request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat([Buffer.from('{"query":"{ __typename '), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(' }"}')]) }, status: 400 },
    { name: 'text/plain body', request: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: GOOD_QUERY }) }, status: 400 },
    { name: 'form body', request: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(GOOD_QUERY)}` }, status: 400 },
    { name: 'no content type', request: { method: 'POST', body: JSON.stringify({ query: GOOD_QUERY }) }, status: 400 },
    { name: 'unknown operation name', request: json({ query: 'query A { __typename }', operationName: 'B' }), status: 400 },
    { name: 'PUT', request: { method: 'PUT', body: 'x' }, status: 405, code: 'BAD_REQUEST' },
    { name: 'DELETE', request: { method: 'DELETE' }, status: 405, code: 'BAD_REQUEST' },
    { name: 'unknown path', request: { method: 'GET', path: '/../../etc/passwd' }, status: 404 },
    { name: 'header over 16 KB', request: { ...query('{ __typename }'), headers: { 'content-type': 'application/json', 'x-junk': 'j'.repeat(20_000) } }, status: 431 },
  ];
}

export interface AbuseResponse {
  status: number;
  code: string | undefined;
  limit: string | undefined;
  body: string;
}

/** Send one request; network failures are reported as status 0 (a refused or reset connection). */
export async function send(url: string, request: AbuseRequest): Promise<AbuseResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (!request.anonymous) headers.authorization = `Bearer ${API_KEY}`;
  let response: Response;
  try {
    response = await fetch(`${url}${request.path ?? '/graphql'}`, { method: request.method ?? 'POST', headers, body: request.body });
  } catch (err) {
    return { status: 0, code: undefined, limit: undefined, body: err instanceof Error ? err.message : String(err) };
  }
  const body = await response.text();
  let parsed: { errors?: { extensions?: { code?: string; limit?: string } }[] } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Non-JSON bodies (metrics, Node's own 431) have no code.
  }
  const error = parsed.errors?.[0];
  return { status: response.status, code: error?.extensions?.code, limit: error?.extensions?.limit, body };
}

/** Why a response does not match its case, or undefined when it does. */
export function mismatch(c: AbuseCase, r: AbuseResponse): string | undefined {
  const problems: string[] = [];
  if (r.status !== c.status) problems.push(`status ${r.status}, expected ${c.status}`);
  if (c.code !== undefined && r.code !== c.code) problems.push(`code ${r.code}, expected ${c.code}`);
  if (c.limit !== undefined && r.limit !== c.limit) problems.push(`limit ${r.limit}, expected ${c.limit}`);
  if (c.status === 401 && (r.body.includes('"data"') || r.body.includes('alice'))) problems.push('a refused request carries data');
  return problems.length > 0 ? `${c.name}: ${problems.join('; ')} (body ${r.body.slice(0, 200)})` : undefined;
}

export interface ServerChild {
  url: string;
  /** Memory after a full GC in the server process. */
  memory(): Promise<NodeJS.MemoryUsage>;
  close(): Promise<void>;
}

/** Start the gateway in a child process (with --expose-gc) on a lake directory. */
export function startServerChild(options: ServerChildOptions): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path.join(repoRoot, 'test', 'reliability', 'server-child.ts'), [JSON.stringify(options)], {
      cwd: repoRoot,
      execArgv: ['--expose-gc', '--import', 'tsx'],
      env: { ...process.env, IPLAKE_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const early = (code: number | null): void => reject(new Error(`server child exited (${code}) before listening: ${stderr}`));
    child.once('exit', early);
    child.once('message', (first: ServerChildMessage) => {
      if (!('url' in first)) return reject(new Error('server child: expected its URL first'));
      child.off('exit', early);
      resolve({
        url: first.url,
        memory: () =>
          new Promise((done) => {
            child.once('message', (m: ServerChildMessage) => done('memory' in m ? m.memory : process.memoryUsage()));
            child.send('memory');
          }),
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('close');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      });
    });
  });
}

export interface BurstFigures {
  requests: number;
  concurrency: number;
  /** Responses that did not get their case's status/code (must be 0). */
  wrong: number;
  byStatus: Record<string, number>;
  firstProblems: string[];
  wallMs: number;
}

/** `count` requests drawn round-robin from the catalogue, `concurrency` in flight. */
export async function burst(url: string, cases: readonly AbuseCase[], count: number, concurrency: number): Promise<BurstFigures> {
  const figures: BurstFigures = { requests: 0, concurrency, wrong: 0, byStatus: {}, firstProblems: [], wallMs: 0 };
  const started = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const c = cases[next % cases.length] as AbuseCase;
      next += 1;
      const r = await send(url, c.request);
      figures.requests += 1;
      figures.byStatus[r.status] = (figures.byStatus[r.status] ?? 0) + 1;
      const problem = mismatch(c, r);
      if (problem) {
        figures.wrong += 1;
        if (figures.firstProblems.length < 10) figures.firstProblems.push(problem);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  figures.wallMs = Date.now() - started;
  return figures;
}
