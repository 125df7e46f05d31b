import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { dhcpAck, radiusAccounting } from '../attribution/syslog-lines.js';
import { goldHash, readTable, tempLake, type TempLake } from './helpers.js';

/**
 * The gold step reads only the ip_attribution_gold files that can hold the stored intervals a run changes
 * (src/etl/gold-prior-files.ts). Each batch below changes an interval whose copies lie only in partitions far behind
 * the run's own hours, found by one of the pruning rules; run by run, the lake must equal one run over all lines.
 */
const d = (n: number, h: number, m = 0): number => Date.UTC(2026, 10, n, h, m);
const A = '00:11:22:33:44:01';
const B = '00:11:22:33:44:02';
const C = '00:11:22:33:44:03';
const E = '00:11:22:33:44:05';

const batches: string[][] = [
  // Day 1: a 3-day lease; a session left open (its Stop comes days later, long after its horizon); a closed session.
  [
    dhcpAck(d(1, 10), '10.1.0.1', A, 3 * 86_400),
    radiusAccounting(d(1, 8), 'Start', { user: 'alice', ip: '10.2.0.1', mac: B, sessionId: 'S1' }),
    radiusAccounting(d(1, 9), 'Start', { user: 'bob', ip: '10.2.0.2', mac: C, sessionId: 'S2' }),
    radiusAccounting(d(1, 12), 'Stop', { user: 'bob', ip: '10.2.0.2', mac: C, sessionId: 'S2', sessionSeconds: 3 * 3600 }),
  ],
  // Day 5: S1's Stop; a repeated Stop of S2 (evidence for a session closed four days ago: the Stop's session time
  // points back into it); a Start-less Interim of S3, which began three days before.
  [
    dhcpAck(d(5, 10), '10.1.0.9', E, 3600),
    radiusAccounting(d(5, 9), 'Stop', { user: 'alice', ip: '10.2.0.1', mac: B, sessionId: 'S1', sessionSeconds: 4 * 86_400 + 3600 }),
    radiusAccounting(d(5, 10), 'Stop', { user: 'bob', ip: '10.2.0.2', mac: C, sessionId: 'S2', sessionSeconds: 4 * 86_400 }),
    radiusAccounting(d(5, 11), 'Interim-Update', { user: 'carol', ip: '10.2.0.3', mac: E, sessionId: 'S3', sessionSeconds: 3 * 86_400 }),
    // A Start-less Stop on the hour: S5 is [day 3 12:00, day 5 12:00), stored in no hour of the Stop itself.
    radiusAccounting(d(5, 12), 'Stop', { user: 'erin', ip: '10.2.0.5', mac: C, sessionId: 'S5', sessionSeconds: 2 * 86_400 }),
  ],
  // Day 6: S3's Stop (its stored interval starts on day 2); late data: a renewal of the day-1 lease on day 3.
  [
    dhcpAck(d(6, 10), '10.1.0.9', E, 3600),
    radiusAccounting(d(6, 11), 'Stop', { user: 'carol', ip: '10.2.0.3', mac: E, sessionId: 'S3', sessionSeconds: 4 * 86_400 }),
    dhcpAck(d(3, 10), '10.1.0.1', A, 3 * 86_400),
  ],
  // Day 7, late data: an accounting Start naming a person on the lease's MAC half an hour before it began
  // (re-stitches the lease; no DHCP event, so only the stitching window finds it).
  // A repeated Stop of S5: only the hour of its stored Stop's time minus session time finds its stored interval.
  [
    radiusAccounting(d(1, 9, 30), 'Start', { user: 'dave', ip: '10.2.0.4', mac: A, sessionId: 'S4' }),
    radiusAccounting(d(7, 12), 'Stop', { user: 'erin', ip: '10.2.0.5', mac: C, sessionId: 'S5', sessionSeconds: 3 * 86_400 }),
  ],
];

let engine: Engine;
let work: TempLake;

beforeAll(async () => {
  engine = await Engine.create();
  work = await tempLake();
});

afterAll(async () => {
  await engine.close();
  await work.cleanup();
});

/** Each batch lands as one DHCP and one ISE object (when it has such lines). */
async function ingestBatch(store: LocalStore, i: number): Promise<void> {
  const lines = batches[i]!;
  for (const source of ['dhcp', 'ise'] as const) {
    const own = lines.filter((line) => line.includes('dhcpd') === (source === 'dhcp'));
    if (own.length === 0) continue;
    const file = path.join(work.dir, `${source}-${i}.log`);
    await writeFile(file, `${own.join('\n')}\n`);
    await ingestFiles(store, source, [file]);
  }
}

describe.each([
  { name: 'default limits', maxIntervalHours: undefined },
  // The 3-day lease is then stored in its first day only: the day-3 renewal finds it through file stats.
  { name: 'leases cut short by maxIntervalHours', maxIntervalHours: 24 },
])('gold files read per run ($name)', ({ name, maxIntervalHours }) => {
  it('run by run, the lake equals one run over all batches', async () => {
    const slug = name.replaceAll(' ', '-');
    const once = new LocalStore(path.join(work.dir, `${slug}-once`));
    for (let i = 0; i < batches.length; i++) await ingestBatch(once, i);
    await runEtl({ store: once, engine, maxIntervalHours });

    const runs = new LocalStore(path.join(work.dir, `${slug}-runs`));
    for (let i = 0; i < batches.length; i++) {
      await ingestBatch(runs, i);
      await runEtl({ store: runs, engine, maxIntervalHours });
    }
    expect(await goldHash(engine, runs)).toBe(await goldHash(engine, once));

    // The changes the late batches made are there (not only equal: the single run could be wrong too).
    const rows = await readTable(engine, runs, 'gold/ip_attribution_gold');
    const latest = (ip: string): Record<string, unknown> | undefined => rows.find((r) => r.IpAddress === ip);
    expect(latest('10.2.0.1')).toMatchObject({ EndReason: 'stop', Evidence: 2 });
    expect(latest('10.2.0.2')).toMatchObject({ EndReason: 'stop', Evidence: 3 });
    expect(latest('10.2.0.3')).toMatchObject({ EndReason: 'stop', Evidence: 2 });
    expect(latest('10.2.0.5')).toMatchObject({ EndReason: 'stop', Evidence: 2 });
    const lease = latest('10.1.0.1');
    expect(lease).toMatchObject({ UserName: 'dave', Evidence: 2 });
    expect(Number(lease?.End)).toBe(d(6, 10));
    expect(new Set(rows.filter((r) => r.IpAddress === '10.2.0.3').map((r) => Number(r.Start)))).toEqual(new Set([d(2, 11)]));
  }, 120_000);
});
