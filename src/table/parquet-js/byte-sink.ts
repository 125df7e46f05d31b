/**
 * A growable byte buffer with little-endian writers. A small Parquet file is built in one reused sink and
 * copied out once: V8 typed-array allocations cost about a microsecond each, which would otherwise be
 * most of the cost of a one-row file (several buffers per column).
 */
export class ByteSink {
  bytes: Buffer;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  reset(): void {
    this.length = 0;
  }

  ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  u32(value: number): void {
    this.ensure(4);
    this.bytes.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  i32(value: number): void {
    this.ensure(4);
    this.bytes.writeInt32LE(value, this.length);
    this.length += 4;
  }

  /** Little-endian int64 of a bigint or an integer number (numbers beyond 2^53 go through BigInt). */
  i64(value: number | bigint): void {
    this.ensure(8);
    if (typeof value === 'bigint') this.bytes.writeBigInt64LE(value, this.length);
    else if (Number.isSafeInteger(value)) {
      const high = Math.floor(value / 2 ** 32);
      this.bytes.writeUInt32LE(value - high * 2 ** 32, this.length);
      this.bytes.writeInt32LE(high, this.length + 4);
    } else this.bytes.writeBigInt64LE(BigInt(value), this.length);
    this.length += 8;
  }

  f64(value: number): void {
    this.ensure(8);
    this.bytes.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  /** UTF-8 bytes of `value` (no length prefix); returns how many were written. */
  utf8(value: string): number {
    this.ensure(value.length * 3); // the most UTF-8 bytes a UTF-16 code unit takes
    const n = writeUtf8(this.bytes, this.length, value);
    this.length += Math.abs(n);
    return Math.abs(n);
  }

  /**
   * A PLAIN BYTE_ARRAY value: 4-byte length, then the UTF-8 bytes, encoded in one pass (no byteLength
   * first). Returns true when `value` is ASCII.
   */
  byteArrayUtf8(value: string): boolean {
    this.ensure(4 + value.length * 3);
    const at = this.length;
    const n = writeUtf8(this.bytes, at + 4, value);
    const size = Math.abs(n);
    const bytes = this.bytes;
    bytes[at] = size & 0xff;
    bytes[at + 1] = (size >>> 8) & 0xff;
    bytes[at + 2] = (size >>> 16) & 0xff;
    bytes[at + 3] = size >>> 24;
    this.length = at + 4 + size;
    return n >= 0;
  }

  append(value: Uint8Array, start = 0, end = value.length): void {
    const n = end - start;
    this.ensure(n);
    if (n <= 32) for (let i = 0; i < n; i += 1) this.bytes[this.length + i] = value[start + i] as number;
    else this.bytes.set(value.subarray(start, end), this.length);
    this.length += n;
  }

  /** Unsigned varint of a non-negative number below 2^31. */
  varint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  /** A copy of bytes [start, end). */
  copy(start = 0, end = this.length): Uint8Array {
    return Uint8Array.prototype.slice.call(this.bytes, start, end);
  }
}

/**
 * UTF-8 of `value` at bytes[at] (room checked by the caller): a JS loop while it is ASCII, which beats a
 * native call for the short strings of a lake row, else Buffer#write. Returns the byte count, negated
 * when the string is not ASCII.
 */
function writeUtf8(bytes: Buffer, at: number, value: string): number {
  const n = value.length;
  for (let i = 0; i < n; i += 1) {
    const code = value.charCodeAt(i);
    if (code >= 0x80) return -bytes.write(value, at, 'utf8');
    bytes[at + i] = code;
  }
  return n;
}
