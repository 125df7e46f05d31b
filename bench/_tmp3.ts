import { groupEvents, intervalsOfGroups } from '../src/etl/attribution/computeIntervals.js';
import { resolveAttributionOptions } from '../src/etl/attribution/options.js';
import { SightingIndex } from '../src/etl/attribution/stitch.js';
import type { AttributionEvent, EventType } from '../src/etl/attribution/index.js';
const T0 = Date.parse('2026-11-23T00:00:00Z');
const WEEK = 7 * 86_400_000;
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
function generate(count: number): AttributionEvent[] {
  const rand = rng(7);
  const out: AttributionEvent[] = [];
  const devices = Math.max(100, Math.round(count / 70));
  const pool = Math.round(devices * 1.3);
  const ipOf = (n: number): string => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const macOf = (d: number): string =>
    `02:00:${[(d >> 24) & 255, (d >> 16) & 255, (d >> 8) & 255, d & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
  let line = 0;
  const push = (eventType: EventType, time: number, fields: Partial<AttributionEvent>): void => {
    line++;
    out.push({
      time: Math.floor(time / 1000) * 1000, // syslog-like whole seconds: many ties
      source: 'dhcp',
      eventType,
      ip: null,
      mac: null,
      user: null,
      hostname: null,
      leaseSeconds: null,
      leaseStart: null,
      leaseEnd: null,
      leaseEvent: null,
      sessionId: null,
      sessionTimeSeconds: null,
      nasIp: null,
      lineage: { object: `landing/bench/${Math.floor(time / 3_600_000)}.log`, line },
      ...fields,
    });
  };
  for (let d = 0; out.length < count; d = (d + 1) % devices) {
    const mac = macOf(d);
    const user = { raw: `user${d}`, key: `user${d}`, isPerson: true };
    let t = T0 + rand() * WEEK;
    let ip = ipOf(Math.floor(rand() * pool));
    const leaseSeconds = 28_800;
    for (let k = 0; k < 12 && t < T0 + WEEK && out.length < count; k++) {
      push('DHCPREQUEST', t, { ip, mac });
      push('DHCPACK', t, { ip, mac, leaseSeconds, hostname: `WS-${d}` });
      push('AUTH_PASSED', t + 5_000, { source: 'ise_auth', mac, ip, user });
      if (rand() < 0.1) {
        push('DHCPRELEASE', t + rand() * 3_600_000, { ip, mac });
        ip = ipOf(Math.floor(rand() * pool));
        t += 3_600_000 + rand() * 3_600_000;
      } else {
        t += (leaseSeconds / 2) * 1000;
      }
    }
    if (rand() < 0.15) {
      const sessionId = `vpn-${d}-${line}`;
      const vpnIp = `172.16.${(d >> 8) & 255}.${d & 255}`;
      const start = T0 + rand() * WEEK;
      if (rand() < 0.9) push('RADIUS_START', start, { source: 'ise_radius', sessionId, ip: vpnIp, mac, user });
      for (let i = 1; i <= 6; i++) {
        push('RADIUS_INTERIM', start + i * 600_000, { source: 'ise_radius', sessionId, ip: vpnIp, mac, user, sessionTimeSeconds: i * 600 });
      }
      push('RADIUS_STOP', start + 4_000_000, { source: 'ise_radius', sessionId, ip: vpnIp, mac, user, sessionTimeSeconds: 4000 });
    }
  }
  out.length = count;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const events = generate(1_000_000);
const cpu = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); fn(); const u = process.cpuUsage(c); console.log(label, ((u.user + u.system) / 1000).toFixed(0), 'ms'); };
const o = resolveAttributionOptions();
for (let r = 0; r < 3; r++) {
  let g: ReturnType<typeof groupEvents> | undefined;
  cpu('group', () => { g = groupEvents(events); });
  cpu('intervals', () => intervalsOfGroups(g!, o));
  cpu('sightings', () => new SightingIndex(events));
}
