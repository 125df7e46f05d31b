import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { etlDefaults, ingestFiles, resolveEtlOptions, runEtl } from '../../src/etl/index.js';
import { tempLake } from './helpers.js';

/**
 * A run that starts its own DuckDB engine gives it the ETL's memory limit (engineMemoryLimit), not the
 * engine's general default: the ETL's working set is bounded, and a server keeps its own limit.
 */
describe('engineMemoryLimit', () => {
  it('defaults in etlDefaults and accepts DuckDB sizes', () => {
    const lake = { store: {} as never };
    expect(resolveEtlOptions(lake).engineMemoryLimit).toBe(etlDefaults.engineMemoryLimit);
    expect(resolveEtlOptions({ ...lake, engineMemoryLimit: ' 1.5GB ' }).engineMemoryLimit).toBe('1.5GB');
    expect(resolveEtlOptions({ ...lake, engineMemoryLimit: '300MiB' }).engineMemoryLimit).toBe('300MiB');
  });

  it('rejects a value DuckDB would not read as a size, naming the option', () => {
    for (const bad of ['', 'lots', '512', '-1GB', 'GB']) {
      expect(() => resolveEtlOptions({ store: {} as never, engineMemoryLimit: bad })).toThrow(/^etl: engineMemoryLimit must be a size/);
      expect(() => resolveEtlOptions({ store: {} as never, engineAllocatorFlushThreshold: bad })).toThrow(
        /^etl: engineAllocatorFlushThreshold must be a size/,
      );
    }
  });

  it('defaults the allocator flush threshold in etlDefaults', () => {
    const lake = { store: {} as never };
    expect(resolveEtlOptions(lake).engineAllocatorFlushThreshold).toBe(etlDefaults.engineAllocatorFlushThreshold);
    expect(resolveEtlOptions({ ...lake, engineAllocatorFlushThreshold: '16MB' }).engineAllocatorFlushThreshold).toBe('16MB');
  });

  it('runs with its own engine under a small limit', async () => {
    const lake = await tempLake();
    try {
      const lines = Array.from(
        { length: 2_000 },
        (_, i) =>
          `<30>Nov  1 06:27:${String(i % 60).padStart(2, '0')} infoblox-01.corp.example.com dhcpd[5021]: DHCPDISCOVER from 98:d6:f7:e0:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} via 10.64.2.1 TransID ${i.toString(16).padStart(8, '0')}`,
      );
      const file = path.join(lake.scratch, 'dhcp.log');
      await writeFile(file, `${lines.join('\n')}\n`);
      await ingestFiles(lake.store, 'dhcp', [file]);
      const summary = await runEtl({ store: lake.store, engineMemoryLimit: '128MB' });
      expect(summary.status).toBe('completed');
      expect(summary.lines.dhcp).toBe(2_000);
      expect(summary.rows['bronze/dhcp_bronze']).toBe(2_000);
    } finally {
      await lake.cleanup();
    }
  });
});
