import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { eventOfSilverRow, silverEventColumns, toAttributionEvent } from '../../src/etl/attribution/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { generate } from '../../src/generator/index.js';
import { lineRefsOfSilverRow, recordOfSilverRow } from '../../src/etl/silver-records.js';
import { silverTables } from '../../src/lake/silver.js';
import { dhcpFixtures, iseFixtures, readTable, tempLake, type TempLake } from '../etl/helpers.js';

/**
 * The attribution step reads stored events straight from a few silver columns (eventOfSilverRow); that must give
 * exactly the event the pipeline builds from the full parser record. Checked on every silver row of the real samples
 * and of a small generated day (the samples have no posture record that reaches silver).
 */
let engine: Engine;
let lake: TempLake;
beforeAll(async () => {
  engine = await Engine.create();
  lake = await tempLake();
  await ingestFiles(lake.store, 'ise', iseFixtures);
  await ingestFiles(lake.store, 'dhcp', dhcpFixtures);
  const gen = path.join(lake.scratch, 'gen');
  await generate({ out: gen, days: 1, devices: 40, seed: 9 });
  for (const source of ['dhcp', 'ise'] as const) {
    const files = (await readdir(path.join(gen, source))).sort().map((f) => path.join(gen, source, f));
    await ingestFiles(lake.store, source, files);
  }
  // Mixed-era fixtures: the safety limit keeps the 84-day sample leases from writing thousands of hour files.
  await runEtl({ store: lake.store, engine, maxIntervalHours: 24 });
}, 120_000);
afterAll(async () => {
  await engine.close();
  await lake.cleanup();
});

describe('eventOfSilverRow', () => {
  it.each(silverTables.map((t) => [t.spec.name, t] as const))('agrees with the record path on every %s row', async (name, table) => {
    const rows = await readTable(engine, lake.store, `silver/${name}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const expected = toAttributionEvent(recordOfSilverRow(table.source, row), lineRefsOfSilverRow(row));
      expect(eventOfSilverRow(table.source, row)).toEqual(expected);
      // Reading only the listed columns is enough.
      const narrow = Object.fromEntries(silverEventColumns[table.source].map((c) => [c, row[c]]));
      expect(eventOfSilverRow(table.source, narrow)).toEqual(expected);
    }
  });
});
