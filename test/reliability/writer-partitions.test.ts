/**
 * Runs that touch thousands of hour partitions, with default ETL options. ip_attribution_gold copies every interval
 * into each hour it covers (up to maxIntervalHours, 366 × 24 = 8,784), so one DHCPACK with a one-year
 * lease-duration is enough (six 40-day leases over a year: pending/writer-partitions.pending.ts, slow). The
 * TableWriter used to keep a DuckDB stage table per partition until finish() and ran out of engine memory past
 * ~2,000–2,500 partitions; it now writes out staged partitions past maxStagedPartitions (test/table/writer-partitions).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../src/etl/index.js';
import { LocalStore } from '../../src/storage/local.js';

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-writer-partitions-'));
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
  }, 300_000);
});
