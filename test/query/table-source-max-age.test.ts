import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipLookupGold } from '../../src/lake/gold.js';
import { TableSource } from '../../src/query/table-source.js';
import { LocalStore } from '../../src/storage/local.js';
import { DeltaTable } from '../../src/table/index.js';
import { tempStore } from '../table/helpers.js';

/** A real local store that records log reads, can fail, and can hold the answer to one key's read. */
class LogStore extends LocalStore {
  readonly reads: string[] = [];
  failing = false;
  /** A read of this key fetches its answer, calls `fetched`, then waits for `release` before answering. */
  held: { key: string; fetched: () => void; release: Promise<void> } | null = null;

  override async get(key: string): Promise<Uint8Array> {
    if (this.failing) throw new Error(`store unavailable (reading ${key})`);
    this.reads.push(key);
    const held = this.held?.key === key ? this.held : null;
    if (!held) return super.get(key);
    const answer = await super.get(key).then((bytes) => ({ bytes }), (error: unknown) => ({ error }));
    held.fetched();
    await held.release;
    if ('error' in answer) throw answer.error;
    return answer.bytes;
  }
}

const versionKey = (v: number): string => `gold/ip_lookup_gold/_delta_log/${String(v).padStart(20, '0')}.json`;

let env: Awaited<ReturnType<typeof tempStore>>;
let store: LogStore;
let table: DeltaTable;
let clock: number;
const now = (): number => clock;

beforeEach(async () => {
  env = await tempStore();
  store = new LogStore(env.store.root);
  table = await DeltaTable.create(store, ipLookupGold, { checkpointInterval: 0 });
  clock = 1_000_000;
});
afterEach(async () => {
  await env.cleanup();
});

const commit = async (): Promise<number> => table.commit({ operation: 'WRITE' }, { readVersion: table.snapshot().version });

describe('TableSource snapshot max age', () => {
  it('serves the checked snapshot without I/O inside the max age, and sees a commit once it has passed', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 1000, now });
    expect((await source.latest())?.version).toBe(0);
    await commit();
    store.reads.length = 0;

    clock += 999;
    expect((await source.latest())?.version).toBe(0);
    expect(store.reads).toEqual([]);

    clock += 1;
    expect((await source.latest())?.version).toBe(1);
    expect(store.reads).toEqual([versionKey(1), versionKey(2)]);
    expect(source.freshness()).toEqual({ version: 1, checkedAt: clock });
  });

  it('with max age 0 sees a commit on the next call, at the same instant', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 0, now });
    expect((await source.latest())?.version).toBe(0);
    await commit();
    expect((await source.latest())?.version).toBe(1);
    await commit();
    expect((await source.latest())?.version).toBe(2);
  });

  it('lets concurrent requests past the max age share one check', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 1000, now });
    await source.latest();
    await commit();
    clock += 5000;
    store.reads.length = 0;
    const versions = await Promise.all([1, 2, 3, 4, 5].map(() => source.latest()));
    expect(versions.map((s) => s?.version)).toEqual([1, 1, 1, 1, 1]);
    expect(store.reads.filter((k) => k === versionKey(2))).toHaveLength(1);
  });

  it('does not join a check that started more than the max age ago: the request queues a new one', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 1000, now });
    await source.latest();
    clock += 1000;
    let release = (): void => undefined;
    let fetched = (): void => undefined;
    const wasFetched = new Promise<void>((resolve) => (fetched = resolve));
    store.held = { key: versionKey(1), fetched, release: new Promise<void>((resolve) => (release = resolve)) };
    const slow = source.latest(); // finds no version 1, but answers only when released
    await wasFetched;
    await commit(); // lands while that check is still running
    clock += 1000;
    const late = source.latest();
    store.held = null;
    release();
    expect((await slow)?.version).toBe(0);
    expect((await late)?.version).toBe(1);
  });

  it('refresh() checks at once whatever the max age (a writer in the same process)', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 60_000, now });
    await source.latest();
    await commit();
    expect((await source.latest())?.version).toBe(0);
    expect((await source.refresh())?.version).toBe(1);
    expect((await source.latest())?.version).toBe(1);
  });

  it('keeps nothing from a failed check: the next request past the max age tries again', async () => {
    const source = new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: 1000, now });
    await source.latest();
    const checkedAt = clock;
    await commit();
    clock += 1000;
    store.failing = true;
    await expect(source.latest()).rejects.toThrow('store unavailable');
    expect(source.freshness()).toEqual({ version: 0, checkedAt });
    store.failing = false;
    expect((await source.latest())?.version).toBe(1);
  });

  it('pins "no table yet" for the max age too, then opens the table the ETL created', async () => {
    const empty = await tempStore();
    try {
      const source = new TableSource(empty.store, ipLookupGold, { snapshotMaxAgeMs: 1000, now });
      expect(await source.latest()).toBeNull();
      await DeltaTable.create(empty.store, ipLookupGold, { checkpointInterval: 0 });
      expect(await source.latest()).toBeNull();
      expect(source.freshness()).toEqual({ version: null, checkedAt: clock });
      clock += 1000;
      expect((await source.latest())?.version).toBe(0);
    } finally {
      await empty.cleanup();
    }
  });

  it('refuses a negative max age', () => {
    expect(() => new TableSource(store, ipLookupGold, { snapshotMaxAgeMs: -1 })).toThrow('snapshotMaxAgeMs must be 0 or more, got -1');
  });
});
