import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthInterval } from '../../src/generator/index.js';
import {
  canonicalMac, dhcpBindingEvents, first, generateInto, iseMessages, logFiles, readLines, readTruth,
  type DhcpEvent, type Generated, type IseMessage,
} from './helpers.js';

// One moderate run, then every truth interval is checked against the log lines (read back independently).
let gen: Generated;
let truth: TruthInterval[];
let dhcp: DhcpEvent[];
let ise: IseMessage[];

beforeAll(async () => {
  gen = await generateInto({ start: '2026-03-02T00:00:00Z', days: 4, devices: 400, seed: 11 });
  truth = await readTruth(gen.dir);
  dhcp = [];
  for (const f of await logFiles(gen.dir, 'dhcp')) dhcp.push(...dhcpBindingEvents(await readLines(f), 2026));
  ise = [];
  for (const f of await logFiles(gen.dir, 'ise')) ise.push(...iseMessages(await readLines(f)));
});
afterAll(async () => gen?.cleanup());

const ms = (iso: string): number => Date.parse(iso);

describe('generator truth.jsonl', () => {
  it('has well-formed intervals of both sources with every end reason the period produces', () => {
    expect(truth.length).toBe(gen.summary.truthIntervals.total);
    for (const i of truth) {
      expect(i.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(i.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(i.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (i.end === null) expect([i.source, i.endReason]).toEqual(['ise_radius', 'open']);
      else expect(ms(i.end)).toBeGreaterThan(ms(i.start));
      expect(i.source === 'dhcp' ? ['release', 'expire', 'lease_end', 'superseded'] : ['stop', 'open']).toContain(i.endReason);
      expect(i.userName === null).toBe(i.userKey === null);
    }
    const reasons = new Set(truth.map((i) => `${i.source}:${i.endReason}`));
    for (const r of ['dhcp:release', 'dhcp:lease_end', 'dhcp:superseded', 'ise_radius:stop']) expect(reasons).toContain(r);
  });

  it('never overlaps two intervals of one IP within one source (superseding closes the first at the second start)', () => {
    const byKey = new Map<string, TruthInterval[]>();
    for (const i of truth) byKey.set(`${i.source}|${i.ip}`, [...(byKey.get(`${i.source}|${i.ip}`) ?? []), i]);
    let superseded = 0;
    for (const list of byKey.values()) {
      list.sort((a, b) => ms(a.start) - ms(b.start));
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1]!;
        const next = list[k]!;
        expect(prev.end).not.toBeNull();
        expect(ms(prev.end!)).toBeLessThanOrEqual(ms(next.start));
        if (prev.endReason === 'superseded') {
          superseded++;
          expect(prev.end).toBe(next.start);
          expect(next.mac).not.toBe(prev.mac);
        }
      }
    }
    expect(superseded).toBe(truth.filter((i) => i.endReason === 'superseded').length);
  });

  it('opens every DHCP interval with a DHCPACK of that ip to that mac at its start, and ends it as its reason says', () => {
    const at = new Map<string, DhcpEvent[]>();
    for (const e of dhcp) at.set(`${e.type}|${e.ip}|${e.mac}|${e.t}`, [...(at.get(`${e.type}|${e.ip}|${e.mac}|${e.t}`) ?? []), e]);
    const acksOf = new Map<string, DhcpEvent[]>();
    for (const e of dhcp) if (e.type === 'DHCPACK') acksOf.set(`${e.ip}|${e.mac}`, [...(acksOf.get(`${e.ip}|${e.mac}`) ?? []), e]);
    const dhcpTruth = truth.filter((i) => i.source === 'dhcp');
    expect(dhcpTruth.length).toBeGreaterThan(500);
    for (const i of dhcpTruth) {
      expect(at.has(`DHCPACK|${i.ip}|${i.mac}|${ms(i.start)}`), `opening ACK for ${JSON.stringify(i)}`).toBe(true);
      const end = ms(i.end!);
      if (i.endReason === 'release') expect(at.has(`DHCPRELEASE|${i.ip}|${i.mac}|${end}`)).toBe(true);
      if (i.endReason === 'expire') expect(at.has(`DHCPEXPIRE|${i.ip}|${i.mac}|${end}`)).toBe(true);
      if (i.endReason === 'superseded') {
        expect(dhcp.some((e) => e.type === 'DHCPACK' && e.ip === i.ip && e.mac !== i.mac && e.t === end)).toBe(true);
      }
      if (i.endReason === 'lease_end') {
        // The last ACK inside the interval granted exactly up to its end.
        const acks = (acksOf.get(`${i.ip}|${i.mac}`) ?? []).filter((e) => e.t >= ms(i.start) && e.t < end);
        expect(Math.max(...acks.map((e) => e.t + (e.lease as number) * 1000))).toBe(end);
      }
    }
  });

  it('names on DHCP intervals the person ISE saw on the MAC within [start − 24 h, start + 5 min], and nobody otherwise', () => {
    const sightings = new Map<string, { t: number; user: string }[]>();
    const see = (mac: string | undefined, t: number, user: string | undefined): void => {
      if (!mac || !user) return;
      const key = canonicalMac(mac);
      sightings.set(key, [...(sightings.get(key) ?? []), { t, user: user.replace(/\\\\/g, '\\') }]);
    };
    for (const m of ise) {
      const name = first(m.attrs, 'User-Name');
      if (!name || /^[0-9a-f]{12}$/.test(name) || name.startsWith('#')) continue; // MAB and TrustSec: not people
      const deviceMac = m.attrs.get('cisco-av-pair')?.find((v) => v.startsWith('mdm-tlv=device-mac='))?.slice('mdm-tlv=device-mac='.length);
      if (m.code === 5200) see(deviceMac ?? first(m.attrs, 'Calling-Station-ID'), m.t, name);
      if (m.category === 'CISE_RADIUS_Accounting') see(deviceMac, m.t, name);
    }
    for (const m of ise) if (m.code === 87000) see(first(m.attrs, 'MacAddress'), m.t, first(m.attrs, 'UserName'));

    const dhcpTruth = truth.filter((i) => i.source === 'dhcp');
    const named = dhcpTruth.filter((i) => i.userName !== null);
    expect(named.length).toBeGreaterThan(dhcpTruth.length / 4);
    expect(dhcpTruth.length - named.length).toBeGreaterThan(dhcpTruth.length / 10); // phones and IoT
    for (const i of dhcpTruth) {
      const s = ms(i.start);
      const inWindow = (sightings.get(i.mac) ?? []).filter((x) => x.t >= s - 86_400_000 && x.t <= s + 300_000);
      const last = inWindow.sort((a, b) => a.t - b.t).at(-1);
      expect(i.userName, JSON.stringify(i)).toBe(last?.user ?? null);
    }
  });

  it('opens every RADIUS interval at an accounting Start of that Framed-IP and device MAC, and closes it at the Stop', () => {
    const acct = ise.filter((m) => m.category === 'CISE_RADIUS_Accounting');
    const radius = truth.filter((i) => i.source === 'ise_radius');
    expect(radius.length).toBeGreaterThan(20);
    for (const i of radius) {
      const start = acct.find((m) => first(m.attrs, 'Acct-Status-Type') === 'Start' && m.t === ms(i.start) && first(m.attrs, 'Framed-IP-Address') === i.ip);
      expect(start, JSON.stringify(i)).toBeDefined();
      expect(start!.attrs.get('cisco-av-pair')).toContain(`mdm-tlv=device-mac=${i.mac.replace(/:/g, '-')}`);
      expect(first(start!.attrs, 'User-Name')!.replace(/\\\\/g, '\\')).toBe(i.userName);
      const sid = first(start!.attrs, 'Acct-Session-Id');
      const stop = acct.find((m) => first(m.attrs, 'Acct-Status-Type') === 'Stop' && first(m.attrs, 'Acct-Session-Id') === sid);
      if (i.end === null) expect(stop).toBeUndefined();
      else {
        expect(stop!.t).toBe(ms(i.end));
        expect(Number(first(stop!.attrs, 'Acct-Session-Time'))).toBe(Math.floor((ms(i.end) - ms(i.start)) / 1000));
      }
    }
  });
});
