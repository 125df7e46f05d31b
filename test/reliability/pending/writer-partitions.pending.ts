/**
 * SLOW (passes, ~50 s, so kept out of the default suite): a year of logs backfilled in one run, as six 40-day DHCP
 * leases 45 days apart (5,760 hour partitions of ip_attribution_gold). The default suite covers the same writer path
 * with one one-year lease (test/reliability/writer-partitions.test.ts) and 3,000 partitions under a small engine
 * memory limit (test/table/writer-partitions.test.ts).
 *
 * Run: npx vitest run --config test/reliability/pending/vitest.pending.config.ts writer-partitions
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/index.js';
import { runEtl } from '../../../src/etl/index.js';
import { leaseLake } from '../lease-lake.js';

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

describe('a year backfilled in one run', () => {
  it('the ETL completes on six 40-day DHCP leases spread over a year', async () => {
    const summary = await runEtl({ store: await leaseLake(dir, 'six', 6, 45, 40 * 86_400), engine });
    expect(summary.intervals.written).toBe(6);
    expect(summary.intervals.partitions).toBeGreaterThan(2_500);
  }, 600_000);
});
