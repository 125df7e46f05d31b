/**
 * SLOW (passes, ~50 s, so kept out of the default suite): a year of logs backfilled in one run, as six 40-day DHCP
 * leases 45 days apart (5,760 hour partitions of ip_attribution_gold). The default suite covers the same writer path
 * with one one-year lease (test/reliability/writer-partitions.test.ts) and 3,000 partitions under a small engine
 * memory limit (test/table/writer-partitions.test.ts).
 *
 * Run: npx vitest run --config test/reliability/pending/vitest.pending.config.ts writer-partitions
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.js';
import { ingestFiles, runEtl } from '../../../src/etl/index.js';
import { LocalStore } from '../../../src/storage/local.js';

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

describe('a year backfilled in one run', () => {
  it('the ETL completes on six 40-day DHCP leases spread over a year', async () => {
    const summary = await runEtl({ store: await leaseLake('six', 6, 45, 40 * 86_400), engine });
    expect(summary.intervals.written).toBe(6);
    expect(summary.intervals.partitions).toBeGreaterThan(2_500);
  }, 600_000);
});
