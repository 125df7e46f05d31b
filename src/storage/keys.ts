import { StorageError } from './types.js';

/** Validate an object key: relative, '/'-separated, no empty, '.' or '..' segments. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.startsWith('/') || key.includes('\\') || key.includes('\0')) {
    throw new StorageError('INVALID_KEY', `storage: invalid object key ${JSON.stringify(key)}`);
  }
  for (const segment of key.split('/')) {
    if (segment === '.' || segment === '..') {
      throw new StorageError('INVALID_KEY', `storage: object key ${JSON.stringify(key)} contains a '${segment}' segment`);
    }
  }
}

/** Join key segments with '/', dropping empty parts. */
export function joinKey(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');
}
