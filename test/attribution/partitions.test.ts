import { describe, expect, it } from 'vitest';
import {
  containsInstant,
  hourPartitionsOf,
  hoursAddedByReach,
  intervalsAt,
  openIntervalReach,
  partitionKey,
  partitionToRead,
} from '../../src/etl/attribution/index.js';

const t = (iso: string): number => Date.parse(iso);
const keys = (span: { start: number; end: number | null }, reach: number) => hourPartitionsOf(span, reach).map(partitionKey);
const far = t('2030-01-01T00:00:00Z');

describe('partition placement', () => {
  it('places an interval in every UTC hour it overlaps, across a day boundary', () => {
    expect(keys({ start: t('2026-11-28T22:30:00Z'), end: t('2026-11-29T01:10:00Z') }, far)).toEqual([
      'dt=2026-11-28/hr=22',
      'dt=2026-11-28/hr=23',
      'dt=2026-11-29/hr=00',
      'dt=2026-11-29/hr=01',
    ]);
  });

  it('treats End as exclusive: an interval ending on the hour is not in that hour', () => {
    expect(keys({ start: t('2026-11-28T23:00:00Z'), end: t('2026-11-29T00:00:00Z') }, far)).toEqual(['dt=2026-11-28/hr=23']);
  });

  it('crosses month and year boundaries', () => {
    expect(keys({ start: t('2026-12-31T23:59:59Z'), end: t('2027-01-01T00:00:01Z') }, far)).toEqual([
      'dt=2026-12-31/hr=23',
      'dt=2027-01-01/hr=00',
    ]);
  });

  it('stores a projected end in every hour up to End, and an open interval up to its reach', () => {
    const reach = t('2026-11-29T02:15:00Z');
    const upToReach = ['dt=2026-11-28/hr=23', 'dt=2026-11-29/hr=00', 'dt=2026-11-29/hr=01', 'dt=2026-11-29/hr=02'];
    expect(keys({ start: t('2026-11-28T23:05:00Z'), end: null }, reach)).toEqual(upToReach);
    // The reach does not cut a closed interval: its End is bounded by evidence (last ACK + lease).
    const projected = keys({ start: t('2026-11-28T23:05:00Z'), end: t('2026-11-29T11:05:00Z') }, reach);
    expect(projected).toHaveLength(13);
    expect(projected.at(-1)).toBe('dt=2026-11-29/hr=11');
  });

  it('reaches the watermark, or the horizon after the last evidence when that comes first', () => {
    const day = 86_400_000;
    expect(openIntervalReach(t('2026-11-28T10:00:00Z'), t('2026-11-28T12:00:00Z'), day)).toBe(t('2026-11-28T12:00:00Z'));
    expect(openIntervalReach(t('2014-01-10T08:00:00Z'), t('2026-11-28T12:00:00Z'), day)).toBe(t('2014-01-11T08:00:00Z'));
  });

  it('lists the hours an open interval gains when its reach moves on, and none for a closed one', () => {
    const span = { start: t('2026-11-28T23:05:00Z'), end: null };
    expect(hoursAddedByReach(span, t('2026-11-29T00:59:00Z'), t('2026-11-29T02:00:00Z')).map(partitionKey)).toEqual([
      'dt=2026-11-29/hr=01',
      'dt=2026-11-29/hr=02',
    ]);
    const closed = { start: t('2026-11-28T23:05:00Z'), end: t('2026-11-28T23:30:00Z') };
    expect(hoursAddedByReach(closed, t('2026-11-29T00:00:00Z'), t('2026-11-30T00:00:00Z'))).toEqual([]);
  });

  it('reads the instant hour, or the watermark hour for instants after it', () => {
    const watermark = t('2026-11-29T02:15:00Z');
    expect(partitionKey(partitionToRead(t('2026-11-28T10:00:00Z'), watermark))).toBe('dt=2026-11-28/hr=10');
    expect(partitionKey(partitionToRead(t('2026-11-29T02:59:00Z'), watermark))).toBe('dt=2026-11-29/hr=02');
    expect(partitionKey(partitionToRead(t('2026-12-05T00:00:00Z'), watermark))).toBe('dt=2026-11-29/hr=02');
  });
});

describe('intervalsAt: half-open [Start, End)', () => {
  const rows = [
    { id: 'a', start: 100, end: 200 },
    { id: 'b', start: 200, end: 300 },
    { id: 'open', start: 150, end: null },
  ];
  it.each([
    [99, []],
    [100, ['a']],
    [150, ['a', 'open']],
    [199, ['a', 'open']],
    [200, ['b', 'open']],
    [300, ['open']],
  ])('at %i holds %j', (instant, ids) => {
    expect(intervalsAt(rows, instant).map((r) => r.id)).toEqual(ids);
  });
  it('an open interval contains every instant from its Start', () => {
    expect(containsInstant({ start: 0, end: null }, 1e15)).toBe(true);
  });
});
