/** A least-recently-used map bounded by the bytes its values say they hold. */
export class ByteLru<V extends { readonly bytes: number; readonly rows?: number }> {
  private readonly entries = new Map<string, V>();
  private total = 0;
  private totalRows = 0;
  evictions = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  /** Rows held, for values that count them. */
  get rows(): number {
    return this.totalRows;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, marked as just used; undefined when absent. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map iteration order is insertion order: re-inserting moves the key to the young end.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** The value without touching its age. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Insert (or replace) and evict the oldest entries until the total fits. */
  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.total -= old.bytes;
      this.totalRows -= old.rows ?? 0;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.total += value.bytes;
    this.totalRows += value.rows ?? 0;
    for (const [oldest, v] of this.entries) {
      if (this.total <= this.maxBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= v.bytes;
      this.totalRows -= v.rows ?? 0;
      this.evictions += 1;
    }
  }
}
