import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API key check for `Authorization: Bearer <key>`. Keys are compared as SHA-256 digests with
 * timingSafeEqual, so neither a key's content nor its length leaks through response timing.
 */
export type Authenticator = (authorization: string | undefined) => boolean;

export function createAuthenticator(keys: readonly string[]): Authenticator {
  if (keys.length === 0) return () => true;
  const digests = keys.map(digest);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return false;
    const offered = digest(match[1] as string);
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, offered) || ok;
    return ok;
  };
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
