import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, sqlStringList } from '../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { DeltaTable, scanPaths } from '../../src/table/index.js';
import { tempLake, type TempLake } from './helpers.js';

/**
 * ip_attribution_gold keeps rows that may still change (open, or ending after the watermark) in other files than
 * settled rows, so a renewal rewrites the files of its lease's hours without reading and writing the settled rows
 * beside them. Checked with DuckDB as the reader of the files themselves.
 */
describe('ip_attribution_gold files: live rows apart from settled ones', () => {
  let lake: TempLake;
  let engine: Engine;
  beforeAll(async () => {
    lake = await tempLake();
    engine = await Engine.create();
  });
  afterAll(async () => {
    await engine.close();
    await lake.cleanup();
  });

  const host = (time: string): string => `<30>Nov 20 ${time} infoblox-01.corp.example.com dhcpd[5021]: `;
  const land = async (name: string, lines: string[]): Promise<void> => {
    const file = path.join(lake.scratch, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    await ingestFiles(lake.store, 'dhcp', [file]);
    const summary = await runEtl({ store: lake.store, engine });
    expect(summary.status).toBe('completed');
  };

  /**
   * Per data file of the hour Nov 20 10:00 (the year is the syslog clock's, inferred at ingest): its path and the IPs of
   * its rows, with whether each row is still live at `time` that day.
   */
  const hourTenFiles = async (time: string): Promise<{ path: string; rows: { ip: string; live: boolean }[] }[]> => {
    const table = await DeltaTable.open(lake.store, ipAttributionGold);
    const day = table.snapshot().files.map((f) => f.partitionValues.dt ?? '').sort()[0];
    expect(day).toMatch(/^\d{4}-11-20$/);
    const watermark = `${day} ${time}+00`;
    const files = table.snapshot().files.filter((f) => f.partitionValues.dt === day && f.partitionValues.hr === '10');
    const paths = await scanPaths(table, files);
    return Promise.all(
      paths.map(async (p, i) => ({
        path: files[i]!.path,
        rows: await engine.query<{ ip: string; live: boolean }>(
          `SELECT IpAddress AS ip, ("End" IS NULL OR "End" > TIMESTAMPTZ '${watermark}') AS live
           FROM read_parquet(${sqlStringList([p])}, hive_partitioning = false) ORDER BY ip`,
        ),
      })),
    );
  };

  it('writes a released lease and a lease still running into different files of their hour', async () => {
    await land('run1.log', [
      `${host('10:00:00')}DHCPACK on 10.9.0.1 to 00:50:56:83:6c:01 (HOST-A) via eth1 lease-duration 3600`,
      `${host('10:05:00')}DHCPACK on 10.9.0.2 to 00:50:56:83:6c:02 (HOST-B) via eth1 lease-duration 86400`,
      `${host('10:20:00')}DHCPRELEASE of 10.9.0.1 from 00:50:56:83:6c:01 (HOST-A) via eth1 (found)`,
    ]);
    const files = await hourTenFiles('10:20:00');
    expect(files).toHaveLength(2);
    const byIp = Object.fromEntries(files.flatMap((f) => f.rows.map((r) => [r.ip, { path: f.path, live: r.live }])));
    expect(byIp['10.9.0.1']?.live).toBe(false);
    expect(byIp['10.9.0.2']?.live).toBe(true);
    expect(byIp['10.9.0.1']?.path).not.toBe(byIp['10.9.0.2']?.path);
  });

  it('a renewal rewrites the live file of the hour and leaves the settled one as it is', async () => {
    const before = await hourTenFiles('10:20:00');
    const settled = before.find((f) => f.rows.every((r) => !r.live))?.path;
    const live = before.find((f) => f.rows.every((r) => r.live))?.path;
    await land('run2.log', [`${host('11:00:00')}DHCPACK on 10.9.0.2 to 00:50:56:83:6c:02 (HOST-B) via eth1 lease-duration 86400`]);
    const after = await hourTenFiles('11:00:00');
    const paths = after.map((f) => f.path);
    expect(paths).toContain(settled);
    expect(paths).not.toContain(live);
    // The renewed lease is still found in its first hour, once, in a file of live rows only.
    const renewed = after.filter((f) => f.rows.some((r) => r.ip === '10.9.0.2'));
    expect(renewed).toHaveLength(1);
    expect(renewed[0]?.rows.every((r) => r.live)).toBe(true);
  });
});
