import { Engine } from '../../src/engine/index.js';
import { ipAttributionGold, ipLookupGold } from '../../src/lake/gold.js';
import { normalizeUser } from '../../src/parsers/normalize/index.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { DeltaTable, TableWriter, type TableSpec } from '../../src/table/index.js';

/**
 * A small, hand-designed gold lake written through the real TableWriter and Delta commits, so the gateway
 * reads exactly what the ETL would write. Tests derive every expected answer from these definitions with
 * plain JS filters (the oracle), never from the gateway.
 */

export const HOUR = 3_600_000;
export const DAY0 = Date.parse('2026-11-20T00:00:00Z');
export const at = (hhmm: string, day = DAY0): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return day + h * HOUR + m * 60_000;
};

export interface Interval {
  intervalId: string;
  ip: string;
  mac: string | null;
  userName: string | null;
  hostname: string | null;
  source: 'dhcp' | 'ise_radius';
  start: number;
  end: number | null;
  endReason: string;
  evidence: number;
}

export interface GoldEvent {
  timestamp: number;
  ip: string | null;
  mac: string | null;
  userName: string | null;
  hostname: string | null;
  eventType: string;
  source: string;
  landingObject: string;
  lineNumber: number;
}

/** The ETL watermark: open intervals are stored up to this hour. */
export const WATERMARK = at('14:20');

export const ALICE_MAC = 'aa:bb:cc:00:00:01';
export const BOB_MAC = 'aa:bb:cc:00:00:02';
export const BATCH_IPS = Array.from({ length: 50 }, (_, i) => `10.1.0.${i + 1}`);

export function fixtureIntervals(): Interval[] {
  const list: Interval[] = [
    // 10.0.0.5: alice's lease, released; then bob's lease; a VPN session overlapping alice's lease (disagreement).
    { intervalId: 'i-alice-5', ip: '10.0.0.5', mac: ALICE_MAC, userName: 'CORP\\alice', hostname: 'alice-pc', source: 'dhcp', start: at('09:00'), end: at('11:30'), endReason: 'release', evidence: 3 },
    { intervalId: 'i-bob-5', ip: '10.0.0.5', mac: BOB_MAC, userName: 'bob', hostname: 'bob-pc', source: 'dhcp', start: at('11:30'), end: at('13:00'), endReason: 'lease_end', evidence: 1 },
    { intervalId: 'i-vpn-5', ip: '10.0.0.5', mac: null, userName: 'carol@corp.example', hostname: null, source: 'ise_radius', start: at('10:00'), end: at('10:45'), endReason: 'stop', evidence: 2 },
    // alice's laptop moves to 10.0.0.9 and is still there (open interval).
    { intervalId: 'i-alice-9', ip: '10.0.0.9', mac: ALICE_MAC, userName: 'alice@corp.example', hostname: 'alice-pc', source: 'dhcp', start: at('12:00'), end: null, endReason: 'open', evidence: 2 },
    // IPv6 VPN session.
    { intervalId: 'i-v6', ip: '2001:db8::7', mac: 'aa:bb:cc:00:00:07', userName: 'dave', hostname: null, source: 'ise_radius', start: at('08:15'), end: at('09:05'), endReason: 'stop', evidence: 2 },
  ];
  BATCH_IPS.forEach((ip, i) => {
    list.push({
      intervalId: `i-batch-${i}`, ip, mac: `aa:bb:cc:01:00:${hex(i)}`, userName: i % 2 === 0 ? `user${i}` : null,
      hostname: null, source: 'dhcp', start: at('09:10') + i * 60_000, end: at('10:40') + i * 60_000, endReason: 'expire', evidence: 1,
    });
  });
  return list;
}

