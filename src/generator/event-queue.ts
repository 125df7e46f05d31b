/**
 * A 4-ary min-heap of scheduled simulation steps, ordered by time and then by insertion sequence,
 * so that steps due at the same millisecond run in the order they were scheduled (deterministic).
 *
 * The keys live in typed arrays beside the items: sifting compares contiguous numbers instead of chasing
 * item pointers all over the heap (tens of thousands of pending steps, popped millions of times), and four
 * children per node halve the depth. (t, seq) is a total order, so any correct heap pops the same sequence.
 */
export interface Scheduled {
  /** Due time, epoch ms. */
  t: number;
  /** Insertion sequence: the tie-break. Filled by the queue. */
  seq: number;
}

const INITIAL_CAPACITY = 1024;

export class EventQueue<T extends Scheduled> {
  private items: (T | undefined)[] = [];
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const seq = this.nextSeq++;
    item.seq = seq;
    if (this.count === this.times.length) this.grow();
    const t = item.t;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent] as number;
      if (pt < t || (pt === t && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent];
      i = parent;
    }
    times[i] = t;
    seqs[i] = seq;
    items[i] = item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[0];
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const n = --this.count;
    const last = items[n] as T;
    items[n] = undefined;
    if (n > 0) this.siftDown(last, this.times[n] as number, this.seqs[n] as number, n);
    return top;
  }

  /** Places `item` (keys t, seq) from the root downwards in a heap of n entries. */
  private siftDown(item: T, t: number, seq: number, n: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      let ct = times[first] as number;
      let cs = seqs[first] as number;
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const tc = times[c] as number;
        if (tc < ct || (tc === ct && (seqs[c] as number) < cs)) {
          child = c;
          ct = tc;
          cs = seqs[c] as number;
        }
      }
      if (t < ct || (t === ct && seq < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      items[i] = items[child];
      i = child;
    }
    times[i] = t;
    seqs[i] = seq;
    items[i] = item;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
