import { describe, expect, it } from 'vitest';
import { LoadScheduler } from '../../src/query/memory/load-scheduler.js';

/** A promise and its resolver, to hold a read open for as long as a test needs. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('LoadScheduler', () => {
  it('holds background tasks back while a foreground read runs, then runs them', async () => {
    const scheduler = new LoadScheduler();
    const read = gate();
    const ran: string[] = [];
    const answered = scheduler.foregroundRead(read.promise.then(() => 'answer'));
    scheduler.background([['a', async () => ran.push('a')]]);
    await settle();
    expect(ran).toEqual([]);
    expect(scheduler.pending).toBeGreaterThan(0);
    read.open();
    expect(await answered).toBe('answer');
    await settle();
    expect(ran).toEqual(['a']);
    expect(scheduler.pending).toBe(0);
  });

  it('queues a key once while it waits, runs at most `concurrency` tasks at a time and survives failures', async () => {
    const scheduler = new LoadScheduler({ concurrency: 1 });
    const first = gate();
    const ran: string[] = [];
    scheduler.background([
      ['a', async () => { ran.push('a'); await first.promise; throw new Error('load failed'); }],
      ['b', async () => ran.push('b')],
      ['b', async () => ran.push('b twice')],
    ]);
    await settle();
    expect(ran).toEqual(['a']);
    first.open();
    await settle();
    expect(ran).toEqual(['a', 'b']);
    expect(scheduler.pending).toBe(0);
  });

  it('drops tasks past the backlog limit', async () => {
    const scheduler = new LoadScheduler({ maxBacklog: 1 });
    const read = gate();
    const ran: string[] = [];
    const answered = scheduler.foregroundRead(read.promise);
    scheduler.background([['a', async () => ran.push('a')], ['b', async () => ran.push('b')]]);
    read.open();
    await answered;
    await settle();
    expect(ran).toEqual(['a']);
  });
});
