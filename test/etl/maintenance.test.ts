import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { compactTable, ingestFiles, runEtl, vacuumTable } from '../../src/etl/index.js';
import { ipLookupGold } from '../../src/lake/gold.js';
import { DeltaTable } from '../../src/table/index.js';
import { fixture, tableHash, tempLake } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create();
});
afterAll(async () => {
  await engine.close();
});

describe('compactTable / vacuumTable', () => {
  it('merges the files of each partition into one without changing rows, then vacuum deletes the replaced files', async () => {
    const lake = await tempLake();
    try {
      // The same sample ingested twice, in two runs: every hour partition of ip_lookup_gold gets two files.
      // The sample holds 84-day leases; capping interval placement at a day keeps this test about
      // compaction, not about writing 2,000 attribution partitions.
      const file = fixture('elastic-integrations-infoblox-nios', 'test-dhcp.log');
      await ingestFiles(lake.store, 'dhcp', [file]);
      await runEtl({ store: lake.store, engine, maxIntervalHours: 24 });
      await ingestFiles(lake.store, 'dhcp', [file]);
      await runEtl({ store: lake.store, engine, maxIntervalHours: 24 });
      const before = (await DeltaTable.open(lake.store, ipLookupGold)).snapshot();
      const hash = await tableHash(engine, lake.store, 'gold/ip_lookup_gold');

      const result = await compactTable(lake.store, ipLookupGold, { engine });
      expect(result.filesRemoved).toBe(before.fileCount);
      const after = (await DeltaTable.open(lake.store, ipLookupGold)).snapshot();
      expect(after.fileCount).toBe(result.partitions);
      expect(after.fileCount).toBeLessThan(before.fileCount);
      expect(await tableHash(engine, lake.store, 'gold/ip_lookup_gold')).toBe(hash);

      const vacuumed = await vacuumTable(lake.store, ipLookupGold, 0);
      expect(vacuumed.deleted).toHaveLength(before.fileCount);
      expect(await tableHash(engine, lake.store, 'gold/ip_lookup_gold')).toBe(hash);
      // Compaction is not new data: the next ETL run still sees run 2 as the last it committed.
      expect(after.txnVersion('iplake-etl')).toBe(2);
    } finally {
      await lake.cleanup();
    }
  });
});
