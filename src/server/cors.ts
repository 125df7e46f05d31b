import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser dashboards on other origins. Off unless origins are configured; `*` allows any origin
 * (safe here: auth is a bearer header, never a cookie, so no credentials are implied).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const origin = req.headers.origin;
  if (!origin) return;
  if (origins.includes('*')) {
    res.setHeader('access-control-allow-origin', '*');
  } else if (origins.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  } else {
    return;
  }
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'authorization, content-type, x-request-id, apollo-require-preflight');
  res.setHeader('access-control-expose-headers', 'x-request-id');
  res.setHeader('access-control-max-age', '600');
}
