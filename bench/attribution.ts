/**
 * Attribution throughput: computeIntervals, stitching and one incremental step over a synthetic week.
 *   node --import tsx bench/attribution.ts [events=1000000] [runs=3]
 * Target (assignment): ~1 M events in well under a few seconds on one core.
 * Events come from a seeded PRNG so runs are comparable: devices hold DHCP leases they renew every half lease,
 * sometimes release and move; ISE authenticates each device near its ACKs; a share of devices run VPN sessions
 * (Start, Interims, Stop; some Starts missed). Events are shuffled, as files arriving in any order would deliver them.
 */
import {
  applyIncrement,
  attributeEvents,
  blankEvent,
  computeIntervals,
  eventNeeds,
  needsEvent,
  planIncrement,
  priorIntervalNeeded,
  type AttributionEvent,
  type EventType,
} from '../src/etl/attribution/index.js';
import { seededRandom } from '../test/helpers/random.js';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const T0 = Date.parse('2026-11-23T00:00:00Z');
const WEEK = 7 * 86_400_000;


function generate(count: number): AttributionEvent[] {
  const rand = seededRandom(7);
  const out: AttributionEvent[] = [];
  const devices = Math.max(100, Math.round(count / 70));
  const pool = Math.round(devices * 1.3);
  const ipOf = (n: number): string => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const macOf = (d: number): string =>
    `02:00:${[(d >> 24) & 255, (d >> 16) & 255, (d >> 8) & 255, d & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
  let line = 0;
  const push = (eventType: EventType, time: number, fields: Partial<AttributionEvent>): void => {
    line++;
    out.push(
      Object.assign(
        blankEvent({
          time: Math.floor(time / 1000) * 1000, // syslog-like whole seconds: many ties
          source: 'dhcp',
          eventType,
          lineage: { object: `landing/bench/${Math.floor(time / 3_600_000)}.log`, line },
        }),
        fields,
      ),
    );
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
  // A reader creates event objects in the order it reads them; re-create them so memory order follows the
  // shuffled delivery order, as it would in the pipeline (otherwise every access is a cache miss no reader causes).
  // Object.assign onto a blank event, not a spread: every event keeps the one hidden class the pipeline's have.
  return out.map((e) => Object.assign(blankEvent({ time: e.time, source: e.source, eventType: e.eventType, lineage: e.lineage }), e, {
    lineage: { object: e.lineage.object, line: e.lineage.line },
    user: e.user === null ? null : { raw: e.user.raw, key: e.user.key, isPerson: e.user.isPerson },
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(label: string, fn: () => T): T {
  const ms: number[] = [];
  const cpu: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    ms.push(performance.now() - started);
  }
  const m = median(ms);
  console.log(
    `${label.padEnd(40)} wall median ${m.toFixed(0).padStart(6)} ms (${((EVENTS / m) * 1000).toFixed(0)} events/s), ` +
      `process CPU median ${median(cpu).toFixed(0)} ms; wall runs ${ms.map((x) => x.toFixed(0)).join(', ')}`,
  );
  return result as T;
}

// Wall time suffers when other processes share the cores; process CPU time (all threads, GC included) does not.
console.log(`node ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const genStart = performance.now();
const events = generate(EVENTS);
console.log(`generated ${events.length} events in ${(performance.now() - genStart).toFixed(0)} ms (not timed below)`);

const intervals = time('computeIntervals', () => computeIntervals(events));
const stitched = time('attributeEvents (intervals + stitching)', () => attributeEvents(events));
console.log(`intervals: ${intervals.length}; with a user: ${stitched.filter((i) => i.userName !== null).length}`);

// One incremental step: the last hour of the week arrives after the rest is stored.
const cutoff = T0 + WEEK - 3_600_000;
const stored = events.filter((e) => e.time < cutoff);
const batch = events.filter((e) => e.time >= cutoff);
const storedIntervals = attributeEvents(stored);
const planned = process.cpuUsage();
const plan = planIncrement(batch);
const priorIntervals = storedIntervals.filter((i) => priorIntervalNeeded(plan, i));
const needs = eventNeeds(plan, priorIntervals);
const planCpu = process.cpuUsage(planned);
// The pipeline reads these from the lake; here a filter over arrays stands in for that read (not timed).
const priorEvents = stored.filter((e) => needsEvent(needs, e));
const applied = process.cpuUsage();
const { removed, added } = applyIncrement({ plan, needs, priorIntervals, priorEvents, newEvents: batch });
const applyCpu = process.cpuUsage(applied);
const ms = (u: NodeJS.CpuUsage): string => ((u.user + u.system) / 1000).toFixed(0);
console.log(
  `incremental step (last hour arrives late): batch ${batch.length} events; plan + prior-interval filter ${ms(planCpu)} ms CPU; ` +
    `needs ${priorIntervals.length} stored intervals and ${priorEvents.length} of ${stored.length} stored events; ` +
    `applyIncrement ${ms(applyCpu)} ms CPU -> removed ${removed.length}, added ${added.length}`,
);
console.log(`peak heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
