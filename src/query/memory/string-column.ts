import { compareBytewise } from '../../table/index.js';

/**
 * A string column interned per file: each row holds a code into a dictionary sorted in UTF-8 byte order
 * (the order of DuckDB's VARCHAR), so codes compare like the strings they stand for and a value is found
 * by binary search. Code 0 is null; code i + 1 is values[i].
 */
export class StringColumn {
  private constructor(
    readonly codes: Uint32Array,
    readonly values: readonly string[],
  ) {}

  static build(raw: readonly unknown[]): StringColumn {
    const distinct = new Set<string>();
    for (const v of raw) if (typeof v === 'string') distinct.add(v);
    const values = [...distinct].sort(compareBytewise);
    const codeOf = new Map<string, number>();
    values.forEach((v, i) => codeOf.set(v, i + 1));
    const codes = new Uint32Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) {
      const v = raw[i];
      codes[i] = typeof v === 'string' ? (codeOf.get(v) as number) : 0;
    }
    return new StringColumn(codes, values);
  }

  value(row: number): string | null {
    const code = this.codes[row] as number;
    return code === 0 ? null : (this.values[code - 1] as string);
  }

  /** The row value, for columns the schema declares NOT NULL. */
  text(row: number): string {
    return this.values[(this.codes[row] as number) - 1] ?? '';
  }

  /** The code of a value, or -1 when no row holds it. */
  codeOf(value: string): number {
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytewise(this.values[mid] as string, value);
      if (c === 0) return mid + 1;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Approximate heap bytes: codes plus the dictionary's strings (V8 keeps one-byte strings at 1 byte per char). */
  get bytes(): number {
    let sum = this.codes.byteLength + 16 * this.values.length;
    for (const v of this.values) sum += v.length + 16;
    return sum;
  }
}

/**
 * Rows per dictionary code, in row order (CSR layout: rows[offsets[c] .. offsets[c + 1]) hold code c):
 * the hash from an IP, MAC or user key to its rows, without a Map per file.
 */
export class Postings {
  private constructor(
    private readonly offsets: Uint32Array,
    private readonly rows: Uint32Array,
  ) {}

  static build(column: StringColumn): Postings {
    const offsets = new Uint32Array(column.values.length + 2);
    for (const code of column.codes) offsets[code + 1] = (offsets[code + 1] as number) + 1;
    for (let c = 1; c < offsets.length; c += 1) offsets[c] = (offsets[c] as number) + (offsets[c - 1] as number);
    const next = offsets.slice(0, -1);
    const rows = new Uint32Array(column.codes.length);
    column.codes.forEach((code, row) => {
      rows[next[code] as number] = row;
      next[code] = (next[code] as number) + 1;
    });
    return new Postings(offsets, rows);
  }

  /** Rows holding `code` (ascending); empty for -1 and for null (code 0 is never looked up by value). */
  rowsOf(code: number): Uint32Array {
    if (code <= 0) return EMPTY;
    return this.rows.subarray(this.offsets[code] as number, this.offsets[code + 1] as number);
  }

  get bytes(): number {
    return this.offsets.byteLength + this.rows.byteLength;
  }
}

const EMPTY = new Uint32Array(0);
