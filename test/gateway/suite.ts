import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { normalizeUser } from '../../src/parsers/normalize/index.js';
import type { ScanEvent } from '../../src/query/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { data } from './client.js';
import {
  ALICE_MAC, BATCH_IPS, Engine, appendRows, at, fixtureEvents, fixtureIntervals, hoursOf, partitionOf, writeGold,
  type GoldEvent, type Interval,
} from './gold-fixture.js';

/** Where a test lake lives: a local directory or a prefix in an s3rver bucket. */
export interface LakeFactory {
  create(): Promise<{ store: ObjectStore; dispose(): Promise<void> }>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const keyOf = (name: string | null): string | null => (name === null ? null : normalizeUser(name)?.key ?? null);
const SOURCE_ENUM: Record<string, string> = {
  dhcp: 'DHCP', ise_radius: 'ISE_RADIUS', ise_auth: 'ISE_AUTH', ise_posture: 'ISE_POSTURE', ise_profiler: 'ISE_PROFILER',
};

/** The oracle: what the gateway must answer, computed from the fixture with plain filters. */
const oracle = {
  whoHad: (intervals: Interval[], ip: string, t: number) =>
    intervals.filter((i) => i.ip === ip && i.start <= t && (i.end === null || t < i.end)),
  overlapping: (intervals: Interval[], match: (i: Interval) => boolean, from: number, to: number) =>
    intervals.filter((i) => match(i) && i.start <= to && (i.end === null || i.end > from)),
  events: (events: GoldEvent[], match: (e: GoldEvent) => boolean, from: number, to: number) =>
    events
      .filter((e) => match(e) && e.timestamp >= from && e.timestamp <= to)
      .sort((a, b) =>
        a.timestamp - b.timestamp || cmp(a.source, b.source) || cmp(a.landingObject, b.landingObject) ||
        a.lineNumber - b.lineNumber || cmp(a.eventType, b.eventType)),
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const attributionFields = 'ip mac userName hostname source start end endReason evidence intervalId';
const shapeOf = (i: Interval) => ({
  ip: i.ip, mac: i.mac, userName: i.userName, hostname: i.hostname, source: SOURCE_ENUM[i.source],
  start: iso(i.start), end: i.end === null ? null : iso(i.end), endReason: i.endReason, evidence: i.evidence, intervalId: i.intervalId,
});
const byId = (a: { intervalId: string }, b: { intervalId: string }) => cmp(a.intervalId, b.intervalId);
const eventKey = (e: { timestamp: string; eventType: string; lineage: { landingObject: string; lineNumber: number } }) =>
  `${e.timestamp}|${e.lineage.landingObject}|${e.lineage.lineNumber}|${e.eventType}`;
const oracleKey = (e: GoldEvent) => `${iso(e.timestamp)}|${e.landingObject}|${e.lineNumber}|${e.eventType}`;

/**
 * The end-to-end suite: a real server over HTTP on a lake written through the table format, every answer
 * checked against the fixture oracle. Run once per storage backend.
 */
export function runGatewaySuite(name: string, factory: LakeFactory): void {
  describe(`gateway end to end (${name})`, () => {
    const intervals = fixtureIntervals();
    const events = fixtureEvents();
    let lake: Awaited<ReturnType<LakeFactory['create']>>;
    let engine: Engine;
    let server: RunningServer;
    let url: string;
    let cacheDir: string;

    beforeAll(async () => {
      lake = await factory.create();
      engine = await Engine.create({ threads: 1 });
      await writeGold(lake.store, engine, intervals, events);
      cacheDir = await mkdtemp(path.join(os.tmpdir(), 'iplake-gw-cache-'));
      // Max age 0: the suite checks that a new commit is visible to the next request.
      server = await startServer({ store: lake.store, port: 0, engine, cacheDir, snapshotMaxAgeMs: 0 });
      url = server.url;
    });

    afterAll(async () => {
      await server?.close();
      await engine?.close();
      await lake?.dispose();
      if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    });

    it('whoHad returns every interval containing the instant, disagreements included', async () => {
      const cases: [string, number][] = [
        ['10.0.0.5', at('10:30')], // alice's lease and carol's VPN session overlap
        ['10.0.0.5', at('11:30')], // alice released at 11:30 (exclusive end), bob starts at 11:30
        ['10.0.0.5', at('08:59')], // nobody yet
        ['10.0.0.9', at('13:10')], // open interval, inside the stored hours
        ['10.0.0.9', at('09:00') + 5 * 24 * 3_600_000], // days after the watermark: still open
        ['2001:db8::7', at('08:30')],
      ];
      for (const [ip, t] of cases) {
        const result = await data(url, `query($ip: IPAddress!, $at: DateTime!) { whoHad(ip: $ip, at: $at) { ${attributionFields} } }`, {
          variables: { ip, at: iso(t) },
        });
        const expected = oracle.whoHad(intervals, ip, t).map(shapeOf).sort(byId);
        expect([...result.whoHad].sort(byId), `${ip} at ${iso(t)}`).toEqual(expected);
      }
      // Inputs in other spellings resolve to the canonical address and UTC.
      const v6 = await data(url, `{ whoHad(ip: "2001:DB8:0:0::7", at: "2026-11-20T09:30:00+01:00") { ip userName } }`);
      expect(v6.whoHad).toEqual([{ ip: '2001:db8::7', userName: 'dave' }]);
    });

    it('ip report: intervals, users, devices and event totals over a window', async () => {
      const from = at('10:50');
      const to = at('12:10');
      const result = await data(url, `{ ip(address: "10.0.0.5", from: "${iso(from)}", to: "${iso(to)}") {
        ip from to attributions { ${attributionFields} } users { name } macs { mac } events(first: 5) { totalCount }
      } }`);
      const expected = oracle.overlapping(intervals, (i) => i.ip === '10.0.0.5', from, to);
      expect(result.ip.attributions.map((a: { intervalId: string }) => a.intervalId)).toEqual(
        expected.sort((a, b) => a.start - b.start).map((i) => i.intervalId),
      );
      expect(result.ip.from).toBe(iso(from));
      const evs = oracle.events(events, (e) => e.ip === '10.0.0.5', from, to);
      expect(result.ip.events.totalCount).toBe(evs.length);
      const macs = new Set([...expected.map((i) => i.mac), ...evs.map((e) => e.mac)].filter((m) => m !== null));
      expect(result.ip.macs.map((m: { mac: string }) => m.mac).sort()).toEqual([...macs].sort());
      const userKeys = new Set([...expected.map((i) => i.userName), ...evs.map((e) => e.userName)].map(keyOf).filter((k) => k !== null));
      expect(result.ip.users.map((u: { name: string }) => keyOf(u.name)).sort()).toEqual([...userKeys].sort());
    });

    it('user and mac reports follow a device across addresses (nested through the same loaders)', async () => {
      const from = at('00:00');
      const to = at('23:59');
      const result = await data(url, `{ user(name: "ALICE", from: "${iso(from)}", to: "${iso(to)}") {
        name aliases attributions { intervalId } macs { mac ips { ip } } ips { ip }
      } mac(address: "AA-BB-CC-00-00-01", from: "${iso(from)}", to: "${iso(to)}") { mac ips { ip } users { name } } }`);
      const alice = oracle.overlapping(intervals, (i) => keyOf(i.userName) === 'alice', from, to);
      expect(result.user.attributions.map((a: { intervalId: string }) => a.intervalId).sort()).toEqual(alice.map((i) => i.intervalId).sort());
      expect(result.user.aliases.sort()).toEqual(['CORP\\alice', 'alice@corp.example']);
      expect(result.user.macs.map((m: { mac: string }) => m.mac)).toEqual([ALICE_MAC]);
      expect(result.user.macs[0].ips.map((i: { ip: string }) => i.ip).sort()).toEqual(['10.0.0.5', '10.0.0.9']);
      expect(result.mac.mac).toBe(ALICE_MAC);
      expect(result.mac.ips.map((i: { ip: string }) => i.ip).sort()).toEqual(['10.0.0.5', '10.0.0.9']);
      expect(result.mac.users.map((u: { name: string }) => keyOf(u.name))).toEqual(['alice']);
    });

    it('pages through every event with no gap and no duplicate (root connection and nested)', async () => {
      const from = at('00:00');
      const to = at('23:59');
      const expected = oracle.events(events, (e) => e.ip === '10.0.0.5', from, to).map(oracleKey);
      expect(expected.length).toBeGreaterThan(200);

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = await data(url, `query($after: String) { events(filter: { from: "${iso(from)}", to: "${iso(to)}", ip: "10.0.0.5" }, first: 7, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { timestamp eventType lineage { landingObject lineNumber } } } } }`, {
          variables: { after },
        });
        const conn = page.events;
        expect(conn.totalCount).toBe(expected.length);
        seen.push(...conn.edges.map((e: { node: any }) => eventKey(e.node)));
        pages += 1;
        if (!conn.pageInfo.hasNextPage) break;
        expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1).cursor);
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 7));

      const nested: string[] = [];
      after = null;
      for (;;) {
        const page: any = await data(url, `query($after: String) { ip(address: "10.0.0.5", from: "${iso(from)}", to: "${iso(to)}") {
          events(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { timestamp eventType lineage { landingObject lineNumber } } } } } }`, {
          variables: { after },
        });
        const conn = page.ip.events;
        expect(conn.totalCount).toBe(expected.length);
        nested.push(...conn.edges.map((e: { node: any }) => eventKey(e.node)));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(nested).toEqual(expected);
    });

    it('filters events by user account and source, and counts them per hour', async () => {
      const from = at('00:00');
      const to = at('23:59');
      const result = await data(url, `{
        byUser: events(filter: { from: "${iso(from)}", to: "${iso(to)}", userName: "corp\\\\ALICE" }) { totalCount edges { node { userName source } } }
        bySource: events(filter: { from: "${iso(from)}", to: "${iso(to)}", source: ISE_RADIUS }) { totalCount }
        counts: eventCounts(filter: { from: "${iso(at('08:00'))}", to: "${iso(at('15:00'))}" }, bucket: HOUR) { start end count }
        days: eventCounts(filter: { from: "${iso(from)}", to: "${iso(to)}" }, bucket: DAY) { start count }
      }`);
      expect(result.byUser.totalCount).toBe(oracle.events(events, (e) => keyOf(e.userName) === 'alice', from, to).length);
      expect(result.bySource.totalCount).toBe(oracle.events(events, (e) => e.source === 'ise_radius', from, to).length);
      const hours = result.counts.map((c: { start: string; count: number }) => {
        const start = Date.parse(c.start);
        return [c.start, oracle.events(events, () => true, start, start + 3_599_999).filter((e) => e.timestamp <= at('15:00')).length];
      });
      expect(result.counts.map((c: { start: string; count: number }) => [c.start, c.count])).toEqual(hours);
      expect(result.counts).toHaveLength(8);
      expect(result.days).toEqual([{ start: iso(at('00:00')), count: events.length }]);
    });

    it('batches 50 addresses into one scan per table and window', async () => {
      const from = at('09:00');
      const to = at('11:00');
      const scans: ScanEvent[] = [];
      const stop = server.queryLayer.instrumentation.onScan((e) => scans.push(e));
      const addresses = JSON.stringify(BATCH_IPS);
      const result = await data(url, `{ ips(addresses: ${addresses}, from: "${iso(from)}", to: "${iso(to)}") {
        ip attributions { intervalId userName } users { name } macs { mac }
      } }`);
      const withEvents = await data(url, `{ ips(addresses: ${addresses}, from: "${iso(from)}", to: "${iso(to)}") { ip events(first: 2) { totalCount } } }`);
      stop();
      // First request: one attribution scan and one event-neighbour scan, whatever the number of addresses.
      const perTable = (from: number, to: number) =>
        scans.slice(from, to).map((s) => `${s.table}:${s.purpose}`).sort();
      expect(perTable(0, 2)).toEqual(['ip_attribution_gold:attributions-by-ip', 'ip_lookup_gold:related-by-ip']);
      expect(perTable(2, 3)).toEqual(['ip_lookup_gold:events-by-ip']);
      expect(scans).toHaveLength(3);
      for (const [i, report] of result.ips.entries()) {
        const ip = BATCH_IPS[i] as string;
        expect(report.ip).toBe(ip);
        const expected = oracle.overlapping(intervals, (iv) => iv.ip === ip, from, to);
        expect(report.attributions.map((a: { intervalId: string }) => a.intervalId)).toEqual(expected.map((iv) => iv.intervalId));
        expect(report.macs.map((m: { mac: string }) => m.mac)).toEqual([expected[0]?.mac]);
        expect(withEvents.ips[i].events.totalCount).toBe(oracle.events(events, (e) => e.ip === ip, from, to).length);
      }
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/iplake_scans_total\{table="ip_attribution_gold"\} [1-9]/);
      expect(metrics).toMatch(/iplake_scan_files_total\{table="ip_lookup_gold"\} [1-9]/);
      expect(metrics).toMatch(/iplake_file_cache_(hits|misses) \d+/);
      // The questions above were answered from the memory index: its chunks and their loads are counted.
      expect(metrics).toMatch(/iplake_memory_index_chunks [1-9]/);
      expect(metrics).toMatch(/iplake_memory_index_loads [1-9]/);
      expect(metrics).toMatch(/iplake_memory_index_background_pending \d+/);
      if (lake.store.kind === 's3') expect(metrics).toMatch(/iplake_file_cache_misses [1-9]/);
      expect(metrics).toMatch(/iplake_http_requests_total\{route="\/graphql",method="POST",status="200"\} [1-9]/);
    });

