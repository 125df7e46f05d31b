import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.js';
import type { TruthInterval } from '../../src/generator/truth.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { LocalStore } from '../../src/storage/local.js';
import { data } from './client.js';
import { ingestFiles } from '../../src/etl/landing.js';
import { runEtl } from '../../src/etl/run.js';
import { iseFixtures } from '../etl/helpers.js';
import { buildEtlLake } from './etl-lake.js';

/**
 * The gateway on a lake built by the real ETL from generator logs, answers checked against truth.jsonl.
 */
describe('gateway on an ETL-built lake (generator truth)', () => {
  let dir: string;
  let engine: Engine;
  let server: RunningServer;
  let truth: TruthInterval[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-gw-etl-'));
    engine = await Engine.create({ threads: 2 });
    const store = new LocalStore(path.join(dir, 'lake'));
    truth = await buildEtlLake(store, engine, path.join(dir, 'logs'), { days: 1, devices: 40, seed: 11 });
    server = await startServer({ store, port: 0, engine, cacheDir: path.join(dir, 'cache') });
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every k-th closed truth interval: a spread over IPs, sources and times, small enough to stay fast. */
  const sample = (): TruthInterval[] => {
    const closed = truth.filter((t) => t.end !== null);
    const step = Math.max(1, Math.floor(closed.length / 40));
    return closed.filter((_, i) => i % step === 0);
  };

  it('whoHad finds each truth interval at its start and its middle', async () => {
    expect(sample().length).toBeGreaterThanOrEqual(20);
    expect(sample().some((t) => t.userName !== null)).toBe(true);
    for (const t of sample()) {
      const start = Date.parse(t.start);
      const end = Date.parse(t.end as string);
      for (const instant of [start, Math.floor((start + end) / 2)]) {
        const result = await data(url(), `query($ip: IPAddress!, $at: DateTime!) { whoHad(ip: $ip, at: $at) { mac userName source start end } }`, {
          variables: { ip: t.ip, at: new Date(instant).toISOString() },
        });
        expect(result.whoHad, `${t.ip} at ${new Date(instant).toISOString()}`).toContainEqual({
          mac: t.mac, userName: t.userName, source: t.source.toUpperCase(), start: t.start, end: t.end,
        });
      }
    }
  });

  it('ip, user and mac reports list exactly the truth intervals overlapping the window', async () => {
    for (const t of sample().slice(0, 10)) {
      const from = Date.parse(t.start) - 3_600_000;
      const to = Date.parse(t.start) + 3_600_000;
      const overlaps = (x: TruthInterval) => Date.parse(x.start) <= to && (x.end === null || Date.parse(x.end) > from);
      const window = `from: "${new Date(from).toISOString()}", to: "${new Date(to).toISOString()}"`;
      const result = await data(url(), `{
        ip(address: "${t.ip}", ${window}) { attributions { mac source start } }
        mac(address: "${t.mac}", ${window}) { attributions { ip source start } }
      }`);
      const key = (x: { source: string; start: string }, id: string) => `${id}|${x.source.toLowerCase()}|${x.start}`;
      expect(result.ip.attributions.map((a: { mac: string; source: string; start: string }) => key(a, a.mac)).sort()).toEqual(
        truth.filter((x) => x.ip === t.ip && overlaps(x)).map((x) => key(x, x.mac)).sort(),
      );
      expect(result.mac.attributions.map((a: { ip: string; source: string; start: string }) => key(a, a.ip)).sort()).toEqual(
        truth.filter((x) => x.mac === t.mac && overlaps(x)).map((x) => key(x, x.ip)).sort(),
      );
      if (t.userKey !== null) {
        const user = await data(url(), `{ user(name: "${t.userKey}", ${window}) { attributions { ip source start } } }`);
        expect(user.user.attributions.map((a: { ip: string; source: string; start: string }) => key(a, a.ip)).sort()).toEqual(
          truth.filter((x) => x.userKey === t.userKey && overlaps(x)).map((x) => key(x, x.ip)).sort(),
        );
      }
    }
  });

  it('pipeline reports the ETL run, its watermark and the gold table versions', async () => {
    const result = await data(url(), '{ pipeline { watermark freshnessSeconds lastRun { runId status objects lines } quality { table expectation rows } tables { name version rows } } }');
    const p = result.pipeline;
    expect(p.lastRun.status).toBe('completed');
    expect(p.lastRun.objects).toBeGreaterThan(0);
    expect(p.lastRun.lines).toBeGreaterThan(truth.length);
    expect(Date.parse(p.watermark)).toBeGreaterThanOrEqual(Math.max(...truth.map((t) => Date.parse(t.start))));
    for (const table of p.tables) {
      expect(table.version).toBeGreaterThanOrEqual(1);
      expect(table.rows).toBeGreaterThan(0);
    }
    for (const q of p.quality) expect(q.rows).toBeGreaterThanOrEqual(0);
  });

  const url = (): string => server.url;
});

describe('gateway on an ETL-built lake (real vendor log samples)', () => {
  let dir: string;
  let engine: Engine;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-gw-fixtures-'));
    engine = await Engine.create({ threads: 2 });
    const store = new LocalStore(path.join(dir, 'lake'));
    // The Metron ISE sample only (2014). Mixed with the year-less DHCP samples (placed in the current year),
    // intervals left open in 2014 are stored in every hour up to the 2026 watermark: the ETL then takes minutes.
    await ingestFiles(store, 'ise', iseFixtures.slice(0, 1));
    await runEtl({ store, engine });
    server = await startServer({ store, port: 0, engine, cacheDir: path.join(dir, 'cache') });
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('attributes the Metron RADIUS Start to frsung and his device', async () => {
    const result = await data(server.url, `{
      whoHad(ip: "10.33.250.89", at: "2014-08-07T07:00:20.554Z") { userName mac source start }
      user(name: "FRSUNG", from: "2014-08-07T00:00:00Z", to: "2014-08-08T00:00:00Z") { ips { ip } macs { mac } }
    }`);
    expect(result.whoHad).toContainEqual({ userName: 'frsung', mac: '10:68:3f:75:35:0c', source: 'ISE_RADIUS', start: '2014-08-07T07:00:20.554Z' });
    expect(result.user.ips.map((i: { ip: string }) => i.ip)).toContain('10.33.250.89');
    expect(result.user.macs.map((m: { mac: string }) => m.mac)).toContain('10:68:3f:75:35:0c');
  });
});
