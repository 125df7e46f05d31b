/**
 * Runs that touch thousands of hour partitions, with default ETL options. ip_attribution_gold copies every interval
 * into each hour it covers (up to maxIntervalHours, 366 × 24 = 8,784), so one DHCPACK with a one-year
 * lease-duration is enough (six 40-day leases over a year: pending/writer-partitions.pending.ts, slow). The
 * TableWriter used to keep a DuckDB stage table per partition until finish() and ran out of engine memory past
 * ~2,000–2,500 partitions; it now writes out staged partitions past maxStagedPartitions (test/table/writer-partitions).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { runEtl } from '../../src/etl/index.js';
import { leaseLake } from './lease-lake.js';

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

describe('runs that touch thousands of partitions', () => {
  it('the ETL completes on one DHCPACK with a one-year lease', async () => {
    const summary = await runEtl({ store: await leaseLake(dir, 'one-year', 1, 0, 365 * 86_400), engine });
    expect(summary.intervals.written).toBe(1);
    expect(summary.intervals.partitions).toBeGreaterThan(2_500);
  }, 300_000);
});
