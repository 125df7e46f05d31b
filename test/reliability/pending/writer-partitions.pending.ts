/**
 * PENDING (fails today): the ETL crashes when one run touches a few thousand hour partitions.
 *
 * TableWriter (src/table/writer.ts) keeps one DuckDB stage table per partition until finish(); each costs
 * hundreds of KB of engine memory, so at the default 1 GB limit a writer fails past ~2,000–2,500 partitions with
 * DuckDB's bare "Failed to append: could not allocate block of size 32.0 KiB (953.6 MiB/953.6 MiB used)".
 * ip_attribution_gold copies every interval into each hour it covers (up to maxIntervalHours, now 366 × 24 = 8,784),
 * so one valid DHCPACK with a one-year lease-duration is enough, as are six 40-day leases 45 days apart (a year of logs
 * backfilled in one run).
 *
 * Run: npx vitest run --config test/reliability/pending/vitest.pending.config.ts writer-partitions
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../../src/etl/index.js';
import { ipAttributionGold } from '../../../src/lake/index.js';
import { LocalStore } from '../../../src/storage/local.js';
import { DeltaTable, TableWriter } from '../../../src/table/index.js';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-pending-partitions-'));
  engine = await Engine.create({ threads: 1 });
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** DHCPACKs of `leaseSeconds`, `count` of them `gapDays` apart, ending a week ago (year-less clocks: within 12 months). */
async function leaseLake(name: string, count: number, gapDays: number, leaseSeconds: number): Promise<LocalStore> {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = new Date(Date.now() - 7 * 86_400_000 - (count - 1 - i) * gapDays * 86_400_000);
    const stamp = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} 10:00:00`;
    lines.push(
      `<30>${stamp} infoblox-01.corp.example.com dhcpd[1]: DHCPACK on 10.64.0.${10 + i} to 00:1d:45:53:f6:${10 + i} ` +
        `(host${i}) via 10.64.0.1 relay 10.64.0.1 lease-duration ${leaseSeconds}`,
    );
  }
  const file = path.join(dir, `${name}.log`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const store = new LocalStore(path.join(dir, name));
  await ingestFiles(store, 'dhcp', [file]);
  return store;
}

describe('runs that touch thousands of partitions', () => {
  it('the ETL completes on one DHCPACK with a one-year lease', async () => {
    const summary = await runEtl({ store: await leaseLake('one-year', 1, 0, 365 * 86_400), engine });
    expect(summary.intervals.written).toBe(1);
    expect(summary.intervals.partitions).toBeGreaterThan(2_500);
  }, 600_000);

  it('the ETL completes on six 40-day DHCP leases spread over a year', async () => {
    const summary = await runEtl({ store: await leaseLake('six', 6, 45, 40 * 86_400), engine });
    expect(summary.intervals.written).toBe(6);
    expect(summary.intervals.partitions).toBeGreaterThan(2_500);
  }, 600_000);

  it('a TableWriter writes 3,000 partitions of one row each', async () => {
    const store = new LocalStore(path.join(dir, 'writer'));
    const table = await DeltaTable.create(store, ipAttributionGold);
    const writer = await TableWriter.create(engine, table);
    const row = ipAttributionGold.columns.map((c) =>
      c.type === 'timestamp' ? 1_700_000_000_000 : c.type === 'integer' || c.type === 'long' ? 1 : c.nullable ? null : 'x',
    );
    for (let i = 0; i < 3_000; i += 1) {
      const hour = new Date(1_700_000_000_000 + i * 3_600_000).toISOString();
      await writer.append({ dt: hour.slice(0, 10), hr: hour.slice(11, 13) }, row);
    }
    expect(await writer.finish()).toHaveLength(3_000);
  }, 600_000);
});
