import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { etlDefaults, ingestFiles, resolveEtlOptions, runEtl } from '../../src/etl/index.js';
import { tempLake } from './helpers.js';

/**
 * writerFlushBytes bounds the rows each of a run's table writers holds in JS. A tiny budget flushes after almost
 * every batch: the run must still account for every line and write the same rows.
 */
describe('writerFlushBytes', () => {
  it('defaults in etlDefaults and rejects what is not a positive integer, naming the option', () => {
    expect(resolveEtlOptions({ store: {} as never }).writerFlushBytes).toBe(etlDefaults.writerFlushBytes);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => resolveEtlOptions({ store: {} as never, writerFlushBytes: bad })).toThrow(/^etl: writerFlushBytes must be a positive integer/);
    }
  });

  it('writes the same rows with a budget that flushes after every few rows', async () => {
    const lines = Array.from(
      { length: 3_000 },
      (_, i) =>
        `<30>Nov  1 ${String(6 + (i % 3)).padStart(2, '0')}:27:${String(i % 60).padStart(2, '0')} infoblox-01.corp.example.com dhcpd[5021]: DHCPACK on 10.64.${(i >> 8) & 255}.${i & 255} to 98:d6:f7:e0:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} via eth1 lease-duration 3600`,
    );
    const rowsWith = async (writerFlushBytes: number): Promise<Record<string, number>> => {
      const lake = await tempLake();
      try {
        const file = path.join(lake.scratch, 'dhcp.log');
        await writeFile(file, `${lines.join('\n')}\n`);
        await ingestFiles(lake.store, 'dhcp', [file]);
        const summary = await runEtl({ store: lake.store, writerFlushBytes });
        expect(summary.status).toBe('completed');
        expect(summary.lines.dhcp).toBe(lines.length);
        return summary.rows;
      } finally {
        await lake.cleanup();
      }
    };
    const small = await rowsWith(4_096);
    expect(small['bronze/dhcp_bronze']).toBe(lines.length);
    expect(small['silver/dhcp_silver']).toBe(lines.length);
    expect(small).toEqual(await rowsWith(etlDefaults.writerFlushBytes));
  });
});
