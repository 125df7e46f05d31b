import type { ByteSink } from './byte-sink.js';

/**
 * A minimal Thrift compact-protocol writer: just what a Parquet footer and page header need (structs,
 * i32/i64, binary, bool, lists of structs, i32s and strings), written straight into a ByteSink.
 */

/** Compact-protocol type ids of a field or list element. */
const T_TRUE = 1;
const T_FALSE = 2;
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

export class CompactWriter {
  /** Last field id of each open struct (field headers are delta-encoded against it). */
  private readonly lastField: number[] = [0];

  constructor(readonly out: ByteSink) {}

  i32(id: number, value: number): this {
    this.fieldHeader(id, T_I32);
    this.out.varint(zigzag32(value));
    return this;
  }

  i64(id: number, value: number): this {
    this.fieldHeader(id, T_I64);
    this.varint64(value);
    return this;
  }

  bool(id: number, value: boolean): this {
    this.fieldHeader(id, value ? T_TRUE : T_FALSE);
    return this;
  }

  /** A binary field holding bytes [start, end) of `source`. */
  binary(id: number, source: Uint8Array, start = 0, end = source.length): this {
    this.fieldHeader(id, T_BINARY);
    this.out.varint(end - start);
    this.out.append(source, start, end);
    return this;
  }

  string(id: number, value: string): this {
    this.fieldHeader(id, T_BINARY);
    this.rawString(value);
    return this;
  }

  /** Open a nested struct field; close it with end(). */
  struct(id: number): this {
    this.fieldHeader(id, T_STRUCT);
    this.lastField.push(0);
    return this;
  }

  /** Close the innermost struct. */
  end(): this {
    if (this.lastField.length < 2) throw new Error('thrift: end() without an open struct');
    this.out.u8(0);
    this.lastField.pop();
    return this;
  }

  /** End the top-level struct; the writer can then start the next one. */
  stop(): void {
    if (this.lastField.length !== 1) throw new Error(`thrift: ${this.lastField.length - 1} structs left open`);
    this.out.u8(0);
    this.lastField[0] = 0;
  }

  /** A list of structs: `each` writes the fields of one element (the element is closed for it). */
  structList<T>(id: number, items: readonly T[], each: (w: this, item: T) => void): this {
    this.listHeader(id, T_STRUCT, items.length);
    for (const item of items) {
      this.lastField.push(0);
      each(this, item);
      this.out.u8(0);
      this.lastField.pop();
    }
    return this;
  }

  i32List(id: number, items: readonly number[]): this {
    this.listHeader(id, T_I32, items.length);
    for (const item of items) this.out.varint(zigzag32(item));
    return this;
  }

  stringList(id: number, items: readonly string[]): this {
    this.listHeader(id, T_BINARY, items.length);
    for (const item of items) this.rawString(item);
    return this;
  }

  private rawString(value: string): void {
    this.out.varint(Buffer.byteLength(value, 'utf8'));
    this.out.utf8(value);
  }

  private listHeader(id: number, element: number, size: number): void {
    this.fieldHeader(id, T_LIST);
    if (size < 15) this.out.u8((size << 4) | element);
    else {
      this.out.u8(0xf0 | element);
      this.out.varint(size);
    }
  }

  private fieldHeader(id: number, type: number): void {
    const depth = this.lastField.length - 1;
    const delta = id - (this.lastField[depth] as number);
    if (delta > 0 && delta <= 15) this.out.u8((delta << 4) | type);
    else {
      this.out.u8(type);
      this.out.varint(zigzag32(id));
    }
    this.lastField[depth] = id;
  }

  /** Zigzag varint of a safe integer (offsets, sizes and counts of a file never leave that range). */
  private varint64(value: number): void {
    if (value >= 0 && value < 2 ** 30) {
      this.out.varint(value * 2);
      return;
    }
    let v = BigInt(value);
    v = v >= 0n ? v << 1n : (-v << 1n) - 1n;
    while (v > 0x7fn) {
      this.out.u8(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.u8(Number(v));
  }
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}
