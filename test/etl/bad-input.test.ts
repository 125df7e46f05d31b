import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import { EtlBusyError, ingestFiles, runEtl } from '../../src/etl/index.js';
import { fixture, readTable, tempLake } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create();
});
afterAll(async () => {
  await engine.close();
});

describe('bad input', () => {
  it('keeps NUL bytes, invalid UTF-8 and a 10 MB line in bronze, quarantines a truncated gzip remainder, and balances', async () => {
    const lake = await tempLake();
    try {
      const good = '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[17530]: DHCPACK on 192.168.0.4 to 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 lease-duration 1800';
      const invalid = Buffer.from([0x41, 0xff, 0xfe, 0x42]);
      const plain = Buffer.concat([
        Buffer.from(`${good}\r\nwith\0nul\n`),
        invalid,
        Buffer.from('\n'),
        Buffer.alloc(10 * 1024 * 1024, 0x78),
        Buffer.from(`\n${good}\n`),
      ]);
      const plainFile = path.join(lake.scratch, 'odd.log');
      await writeFile(plainFile, plain);
      const gz = gzipSync(Buffer.from(Array.from({ length: 3000 }, (_, i) => `${good} line ${i}`).join('\n')));
      const truncated = path.join(lake.scratch, 'cut.log.gz');
      await writeFile(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
      const binary = path.join(lake.scratch, 'image.bin');
      await writeFile(binary, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
      await ingestFiles(lake.store, 'dhcp', [plainFile, truncated, binary]);

      const summary = await runEtl({ store: lake.store, engine });
      expect(summary.unreadableObjects).toBe(1);
      expect(summary.quarantined['unreadable:truncated_gzip']).toBe(1);
      expect(summary.lines.dhcp).toBe(summary.silverLines.dhcp + summary.quarantinedLines.dhcp);

      const bronze = await readTable(engine, lake.store, 'bronze/dhcp_bronze', 'LandingObject, LineNumber');
      const odd = bronze.filter((r) => String(r.LandingObject).endsWith('odd.log'));
      expect(odd.map((r) => r.LineNumber)).toEqual([1, 2, 3, 4, 5]);
      expect(odd[0]?.Line).toBe(good); // \r of \r\n dropped
      expect(odd[1]?.Line).toBe('with\0nul');
      expect(odd[1]?.RawBytes).toBeNull();
      expect(Buffer.from(odd[2]?.RawBytes as Uint8Array)).toEqual(invalid);
      expect(odd[3]?.LineBytes).toBe(10 * 1024 * 1024);
      expect(String(odd[3]?.Line).length).toBe(10 * 1024 * 1024);
      expect(odd[4]?.ByteOffset).toBe(plain.length - good.length - 1);

      const cut = bronze.filter((r) => String(r.LandingObject).endsWith('cut.log.gz'));
      expect(cut.length).toBeGreaterThan(0);
      expect(cut.length).toBeLessThan(3000);
      const quarantine = await readTable(engine, lake.store, 'silver/quarantine');
      const unreadable = quarantine.find((r) => r.Kind === 'unreadable');
      expect(unreadable).toMatchObject({ Rule: 'truncated_gzip', LineCount: 0, LineNumber: cut.length + 1 });
      expect(quarantine.some((r) => r.Rule === 'binary_garbage')).toBe(true);
      expect(quarantine.some((r) => r.Rule === 'line_too_long')).toBe(true);
      // The good lines went to silver.
      const silver = await readTable(engine, lake.store, 'silver/dhcp_silver');
      expect(silver.filter((r) => String(r.LandingObject).endsWith('odd.log'))).toHaveLength(2);
    } finally {
      await lake.cleanup();
    }
  });
});

describe('concurrent runs', () => {
  it('two runs at once: one proceeds, the other exits with a clear message or waits; rows are never doubled', async () => {
    const lake = await tempLake();
    try {
      await ingestFiles(lake.store, 'ise', [fixture('apache-metron-ise', 'IseParserTest.txt')]);
      const second = await Engine.create();
      try {
        const results = await Promise.allSettled([
          runEtl({ store: lake.store, engine }),
          runEtl({ store: lake.store, engine: second }),
        ]);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        for (const failure of failures) {
          expect(failure.reason).toBeInstanceOf(EtlBusyError);
          expect(String(failure.reason.message)).toMatch(/another ETL run .* is executing run 1/);
        }
        expect(results.some((r) => r.status === 'fulfilled' && r.value.versions.includes(1))).toBe(true);
        // The waiting mode: both finish, the second finds nothing left to do.
        await ingestFiles(lake.store, 'dhcp', [fixture('elastic-integrations-infoblox-nios', 'test-dhcp.log')]);
        // (2014 ISE then 2026 DHCP: keep the open sessions' copies to a day so the test stays fast.)
        const waited = await Promise.all([
          runEtl({ store: lake.store, engine, onBusy: 'wait', maxIntervalHours: 24 }),
          runEtl({ store: lake.store, engine: second, onBusy: 'wait', maxIntervalHours: 24 }),
        ]);
        expect(waited.flatMap((s) => s.versions).sort()).toEqual([2]);
      } finally {
        await second.close();
      }
      expect(await readTable(engine, lake.store, 'bronze/ise_bronze')).toHaveLength(308);
      expect(await readTable(engine, lake.store, 'bronze/dhcp_bronze')).toHaveLength(57);
    } finally {
      await lake.cleanup();
    }
  });
});
