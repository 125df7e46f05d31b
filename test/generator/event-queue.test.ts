import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type Scheduled } from '../../src/generator/event-queue.js';

interface Item extends Scheduled {
  id: number;
}

/** Run a script of pushes (due times) and pops (null) against the queue and a sorted array; both must agree. */
function checkAgainstModel(script: readonly (number | null)[]): void {
  const queue = new EventQueue<Item>();
  const model: Item[] = []; // kept sorted by (t, id): ids grow with insertion, like seq
  let id = 0;
  for (const op of script) {
    if (op === null) {
      const expected = model.shift();
      expect(queue.peek()).toBe(expected);
      expect(queue.pop()).toBe(expected);
    } else {
      const item: Item = { t: op, seq: -1, id: id++ };
      queue.push(item);
      let at = model.length;
      while (at > 0 && (model[at - 1] as Item).t > op) at--;
      model.splice(at, 0, item);
    }
    expect(queue.size).toBe(model.length);
  }
  const rest: number[] = [];
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) rest.push(item.id);
  expect(rest).toEqual(model.map((m) => m.id));
}

describe('EventQueue', () => {
  it('pops in (time, insertion) order under any interleaving of pushes and pops', () => {
    // Each op: a due time to push (few distinct values, so ties are common), or null to pop.
    const ops = fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: null, freq: 3 }), { maxLength: 400 });
    fc.assert(fc.property(ops, checkAgainstModel), { numRuns: 300 });
  });

  it('keeps that order when due times span days (ring wrap-around, far future, earlier than the current second)', () => {
    const DAY = 86_400_000;
    // Times from ms apart to days apart: the calendar's ring (36 h of one-second buckets) and the heap beside it.
    const time = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 4 * DAY }), fc.constantFrom(0, DAY, 1.5 * DAY, 3 * DAY));
    const ops = fc.array(fc.option(time, { nil: null, freq: 2 }), { maxLength: 300 });
    fc.assert(fc.property(ops, checkAgainstModel), { numRuns: 200 });
  });

  it('grows past its initial capacity and reuses popped items without mixing them up', () => {
    const queue = new EventQueue<Item>();
    const n = 5000;
    for (let i = 0; i < n; i++) queue.push({ t: (i * 7919) % 1000, seq: 0, id: i });
    let last = { t: -1, seq: -1 };
    for (let i = 0; i < n; i++) {
      const item = queue.pop() as Item;
      expect(item.t > last.t || (item.t === last.t && item.seq > last.seq)).toBe(true);
      last = { t: item.t, seq: item.seq };
      if (i % 3 === 0) {
        item.t += 500; // reschedule the same object, as the simulation recycles its steps
        queue.push(item);
      }
    }
    expect(queue.size).toBe(Math.ceil(n / 3));
  });
});
