import { hash } from 'node:crypto';
import type { IntervalSource } from './types.js';

/**
 * IntervalId = first 32 hex digits of SHA-256 over the JSON array [source, ip, mac, start (epoch ms), sessionId].
 * These are the fields that never change while an interval grows (End, Evidence and the user may), so a later
 * RENEW or late STOP rewrites the same id and the pipeline can replace the old copies.
 */
export function intervalIdOf(
  source: IntervalSource,
  ip: string,
  mac: string | null,
  start: number,
  sessionId: string | null,
): string {
  // One-shot hash(): no Hash object per interval, which matters at 10^5 intervals per run.
  return hash('sha256', JSON.stringify([source, ip, mac, start, sessionId]), 'hex').slice(0, 32);
}
