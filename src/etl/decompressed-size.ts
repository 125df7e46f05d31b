import type { ObjectStore } from '../storage/types.js';

/**
 * How many bytes a landing object holds once decompressed: what a run reads, parses and buffers, so what
 * `maxBytesPerRun` must count. A gzip object's stored size says little (syslog compresses 10–20×); its trailer
 * does: ISIZE, the last four bytes, is the uncompressed size modulo 2^32. Read with two small ranged reads.
 *
 * ISIZE covers the last gzip member only and wraps at 4 GiB; when it is smaller than the stored size (no real
 * log compresses that badly) the object is counted as `size × fallbackRatio` instead, so an odd object errs on
 * the side of a smaller run.
 */
export async function decompressedSize(store: ObjectStore, key: string, size: number, fallbackRatio: number): Promise<number> {
  if (size < GZIP_MIN_BYTES) return size;
  const head = await store.getRange(key, 0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return size;
  const tail = await store.getRange(key, size - 4, size);
  if (tail.length < 4) return size * fallbackRatio;
  const isize = ((tail[0] as number) | ((tail[1] as number) << 8) | ((tail[2] as number) << 16) | ((tail[3] as number) << 24)) >>> 0;
  return isize >= size ? isize : size * fallbackRatio;
}

/** Header (10) and trailer (8) of the smallest gzip member. */
const GZIP_MIN_BYTES = 18;
