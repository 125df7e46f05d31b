import { describe, expect, it } from 'vitest';
import { attributeEvents, fromAttributionGoldRow, toAttributionGoldRow } from '../../src/etl/attribution/index.js';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { ack, ev, person } from './events.js';

describe('ip_attribution_gold rows', () => {
  const intervals = attributeEvents([
    ack(0, '10.0.0.5', 'aa:aa:aa:aa:aa:01', 3600, { hostname: 'PDB746' }),
    ev('POSTURE', -10, { mac: 'aa:aa:aa:aa:aa:01', user: person('alice') }),
    ev('RADIUS_START', 5, { ip: '10.0.0.6', mac: 'aa:aa:aa:aa:aa:02', sessionId: 's', user: person('bob') }),
  ]);

  it('fill exactly the columns of the gold contract, with non-null values where it demands them', () => {
    for (const interval of intervals) {
      const row = toAttributionGoldRow(interval);
      expect(Object.keys(row).sort()).toEqual(ipAttributionGold.columns.map((c) => c.name).sort());
      for (const column of ipAttributionGold.columns) {
        if (!column.nullable) expect(row[column.name as keyof typeof row], column.name).not.toBeNull();
      }
    }
  });

  it('read back into the same interval', () => {
    expect(intervals.map((i) => fromAttributionGoldRow(toAttributionGoldRow(i)))).toEqual(intervals);
    expect(intervals.map((i) => i.userName)).toEqual(['alice', 'bob']);
  });

  it('reject values no writer produces', () => {
    const row = { ...toAttributionGoldRow(intervals[0]!), EndReason: 'vanished' };
    expect(() => fromAttributionGoldRow(row)).toThrow(/unknown EndReason "vanished"/);
  });
});
