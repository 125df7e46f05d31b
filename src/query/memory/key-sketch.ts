import type { EntityKind } from '../types.js';

/**
 * Rows per chunk: the unit the memory index loads and keeps. It matches the gold writer's Parquet row groups
 * (2,048 rows), so reading one chunk through `file_row_number` touches one row group.
 */
export const CHUNK_ROWS = 2048;

/** Entity keys a request asks about: lets the index keep only the chunks that can hold them. */
export interface KeyHint {
  kind: EntityKind;
  values: readonly string[];
}

/** Key columns of both gold tables, in sketch order (user questions match on the normalised UserKey). */
export const SKETCH_COLUMNS: Record<EntityKind, string> = { ip: 'IpAddress', mac: 'MacAddress', user: 'UserKey' };
const KINDS: readonly EntityKind[] = ['ip', 'mac', 'user'];

/** DuckDB's hash of a VARCHAR folded to 32 bits: keys and column values are hashed by the same expression. */
export function hashExpression(expression: string): string {
  return `(hash(${expression}) % 4294967296)::UINTEGER`;
}

/** Bits per distinct key of each chunk filter: ≈ 2 % false positives with three probes. */
const BITS_PER_KEY = 8;
const PROBES = 3;

/** One key column's filters: chunk c owns bits [offsets[c], offsets[c + 1]). */
interface ColumnFilters {
  bits: Uint8Array;
  offsets: Float64Array;
}

/**
 * Per-chunk Bloom filters of a gold file's IP, MAC and user key (hashed by DuckDB), built once per immutable
 * file from three hashed columns (cheap to read, unlike the strings) and kept. Filters are sized by the distinct
 * keys of each chunk (rows of one IP, MAC or user cluster in IP-sorted gold), about a byte per distinct key, so
 * the index can tell which chunks of a wide window may hold a key without holding the rows. No false negatives:
 * a chunk it rules out holds no row with the key.
 */
export class KeySketch {
  readonly chunks: number;
  readonly bytes: number;

  private constructor(
    readonly rows: number,
    private readonly filters: Record<EntityKind, ColumnFilters>,
  ) {
    this.chunks = Math.ceil(rows / CHUNK_ROWS);
    let bytes = 128;
    for (const kind of KINDS) bytes += filters[kind].bits.byteLength + filters[kind].offsets.byteLength;
    this.bytes = bytes;
  }

  /** Build from the hashed key columns in SKETCH_COLUMNS order (ip, mac, user), rows as stored. */
  static build(hashes: readonly (readonly unknown[])[]): KeySketch {
    const rows = hashes[0]?.length ?? 0;
    const chunks = Math.ceil(rows / CHUNK_ROWS);
    const filters = {} as Record<EntityKind, ColumnFilters>;
    KINDS.forEach((kind, c) => {
      const column = hashes[c] ?? [];
      const distinct: Set<number>[] = [];
      const offsets = new Float64Array(chunks + 1);
      for (let chunk = 0; chunk < chunks; chunk += 1) {
        const keys = new Set<number>();
        for (let row = chunk * CHUNK_ROWS; row < Math.min(rows, (chunk + 1) * CHUNK_ROWS); row += 1) keys.add(Number(column[row] ?? 0));
        distinct.push(keys);
        const size = Math.max(64, Math.ceil((keys.size * BITS_PER_KEY) / 8) * 8);
        offsets[chunk + 1] = (offsets[chunk] as number) + size;
      }
      const bits = new Uint8Array((offsets[chunks] as number) / 8);
      distinct.forEach((keys, chunk) => {
        const base = offsets[chunk] as number;
        const size = (offsets[chunk + 1] as number) - base;
        for (const h of keys) {
          probe(h, size, (bit) => {
            const at = base + bit;
            bits[at >>> 3] = (bits[at >>> 3] as number) | (1 << (at & 7));
            return true;
          });
        }
      });
      filters[kind] = { bits, offsets };
    });
    return new KeySketch(rows, filters);
  }

  /** Chunks that may hold a row with one of the hashed keys (ascending). */
  candidates(kind: EntityKind, keyHashes: readonly number[]): number[] {
    const { bits, offsets } = this.filters[kind];
    const out: number[] = [];
    for (let chunk = 0; chunk < this.chunks; chunk += 1) {
      const base = offsets[chunk] as number;
      const size = (offsets[chunk + 1] as number) - base;
      const hit = keyHashes.some((h) => probe(h, size, (bit) => {
        const at = base + bit;
        return ((bits[at >>> 3] as number) & (1 << (at & 7))) !== 0;
      }));
      if (hit) out.push(chunk);
    }
    return out;
  }
}

/** Visits the filter bits of a hash (double hashing) while `visit` returns true; true when all were visited. */
function probe(hash: number, size: number, visit: (bit: number) => boolean): boolean {
  const h1 = hash >>> 0;
  const h2 = (((h1 >>> 15) | (h1 << 17)) ^ 0x85ebca6b) >>> 0;
  for (let i = 0; i < PROBES; i += 1) {
    if (!visit(((h1 + Math.imul(i, h2)) >>> 0) % size)) return false;
  }
  return true;
}
