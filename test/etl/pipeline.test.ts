import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ingestFiles, readPipelineStatus, runEtl } from '../../src/etl/index.js';
import { dhcpFixtures, fixture, iseFixtures, logVersions, readTable, tempLake, type TempLake } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create();
});
afterAll(async () => {
  await engine.close();
});

/** Bronze lines per source = silver lines + quarantined lines, counted in the committed tables. */
async function assertBalanced(lake: TempLake): Promise<Record<string, { bronze: number; silver: number; quarantined: number }>> {
  const out: Record<string, { bronze: number; silver: number; quarantined: number }> = {};
  const silverTables = {
    dhcp: ['silver/dhcp_silver'],
    ise: ['silver/ise_profiler_silver', 'silver/ise_posture_silver', 'silver/ise_radius_silver', 'silver/ise_auth_silver'],
  };
  const quarantine = await readTable(engine, lake.store, 'silver/quarantine');
  for (const source of ['dhcp', 'ise'] as const) {
    const bronze = (await readTable(engine, lake.store, `bronze/${source}_bronze`)).length;
    let silver = 0;
    for (const table of silverTables[source]) {
      for (const row of await readTable(engine, lake.store, table)) silver += Number(row.LineCount);
    }
    const quarantined = quarantine.filter((r) => r.Source === source).reduce((n, r) => n + Number(r.LineCount), 0);
    out[source] = { bronze, silver, quarantined };
    expect(bronze, `${source}: bronze = silver + quarantine`).toBe(silver + quarantined);
  }
  return out;
}

describe('runEtl on the real fixtures', () => {
  it('attributes 10.33.250.89 to frsung (Metron RADIUS Start), balances lines, and a re-run commits nothing', async () => {
    const lake = await tempLake();
    try {
      await ingestFiles(lake.store, 'ise', [fixture('apache-metron-ise', 'IseParserTest.txt')]);
      const summary = await runEtl({ store: lake.store, engine });
      expect(summary.status).toBe('completed');
      expect(summary.lines.ise).toBe(308);

      const attribution = await readTable(engine, lake.store, 'gold/ip_attribution_gold');
      const frsung = attribution.filter((r) => r.IpAddress === '10.33.250.89' && r.UserName === 'frsung');
      expect(frsung.length).toBeGreaterThan(0);
      for (const row of frsung) {
        expect(row.MacAddress).toBe('10:68:3f:75:35:0c');
        expect(row.Start).toBe(Date.parse('2014-08-07T07:00:20.554Z'));
        expect(row.Source).toBe('ise_radius');
      }
      // Stored in every hour partition from the Start's hour to the watermark's: same id everywhere.
      expect(new Set(frsung.map((r) => r.IntervalId)).size).toBe(1);

      const lookup = await readTable(engine, lake.store, 'gold/ip_lookup_gold');
      const start = lookup.find((r) => r.IpAddress === '10.33.250.89' && r.EventType === 'RADIUS_START');
      expect(start).toMatchObject({ UserName: 'frsung', MacAddress: '10:68:3f:75:35:0c', BronzeTable: 'ise_bronze' });
      expect(start?.EventTimestamp).toBe(Date.parse('2014-08-07T07:00:20.554Z'));

      const counts = await assertBalanced(lake);
      expect(counts.ise?.bronze).toBe(308);

      // Nothing new: no table commits, no checkpoint, no summary.
      const tables = ['bronze/ise_bronze', 'silver/ise_radius_silver', 'gold/ip_lookup_gold', 'gold/ip_attribution_gold'];
      const before = await Promise.all(tables.map((t) => logVersions(lake.store, t)));
      const again = await runEtl({ store: lake.store, engine });
      expect(again.status).toBe('idle');
      expect(again.commits).toEqual([]);
      expect(await Promise.all(tables.map((t) => logVersions(lake.store, t)))).toEqual(before);

      const status = await readPipelineStatus(lake.store);
      expect(status.lastRun?.version).toBe(1);
      expect(status.pending).toBeNull();
      expect(status.tables.find((t) => t.table === 'gold/ip_attribution_gold')?.etlRun).toBe(1);
      expect(status.watermark).toBe(summary.watermark);
    } finally {
      await lake.cleanup();
    }
  });

  it('routes every line of every fixture to silver or quarantine with a reason, keeping raw text and lineage', async () => {
    const lake = await tempLake();
    try {
      await ingestFiles(lake.store, 'ise', iseFixtures);
      await ingestFiles(lake.store, 'dhcp', dhcpFixtures);
      // Mixed-era fixtures (2014 … 2026): keep open intervals to a day of copies so the test stays fast.
      const summary = await runEtl({ store: lake.store, engine, maxIntervalHours: 24 });
      const counts = await assertBalanced(lake);
      expect(counts.dhcp?.bronze).toBe(summary.lines.dhcp);
      expect(counts.ise?.bronze).toBe(summary.lines.ise);

      const quarantine = await readTable(engine, lake.store, 'silver/quarantine');
      // named (DNS) lines in the Infoblox sample are well-formed but not DHCP.
      expect(quarantine.some((r) => r.Source === 'dhcp' && r.Rule === 'not_dhcp' && String(r.RawLine).includes('named['))).toBe(true);
      // The Elastic radius sample's orphan continuation segment.
      expect(quarantine.some((r) => r.Source === 'ise' && r.Rule === 'orphan_segment')).toBe(true);
      // A profiler event without EndpointIPAddress is dropped by the seed's rule, with its raw line.
      const dropped = quarantine.find((r) => r.Rule === 'ip_address_not_null');
      expect(dropped).toMatchObject({ Kind: 'expectation', TargetTable: 'ise_profiler_silver' });
      expect(String(dropped?.RawLine)).toContain('CISE_Profiler');
      expect(summary.expectations.ise_profiler_silver?.ip_address_not_null?.failed).toBe(1);
      for (const row of quarantine) {
        expect(String(row.LandingObject)).toMatch(/^landing\/(dhcp|ise)\//);
        expect(Number(row.LineNumber)).toBeGreaterThan(0);
      }
    } finally {
      await lake.cleanup();
    }
  });
});