export function fixtureEvents(): GoldEvent[] {
  const events: GoldEvent[] = [];
  let line = 0;
  const dhcp = (timestamp: number, ip: string, mac: string, eventType = 'DHCPACK', hostname: string | null = null): void => {
    line += 1;
    events.push({ timestamp, ip, mac, userName: null, hostname, eventType, source: 'dhcp', landingObject: 'landing/dhcp/day1.log', lineNumber: line });
  };
  // 10.0.0.5 is busy: 240 events over 09:00-12:59, every 3 events sharing one timestamp (ties exercise the cursor's total order).
  for (let i = 0; i < 240; i += 1) {
    const timestamp = at('09:00') + Math.floor(i / 3) * 180_000;
    dhcp(timestamp, '10.0.0.5', timestamp < at('11:30') ? ALICE_MAC : BOB_MAC, i % 3 === 0 ? 'DHCPACK' : i % 3 === 1 ? 'DHCPREQUEST' : 'DHCPOFFER');
  }
  // The same line read as two event types (same timestamp, object and line): the key's last part tells them apart.
  line += 1;
  for (const eventType of ['DHCPACK', 'DHCPINFORM']) {
    events.push({ timestamp: at('10:10'), ip: '10.0.0.5', mac: ALICE_MAC, userName: null, hostname: null, eventType, source: 'dhcp', landingObject: 'landing/dhcp/day1.log', lineNumber: line });
  }
  // ISE evidence carrying users.
  let iseLine = 0;
  const ise = (timestamp: number, ip: string | null, mac: string | null, userName: string, source: string, eventType: string): void => {
    iseLine += 1;
    events.push({ timestamp, ip, mac, userName, hostname: null, eventType, source, landingObject: 'landing/ise/day1.log', lineNumber: iseLine });
  };
  ise(at('08:59'), null, ALICE_MAC, 'CORP\\alice', 'ise_auth', 'AUTH_PASSED');
  ise(at('09:20'), '10.0.0.5', ALICE_MAC, 'CORP\\alice', 'ise_posture', 'POSTURE');
  ise(at('10:00'), '10.0.0.5', null, 'carol@corp.example', 'ise_radius', 'RADIUS_START');
  ise(at('10:45'), '10.0.0.5', null, 'carol@corp.example', 'ise_radius', 'RADIUS_STOP');
  ise(at('12:00'), '10.0.0.9', ALICE_MAC, 'alice@corp.example', 'ise_posture', 'POSTURE');
  ise(at('14:20'), '10.0.0.9', ALICE_MAC, 'alice@corp.example', 'ise_radius', 'RADIUS_INTERIM');
  dhcp(at('12:00'), '10.0.0.9', ALICE_MAC, 'DHCPACK', 'alice-pc');
  ise(at('08:15'), '2001:db8::7', 'aa:bb:cc:00:00:07', 'dave', 'ise_radius', 'RADIUS_START');
  BATCH_IPS.forEach((ip, i) => dhcp(at('09:10') + i * 60_000, ip, `aa:bb:cc:01:00:${hex(i)}`));
  return events;
}

/** Hour partitions an interval is stored in: every hour it overlaps, open ones up to the watermark's hour. */
export function hoursOf(interval: Interval): number[] {
  const last = interval.end === null ? WATERMARK : interval.end - 1;
  const hours: number[] = [];
  for (let h = Math.floor(interval.start / HOUR) * HOUR; h <= last; h += HOUR) hours.push(h);
  return hours;
}

export function partitionOf(t: number): { dt: string; hr: string } {
  const iso = new Date(Math.floor(t / HOUR) * HOUR).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}

const userKey = (name: string | null): string | null => (name === null ? null : normalizeUser(name)?.key ?? null);

export async function writeGold(
  store: ObjectStore,
  engine: Engine,
  intervals: readonly Interval[],
  events: readonly GoldEvent[],
): Promise<void> {
  await appendRows(store, engine, ipAttributionGold, intervals.flatMap((iv) =>
    hoursOf(iv).map((h) => ({
      partition: partitionOf(h),
      row: [iv.intervalId, iv.ip, iv.mac, iv.userName, userKey(iv.userName), iv.hostname, iv.source, iv.start, iv.end,
        iv.endReason, iv.evidence, null, iv.userName ? 'ise_auth' : null, 'landing/x.log', 1],
    })),
  ));
  await appendRows(store, engine, ipLookupGold, events.map((e) => ({
    partition: partitionOf(e.timestamp),
    row: [e.timestamp, e.ip, e.mac, e.userName, userKey(e.userName), e.eventType, e.source, e.hostname, null,
      e.source === 'dhcp' ? 'dhcp_bronze' : 'ise_bronze', e.landingObject, e.lineNumber],
  })));
}

/** One commit of new files to a table (created when absent). */
export async function appendRows(
  store: ObjectStore,
  engine: Engine,
  spec: TableSpec,
  rows: readonly { partition: { dt: string; hr: string }; row: (string | number | null)[] }[],
): Promise<void> {
  const table = await DeltaTable.create(store, spec);
  const writer = await TableWriter.create(engine, table);
  for (const { partition, row } of rows) await writer.append(partition, row);
  const files = await writer.finish();
  await table.commitWithRetry({ operation: 'WRITE', add: files });
}

function hex(i: number): string {
  return i.toString(16).padStart(2, '0');
}

export { Engine };
