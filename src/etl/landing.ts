import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ObjectStore } from '../storage/types.js';
import type { ObjectPosition } from './object-range.js';
import { landingSources, type LandingSource } from './options.js';

/** A landing object picked for a run; everything the run needs to process it deterministically. */
export interface LandingObject {
  key: string;
  source: LandingSource;
  size: number;
  /** Epoch ms; anchors year-less syslog clocks and is stored in bronze. */
  ingestTime: number;
  /** Where this run starts reading it, when an earlier run read its beginning (absent: from the start). */
  start?: ObjectPosition;
  /**
   * Decompressed bytes this run reads of it at most, give or take the rest of a message: set when the object is
   * larger than a run (absent: read to the end). The run stops at a line boundary past it (see object-range.ts).
   */
  budget?: number;
}

export const landingPrefix = (source: LandingSource): string => `landing/${source}/`;

/** Keys written by `ingestFiles` carry their ingest time, so it survives copies between stores. */
const INGESTED_KEY = /\/(\d{13})-[0-9a-f]{8}-[^/]*$/;

export function sourceOfKey(key: string): LandingSource | undefined {
  return landingSources.find((source) => key.startsWith(landingPrefix(source)));
}

/**
 * Copy local files into the landing area under unique keys (`landing/<source>/<day>/<ms>-<random>-<name>`).
 * The copy is streamed and published atomically by the store, so the ETL never sees half a file.
 */
export async function ingestFiles(
  store: ObjectStore,
  source: LandingSource,
  files: readonly string[],
  now: () => number = Date.now,
): Promise<string[]> {
  if (!landingSources.includes(source)) {
    throw new Error(`ingest: unknown source ${JSON.stringify(source)}; expected one of ${landingSources.join(', ')}`);
  }
  const keys: string[] = [];
  for (const file of files) {
    const time = now();
    const day = new Date(time).toISOString().slice(0, 10);
    const name = path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_') || 'unnamed';
    const key = `${landingPrefix(source)}${day}/${time}-${randomBytes(4).toString('hex')}-${name}`;
    try {
      await store.putFile(key, file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`ingest: cannot copy ${file} to ${store.uri}/${key}: ${message}`, { cause: err });
    }
    keys.push(key);
  }
  return keys;
}

/** Every landing object not yet consumed, in key order (the order a run processes them). */
export async function discoverLanding(
  store: ObjectStore,
  isConsumed: (key: string) => boolean,
): Promise<LandingObject[]> {
  const found: LandingObject[] = [];
  for (const source of landingSources) {
    for await (const info of store.list(landingPrefix(source))) {
      if (info.key.endsWith('/') || isConsumed(info.key)) continue;
      found.push({ key: info.key, source, size: info.size, ingestTime: ingestTimeOf(info.key, info.lastModified) });
    }
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function ingestTimeOf(key: string, lastModified: Date): number {
  const match = INGESTED_KEY.exec(key);
  if (match?.[1]) return Number(match[1]);
  // Objects from other shippers: the store's time, truncated to whole seconds (S3 reports seconds).
  return Math.floor(lastModified.getTime() / 1000) * 1000;
}