    it('pipeline reports table versions and the watermark', async () => {
      const result = await data(url, '{ pipeline { watermark freshnessSeconds tables { name version files rows } quality { expectation } } }');
      const byName = Object.fromEntries(result.pipeline.tables.map((t: { name: string }) => [t.name, t]));
      expect(byName.ip_lookup_gold.version).toBe(1);
      expect(byName.ip_lookup_gold.rows).toBe(events.length);
      expect(byName.ip_attribution_gold.rows).toBe(intervals.reduce((n, i) => n + hoursOf(i).length, 0));
      expect(result.pipeline.watermark).toBe(iso(Math.max(...events.map((e) => e.timestamp))));
      expect(result.pipeline.freshnessSeconds).toBeGreaterThan(0);
    });

    it('a new commit is visible to the next request without a restart', async () => {
      const t = at('16:30');
      const query = `{ whoHad(ip: "10.0.0.77", at: "${iso(t)}") { intervalId userName } }`;
      expect((await data(url, query)).whoHad).toEqual([]);
      const late: Interval = {
        intervalId: 'i-late', ip: '10.0.0.77', mac: 'aa:bb:cc:00:00:77', userName: 'erin', hostname: null, source: 'dhcp',
        start: at('16:00'), end: at('17:00'), endReason: 'lease_end', evidence: 1,
      };
      await appendRows(lake.store, engine, ipAttributionGold, hoursOf(late).map((h) => ({
        partition: partitionOf(h),
        row: [late.intervalId, late.ip, late.mac, late.userName, 'erin', null, late.source, late.start, late.end, late.endReason, 1, null, null, 'landing/y.log', 1],
      })));
      expect((await data(url, query)).whoHad).toEqual([{ intervalId: 'i-late', userName: 'erin' }]);
      const pipeline = await data(url, '{ pipeline { tables { name version } } }');
      expect(pipeline.pipeline.tables.find((t: { name: string }) => t.name === 'ip_attribution_gold').version).toBe(2);
    });
  });
}
