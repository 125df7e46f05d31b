import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, sqlStringList, type PlainRow } from '../../src/engine/index.js';
import { hourPartitionOf, partitionKey } from '../../src/etl/attribution/index.js';
import { ingestFiles, runEtl, type LandingSource } from '../../src/etl/index.js';
import { ipAttributionGold } from '../../src/lake/gold.js';
import type { LocalStore } from '../../src/storage/local.js';
import { DeltaTable, scanPaths } from '../../src/table/index.js';
import { dhcpAck, radiusAccounting, type AcctFields } from '../attribution/syslog-lines.js';
import { goldHash, tempLake, type TempLake } from './helpers.js';

/**
 * Where ip_attribution_gold stores intervals, end to end (raw syslog → ETL → the one hour partition a lookup reads):
 * leases renewed for months are in every hour they cover, open sessions only up to a horizon after their last record.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

let engine: Engine;
const lakes: TempLake[] = [];
beforeAll(async () => {
  engine = await Engine.create();
});
afterAll(async () => {
  await engine.close();
  for (const lake of lakes) await lake.cleanup();
});

async function newLake(): Promise<TempLake> {
  const lake = await tempLake();
  lakes.push(lake);
  await mkdir(path.join(lake.scratch, 'in'), { recursive: true });
  return lake;
}

/** Write `lines` to a file and land it with ingest time `ingestAt` (year-less DHCP clocks resolve against it). */
async function land(lake: TempLake, source: LandingSource, name: string, lines: string[], ingestAt: number): Promise<void> {
  const file = path.join(lake.scratch, 'in', name);
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
  await ingestFiles(lake.store, source, [file], () => ingestAt);
}

async function goldTable(store: LocalStore): Promise<DeltaTable> {
  return DeltaTable.open(store, ipAttributionGold);
}

/** whoHad(ip, at) the way the gateway asks it: only the instant's hour partition is read. */
async function whoHad(store: LocalStore, ip: string, at: number): Promise<{ rows: PlainRow[]; filesRead: number }> {
  const table = await goldTable(store);
  const { dt, hr } = hourPartitionOf(at);
  const files = table.snapshot().filesInPartition({ dt, hr });
  if (files.length === 0) return { rows: [], filesRead: 0 };
  const paths = await scanPaths(table, files);
  const ts = `'${iso(at)}'::TIMESTAMPTZ`;
  const rows = await engine.query(
    `SELECT DISTINCT ON (IntervalId) * FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false)
     WHERE IpAddress = '${ip}' AND Start <= ${ts} AND ("End" IS NULL OR "End" > ${ts})`,
  );
  return { rows, filesRead: files.length };
}

/** The hour partitions holding rows of one IP, sorted. */
async function partitionsOfIp(store: LocalStore, ip: string): Promise<string[]> {
  const table = await goldTable(store);
  const files = table.snapshot().files;
  const paths = await scanPaths(table, files);
  const partitionOf = new Map(paths.map((p, i) => [p, files[i]?.partitionValues]));
  const rows = await engine.query<{ filename: string }>(
    `SELECT DISTINCT filename FROM read_parquet(${sqlStringList(paths)}, hive_partitioning = false, filename = true) WHERE IpAddress = '${ip}'`,
  );
  return rows.map((r) => partitionOf.get(r.filename)).map((v) => partitionKey({ dt: v?.dt ?? '', hr: v?.hr ?? '' })).sort();
}

