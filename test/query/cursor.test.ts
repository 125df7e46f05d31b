import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { decodeCursor, encodeCursor, QueryInputError, type EventKey } from '../../src/query/index.js';
import { afterCondition } from '../../src/query/event-sql.js';
import { partitionsOf } from '../../src/query/window.js';

const keyArb: fc.Arbitrary<EventKey> = fc.record({
  timestamp: fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
  source: fc.constantFrom('dhcp', 'ise_auth', 'ise_radius'),
  landingObject: fc.constantFrom('landing/a.log', 'landing/b.log', "landing/it's.log"),
  lineNumber: fc.integer({ min: 1, max: 5 }),
  eventType: fc.constantFrom('DHCPACK', 'DHCPOFFER'),
});

const bytewise = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareKeys = (a: EventKey, b: EventKey): number =>
  a.timestamp - b.timestamp || bytewise(a.source, b.source) || bytewise(a.landingObject, b.landingObject) ||
  a.lineNumber - b.lineNumber || bytewise(a.eventType, b.eventType);

describe('event cursors', () => {
  it('round-trip every key', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        expect(decodeCursor(encodeCursor(key))).toEqual(key);
      }),
    );
  });

  it('reject text this server did not issue, naming the argument', () => {
    for (const bad of ['', 'not a cursor!', Buffer.from('[2,1,"a","b",1,"c"]').toString('base64url'), Buffer.from('{"x":1}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(QueryInputError);
    }
    const thrown = (() => {
      try {
        decodeCursor('@@', 'events.after');
        return null;
      } catch (err) {
        return err as QueryInputError;
      }
    })();
    expect(thrown?.field).toBe('events.after');
  });
});

describe('keyset condition', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.create({ threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('selects exactly the keys after the cursor in DuckDB, as the JS order says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(keyArb, { minLength: 1, maxLength: 30 }), keyArb, async (keys, cursor) => {
        const values = keys
          .map((k) => `(epoch_ms(${k.timestamp})::TIMESTAMPTZ, '${k.source}', '${k.landingObject.replaceAll("'", "''")}', ${k.lineNumber}, '${k.eventType}')`)
          .join(', ');
        const rows = await engine.query<{ n: number }>(
          `SELECT count(*) AS n FROM (VALUES ${values}) AS t("EventTimestamp", "Source", "LandingObject", "LineNumber", "EventType")
           WHERE ${afterCondition(cursor)}`,
        );
        expect(Number(rows[0]?.n)).toBe(keys.filter((k) => compareKeys(k, cursor) > 0).length);
      }),
      { numRuns: 40 },
    );
  });
});

describe('windows', () => {
  it('cover every UTC hour the closed window touches', () => {
    const from = Date.parse('2026-11-27T22:59:59.999Z');
    const to = Date.parse('2026-11-28T01:00:00.000Z');
    expect(partitionsOf({ from, to })).toEqual([
      { dt: '2026-11-27', hr: '22' },
      { dt: '2026-11-27', hr: '23' },
      { dt: '2026-11-28', hr: '00' },
      { dt: '2026-11-28', hr: '01' },
    ]);
    expect(partitionsOf({ from: to, to })).toEqual([{ dt: '2026-11-28', hr: '01' }]);
  });
});
