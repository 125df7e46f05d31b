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
    const n = value.length < 64 && isAscii(value) ? value.length : Buffer.byteLength(value, 'utf8');
    this.ensure(n);
    if (n === value.length) for (let i = 0; i < n; i += 1) this.bytes[this.length + i] = value.charCodeAt(i);
    else this.bytes.write(value, this.length, n, 'utf8');
    this.length += n;
    return n;
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

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}
