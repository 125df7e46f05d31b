import type { CellValue } from '../engine/column-types.js';
import { compareBytewise } from './compare.js';

/**
 * Tracks whether a partition's rows arrive in strictly increasing `sortBy` order, so its COPY can skip the
 * ORDER BY: a sort holds the whole partition in DuckDB's memory, a plain COPY streams it (bronze arrives in
 * (LandingObject, LineNumber) order). Strict (no ties) so the sorted order is unique and the file holds the
 * rows exactly as ORDER BY would put them. Only strings and finite numbers are judged; a NULL, NaN, bigint,
 * boolean or binary key marks the rows unordered (the sort then runs, as before).
 */
export class InputOrder {
  /** False once two rows were seen out of order (or with a key not judged). */
  ordered = true;
  private last: CellValue[] | undefined;

  /** Note the next row; `keys` are the sortBy column indexes. Cheap once unordered. */
  note(row: readonly CellValue[], keys: readonly number[]): void {
    if (!this.ordered) return;
    if (keys.length === 0) {
      this.ordered = false;
      return;
    }
    const last = this.last;
    let key: CellValue[];
    if (last === undefined) {
      key = new Array<CellValue>(keys.length);
      for (let k = 0; k < keys.length; k += 1) {
        const value = row[keys[k] as number] ?? null;
        if (!judged(value)) {
          this.ordered = false;
          return;
        }
        key[k] = value;
      }
      this.last = key;
      return;
    }
    // Compare with the previous key; the first differing column decides, all equal is a tie (unordered).
    let decided = false;
    for (let k = 0; k < keys.length; k += 1) {
      const value = row[keys[k] as number] ?? null;
      if (!judged(value)) {
        this.ordered = false;
        return;
      }
      if (decided) {
        last[k] = value;
        continue;
      }
      const previous = last[k] as string | number;
      if (value === previous) continue;
      if (typeof value !== typeof previous) {
        this.ordered = false;
        return;
      }
      const order = typeof value === 'string' ? compareBytewise(previous as string, value) : (previous as number) - value;
      if (order > 0) {
        this.ordered = false;
        return;
      }
      decided = true;
      last[k] = value;
    }
    if (!decided) this.ordered = false;
  }
}

function judged(value: CellValue): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
