import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAttributionEvent } from '../../src/etl/attribution/fromRecord.js';
import type { AttributionEvent, EventType } from '../../src/etl/attribution/types.js';
import { EventBuffer } from '../../src/etl/event-buffer.js';
import type { SilverSource } from '../../src/parsers/types.js';
import { parseFixtureRecords } from './helpers.js';

/** The run's events are held column-wise until the gold step; what comes out must be exactly what went in. */

const ingestTime = Date.UTC(2026, 10, 28);

function fixtureEvents(): AttributionEvent[] {
  return parseFixtureRecords(ingestTime).map(({ record, lines }) => toAttributionEvent(record, lines));
}

const sources: SilverSource[] = ['dhcp', 'ise_profiler', 'ise_posture', 'ise_radius', 'ise_auth'];
const eventTypes: EventType[] = ['DHCPACK', 'DHCPRELEASE', 'LEASE_EVENT', 'RADIUS_START', 'RADIUS_STOP', 'AUTH_PASSED', 'POSTURE', 'PROFILER'];
const text = fc.option(fc.string({ maxLength: 40 }), { nil: null });
const number = fc.option(fc.double(), { nil: null });

const anyEvent: fc.Arbitrary<AttributionEvent> = fc.record({
  time: fc.double(),
  source: fc.constantFrom(...sources),
  eventType: fc.constantFrom(...eventTypes),
  ip: text,
  mac: text,
  user: fc.option(fc.record({ raw: fc.string(), key: fc.string(), isPerson: fc.boolean() }), { nil: null }),
  hostname: text,
  leaseSeconds: number,
  leaseStart: number,
  leaseEnd: number,
  leaseEvent: text,
  sessionId: text,
  sessionTimeSeconds: number,
  nasIp: text,
  lineage: fc.record({ object: fc.string({ minLength: 1 }), line: fc.nat() }),
});

describe('EventBuffer', () => {
  it('gives back every real fixture event exactly, in push order', () => {
    const events = fixtureEvents();
    expect(new Set(events.map((e) => e.source)).size).toBe(sources.length);
    const buffer = new EventBuffer(16);
    for (const event of events) buffer.push(event);
    expect(buffer.length).toBe(events.length);
    expect(buffer.toArray()).toEqual(events);
    expect([...buffer]).toEqual(events);
    expect(buffer.at(events.length - 1)).toEqual(events[events.length - 1]);
  });

  it('round-trips any event, nulls, odd numbers and odd strings included, across growth', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 80 }), (events) => {
        const buffer = new EventBuffer(1);
        for (const event of events) buffer.push(event);
        expect(buffer.toArray()).toEqual(events);
      }),
      { numRuns: 60 },
    );
  });

  it('names the landing objects of its events, each once', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 80 }), (events) => {
        const buffer = new EventBuffer(1);
        for (const event of events) buffer.push(event);
        expect(buffer.objects()).toEqual(new Set(events.map((e) => e.lineage.object)));
      }),
      { numRuns: 60 },
    );
  });

  it('returns fresh objects: changing one does not change the buffer', () => {
    const [event] = fixtureEvents();
    if (event === undefined) throw new Error('test: no fixture events');
    const buffer = new EventBuffer();
    buffer.push(event);
    const copy = buffer.at(0);
    copy.ip = 'changed';
    copy.lineage.line = -1;
    expect(buffer.at(0)).toEqual(event);
  });

  it('rejects an index it does not hold', () => {
    const buffer = new EventBuffer();
    expect(() => buffer.at(0)).toThrow(/no event 0 \(holds 0\)/);
  });

  it('stores repeated strings once: a long run of similar events costs far less than the objects', () => {
    const buffer = new EventBuffer();
    const template = fixtureEvents().find((e) => e.source === 'ise_radius');
    if (template === undefined) throw new Error('test: no RADIUS fixture event');
    const count = 16_384;
    for (let i = 0; i < count; i += 1) buffer.push({ ...template, time: template.time + i, lineage: { ...template.lineage, line: i + 1 } });
    // Columns and one session id slot per event, the handful of distinct strings once: well under the
    // 400+ bytes an event object with its lineage, user and strings takes.
    expect(buffer.bytes / count).toBeLessThan(160);
    expect(buffer.at(count - 1)).toEqual({ ...template, time: template.time + count - 1, lineage: { ...template.lineage, line: count } });
  });
});
