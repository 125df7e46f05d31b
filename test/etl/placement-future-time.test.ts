import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { FUTURE_EVENT_TOLERANCE_MS } from '../../src/lake/silver.js';
import { radiusAccounting } from '../attribution/syslog-lines.js';
import { readTable, tempLake } from './helpers.js';

/**
 * One far-future event time (a skewed clock, a mangled line) must not move the watermark, or every open session would
 * be placed into the future: silver's `event_time_not_in_future` rule drops it to quarantine instead.
 */
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create();
});
afterAll(async () => {
  await engine.close();
});

describe('event_time_not_in_future', () => {
  it('quarantines an event more than a day after its ingest time and keeps the watermark on the plausible ones', async () => {
    const lake = await tempLake();
    try {
      const ingestAt = Date.parse('2026-09-10T00:00:00Z');
      const fields = { user: 'carol', mac: '00:de:ad:be:ef:01', ip: '10.9.0.7' };
      const plausible = ingestAt + 12 * 3_600_000; // a clock a little ahead: within the tolerance
      const edge = ingestAt + FUTURE_EVENT_TOLERANCE_MS; // exactly at the tolerance: kept
      const skewed = Date.parse('2027-06-01T00:00:00Z');
      const file = path.join(lake.scratch, 'acct.log');
      await writeFile(
        file,
        [
          radiusAccounting(plausible, 'Start', { ...fields, sessionId: 'S-ok' }),
          radiusAccounting(edge, 'Start', { ...fields, ip: '10.9.0.8', sessionId: 'S-edge' }),
          radiusAccounting(skewed, 'Start', { ...fields, ip: '10.9.0.9', sessionId: 'S-future' }),
        ].join('\n') + '\n',
      );
      await ingestFiles(lake.store, 'ise', [file], () => ingestAt);
      const summary = await runEtl({ store: lake.store, engine });

      expect(summary.watermark).toBe(edge);
      expect(summary.expectations.ise_radius_silver?.event_time_not_in_future).toEqual({ action: 'drop', failed: 1 });
      const quarantine = await readTable(engine, lake.store, 'silver/quarantine');
      expect(quarantine).toHaveLength(1);
      expect(quarantine[0]).toMatchObject({ Kind: 'expectation', Rule: 'event_time_not_in_future', TargetTable: 'ise_radius_silver', EventTimestamp: skewed });
      expect(String(quarantine[0]?.RawLine)).toContain('S-future');

      const silver = await readTable(engine, lake.store, 'silver/ise_radius_silver');
      expect(silver.map((r) => r.SessionId).sort()).toEqual(['S-edge', 'S-ok']);
      // No interval for the dropped event.
      const gold = await readTable(engine, lake.store, 'gold/ip_attribution_gold');
      expect(new Set(gold.map((r) => r.SessionId))).toEqual(new Set(['S-edge', 'S-ok']));
    } finally {
      await lake.cleanup();
    }
  }, 60_000);
});
