import { QueryInputError } from './errors.js';

/**
 * Event cursors. Events are totally ordered by (timestamp, source, landing object, line number, event type):
 * a line is read once per landing object and yields at most one event of a type, so the key is unique and
 * stable across requests and commits. The cursor is that key, base64url-encoded: opaque to clients, and
 * keyset pagination (`key > cursor`) never skips or repeats a row even when new data lands between pages.
 */
export interface EventKey {
  timestamp: number;
  source: string;
  landingObject: string;
  lineNumber: number;
  eventType: string;
}

const VERSION = 1;

export function encodeCursor(key: EventKey): string {
  const tuple = [VERSION, key.timestamp, key.source, key.landingObject, key.lineNumber, key.eventType];
  return Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): EventKey {
  const invalid = (): QueryInputError =>
    new QueryInputError(field, `"${abbreviate(cursor)}" is not a cursor issued by this server: use pageInfo.endCursor of the previous page`);
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw invalid();
  let tuple: unknown;
  try {
    tuple = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(tuple) || tuple.length !== 6 || tuple[0] !== VERSION) throw invalid();
  const [, timestamp, source, landingObject, lineNumber, eventType] = tuple as unknown[];
  if (
    typeof timestamp !== 'number' || !Number.isFinite(timestamp) ||
    typeof source !== 'string' || typeof landingObject !== 'string' ||
    typeof lineNumber !== 'number' || !Number.isInteger(lineNumber) ||
    typeof eventType !== 'string'
  ) {
    throw invalid();
  }
  return { timestamp, source, landingObject, lineNumber, eventType };
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