describe('ip_attribution_gold placement', () => {
  it('finds a lease renewed daily for 60 days at day 45, reading only that hour partition', async () => {
    const lake = await newLake();
    const t0 = Date.parse('2026-08-01T10:00:00Z');
    const ip = '10.1.0.5';
    const mac = '00:11:22:33:44:55';
    // A one-day lease renewed every 12 hours (at half its time, as DHCP clients do), the last renewal on day 59.
    const acks = Array.from({ length: 119 }, (_, i) => dhcpAck(t0 + i * 12 * HOUR, ip, mac, 86_400));
    await land(lake, 'dhcp', 'renewals.log', acks, t0 + 61 * DAY);
    await runEtl({ store: lake.store, engine });

    const at = t0 + 45 * DAY + 3 * HOUR + 17 * 60_000;
    const { rows, filesRead } = await whoHad(lake.store, ip, at);
    expect(filesRead).toBe(1);
    expect(rows).toHaveLength(1);
    // Renewals extend one interval: [first ACK, last ACK + lease).
    expect(rows[0]).toMatchObject({ MacAddress: mac, Start: t0, End: t0 + 60 * DAY, EndReason: 'lease_end', Evidence: 119 });
    // Every hour it covers, none outside.
    expect(await partitionsOfIp(lake.store, ip)).toHaveLength(60 * 24);
  }, 300_000);

  it('asserts an open session up to a day after its last record, and not after, however the runs are cut', async () => {
    const a = Date.parse('2026-09-01T10:30:00Z');
    const session: AcctFields = { user: 'alice', ip: '10.9.0.5', mac: 'd4:ca:6d:14:87:3b', sessionId: 'S-open-1' };
    const lastRecord = a + 2 * HOUR;
    const files: { name: string; source: LandingSource; lines: string[]; ingestAt: number }[] = [
      {
        name: 'acct.log',
        source: 'ise',
        lines: [radiusAccounting(a, 'Start', session), radiusAccounting(lastRecord, 'Interim-Update', { ...session, sessionSeconds: 7200 })],
        ingestAt: a + 3 * HOUR,
      },
      // Later DHCP traffic moves the watermark on: first within the horizon, then days past it. No Stop ever comes.
      { name: 'dhcp-1.log', source: 'dhcp', lines: [dhcpAck(a + 10 * HOUR, '10.1.7.7', '00:aa:bb:cc:dd:01', 600)], ingestAt: a + 11 * HOUR },
      { name: 'dhcp-2.log', source: 'dhcp', lines: [dhcpAck(a + 3 * DAY, '10.1.7.8', '00:aa:bb:cc:dd:02', 600)], ingestAt: a + 3 * DAY + HOUR },
    ];
    // One run per file (the watermark moves in steps), and one run over all files: the same gold.
    const stepwise = await newLake();
    const batch = await newLake();
    for (const f of files) {
      await land(stepwise, f.source, f.name, f.lines, f.ingestAt);
      await land(batch, f.source, f.name, f.lines, f.ingestAt);
    }
    const steps = await runEtl({ store: stepwise.store, engine, maxObjectsPerRun: 1 });
    expect(steps.versions).toHaveLength(3);
    await runEtl({ store: batch.store, engine });
    expect(await goldHash(engine, stepwise.store)).toBe(await goldHash(engine, batch.store));

    for (const lake of [stepwise, batch]) {
      const within = await whoHad(lake.store, session.ip, lastRecord + 23 * HOUR);
      expect(within.rows).toHaveLength(1);
      // The row keeps the honest fact: no Stop was seen.
      expect(within.rows[0]).toMatchObject({ MacAddress: session.mac, UserName: 'alice', End: null, EndReason: 'open', Start: a });
      expect((await whoHad(lake.store, session.ip, lastRecord + 25 * HOUR)).rows).toEqual([]);
      expect((await whoHad(lake.store, session.ip, a + 3 * DAY)).rows).toEqual([]);
      // Hours 10:00 on day 1 through 12:00 on day 2 (the hour of last record + 24 h).
      const hours = await partitionsOfIp(lake.store, session.ip);
      expect(hours[0]).toBe(partitionKey(hourPartitionOf(a)));
      expect(hours.at(-1)).toBe(partitionKey(hourPartitionOf(lastRecord + DAY)));
      expect(hours).toHaveLength(27);
    }
  }, 120_000);

  it('keeps a 2014 session that never stopped small when the watermark is in 2026', async () => {
    const lake = await newLake();
    const start = Date.parse('2014-01-10T08:00:00Z');
    const session: AcctFields = { user: 'bob', ip: '172.16.4.20', mac: '5c:0a:5b:43:3f:79', sessionId: 'S-2014' };
    await land(
      lake,
      'ise',
      'old.log',
      [radiusAccounting(start, 'Start', session), radiusAccounting(start + HOUR, 'Interim-Update', { ...session, sessionSeconds: 3600 })],
      Date.parse('2026-11-02T00:00:00Z'),
    );
    const now = Date.parse('2026-11-01T12:00:00Z');
    await land(lake, 'dhcp', 'new.log', [dhcpAck(now, '10.1.0.9', '00:11:22:33:44:99', 3600)], now + HOUR);
    const summary = await runEtl({ store: lake.store, engine });
    expect(summary.watermark).toBe(now);

    const hours = await partitionsOfIp(lake.store, session.ip);
    expect(hours[0]).toBe('dt=2014-01-10/hr=08');
    expect(hours.at(-1)).toBe('dt=2014-01-11/hr=09');
    expect(hours).toHaveLength(26);
    // The whole table stays small: the session's day and the 2026 lease's hour.
    expect((await goldTable(lake.store)).snapshot().fileCount).toBe(27);
    expect((await whoHad(lake.store, session.ip, start + 12 * HOUR)).rows).toMatchObject([{ EndReason: 'open', UserName: 'bob' }]);
    expect((await whoHad(lake.store, session.ip, start + 30 * DAY)).rows).toEqual([]);
  }, 120_000);
});
