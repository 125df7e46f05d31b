import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The ETL bench's baseline (bench/lib/duckdb-dhcp-etl.mjs) must do the work it is credited with: every line to bronze
// with its number and byte offset, each line to silver or quarantine, gold events by hour. A baseline that silently
// dropped lines would flatter DuckDB.
const script = new URL('../../bench/lib/duckdb-dhcp-etl.mjs', import.meta.url).pathname;
const lines = [
  '<30>Nov 19 00:00:06 infoblox-01 dhcpd[2232]: DHCPACK on 10.32.12.10 to 3c:d9:2b:53:db:e0 (NPI53DBE0) via 10.32.12.1 lease-duration 86400',
  'not a syslog line at all',
  '<30>Nov 19 00:00:05 infoblox-01 dhcpd[2232]: DHCPDISCOVER from 00:50:c2:fb:d8:9c (AXIS-FBD89C) via 10.32.14.1',
  '<30>Nov 19 01:10:17 infoblox-01 dhcpd[2232]: DHCPACK on 10.32.1.7 to 00:50:c2:fb:d8:9c (AXIS-FBD89C) via 10.32.14.1 lease-duration 3600',
];

let dir: string;
let rows: Record<string, number>;
let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
const query = async (sql: string): Promise<unknown[][]> => (await db.runAndReadAll(sql)).getRows();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'iplake-baseline-'));
  const object = path.join(dir, 'dhcp.log');
  await writeFile(object, lines.map((l) => `${l}\n`).join(''));
  const { stdout } = await promisify(execFile)(process.execPath, [script, path.join(dir, 'out'), '2026', object]);
  rows = JSON.parse(stdout) as Record<string, number>;
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run("SET TimeZone = 'UTC'");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const table = (name: string): string => `read_parquet('${dir}/out/${name}/**/*.parquet', hive_partitioning = true)`;

describe('the ETL bench baseline (DuckDB alone)', () => {
  it('accounts for every line: bronze = silver + quarantine', async () => {
    expect(rows).toEqual({ bronze: 4, silver: 3, quarantine: 1, gold: 2 });
    expect(await query(`SELECT count(*)::INT FROM ${table('bronze')}`)).toEqual([[4]]);
    expect(await query(`SELECT RawLine FROM ${table('quarantine')}`)).toEqual([['not a syslog line at all']]);
  });

  it('keeps each line with its number and byte offset', async () => {
    const expected = lines.map((line, i) => [i + 1, lines.slice(0, i).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0), line]);
    expect(await query(`SELECT LineNumber::INT, ByteOffset::INT, RawLine FROM ${table('bronze')} ORDER BY LineNumber`)).toEqual(expected);
  });

  it('parses the fields and writes the gold events of each hour', async () => {
    expect(await query(`SELECT IpAddress, MacAddress, EventType, Hostname, LeaseSeconds, strftime(EventTimestamp, '%m-%d %H:%M:%S') FROM ${table('silver')} ORDER BY LineNumber`)).toEqual([
      ['10.32.12.10', '3c:d9:2b:53:db:e0', 'ACK', 'NPI53DBE0', 86400, '11-19 00:00:06'],
      [null, '00:50:c2:fb:d8:9c', 'DISCOVER', 'AXIS-FBD89C', null, '11-19 00:00:05'],
      ['10.32.1.7', '00:50:c2:fb:d8:9c', 'ACK', 'AXIS-FBD89C', 3600, '11-19 01:10:17'],
    ]);
    expect(await query(`SELECT IpAddress, hr::INT FROM ${table('gold')} ORDER BY hr, IpAddress`)).toEqual([
      ['10.32.12.10', 0],
      ['10.32.1.7', 1],
    ]);
  });
});
