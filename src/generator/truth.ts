/**
 * Ground truth: applies the interval rules of docs/attribution.md to exactly the attribution events the
 * generator writes (in the order it writes them), so `truth.jsonl` is what a correct ETL must compute.
 *
 * DHCP: ACK opens [t, t+L) or extends the active (ip, mac) interval; an ACK of the ip to another MAC closes the
 * active one as `superseded`; RELEASE/EXPIRE end the active (ip, mac) interval; otherwise it ends at `lease_end`.
 * RADIUS: Start opens, Stop closes (`stop`), still open at the end → End null, `open`.
 * Users on DHCP intervals: the person ISE last saw on the MAC within [Start − lookBack, Start + grace].
 */
import { UtcIsoFormatter } from './format/utc-iso.js';

export type TruthSource = 'dhcp' | 'ise_radius';
export type TruthEndReason = 'release' | 'expire' | 'lease_end' | 'superseded' | 'stop' | 'open';

/** One line of truth.jsonl. */
export interface TruthInterval {
  ip: string;
  mac: string;
  /** The person's name as logged, syslog escapes removed (`CORP\jdoe`); null when no person. */
  userName: string | null;
  /** Lower-case account part of userName (`jdoe`): the lookup key. */
  userKey: string | null;
  /** ISO 8601 with Z, inclusive. */
  start: string;
  /** ISO 8601 with Z, exclusive; null when the session is still open at the end of the period. */
  end: string | null;
  source: TruthSource;
  endReason: TruthEndReason;
}

export interface PersonName {
  raw: string;
  key: string;
}

interface DhcpInterval {
  ip: string;
  mac: string;
  start: number;
  end: number;
  reason: TruthEndReason;
  user: PersonName | null;
  resolved: boolean;
  closed: boolean;
}

interface RadiusSession {
  ip: string;
  mac: string;
  start: number;
  user: PersonName | null;
}

/** Sightings of persons on one MAC, in time order; old ones are dropped once no interval can need them. */
interface Sightings {
  times: number[];
  names: PersonName[];
}

export interface TruthCounts {
  dhcp: number;
  ise_radius: number;
}

export class TruthTracker {
  readonly counts: TruthCounts = { dhcp: 0, ise_radius: 0 };
  private readonly activeByIp = new Map<string, DhcpInterval>();
  private readonly sessions = new Map<string, RadiusSession>();
  private readonly sightings = new Map<string, Sightings>();
  /** DHCP intervals whose user cannot be decided yet (sightings up to Start + grace may still come), by Start. */
  private readonly unresolved: DhcpInterval[] = [];
  private unresolvedHead = 0;
  private readonly iso = new UtcIsoFormatter();

  constructor(
    private readonly lookBackMs: number,
    private readonly graceMs: number,
    private readonly emit: (interval: TruthInterval) => void,
  ) {}

  /** Moves the clock: every event at time < t has been reported. */
  advance(t: number): void {
    const q = this.unresolved;
    while (this.unresolvedHead < q.length) {
      const iv = q[this.unresolvedHead] as DhcpInterval;
      if (iv.start + this.graceMs >= t) break;
      this.resolve(iv);
      q[this.unresolvedHead++] = undefined as unknown as DhcpInterval;
    }
    if (this.unresolvedHead > 4096 && this.unresolvedHead * 2 > q.length) {
      q.splice(0, this.unresolvedHead);
      this.unresolvedHead = 0;
    }
  }

  /** ISE saw a person on this MAC (posture, passed authentication, RADIUS accounting). */
  personSeen(t: number, mac: string, person: PersonName): void {
    let s = this.sightings.get(mac);
    if (s === undefined) {
      s = { times: [], names: [] };
      this.sightings.set(mac, s);
    }
    // Nothing older than this can matter to an interval that is still unresolved.
    const horizon = t - this.lookBackMs - 2 * this.graceMs - 60_000;
    let drop = 0;
    while (drop < s.times.length && (s.times[drop] as number) < horizon) drop++;
    if (drop > 0) {
      s.times.splice(0, drop);
      s.names.splice(0, drop);
    }
    s.times.push(t);
    s.names.push(person);
  }

  dhcpAck(t: number, ip: string, mac: string, leaseSeconds: number): void {
    const current = this.activeByIp.get(ip);
    if (current !== undefined && t < current.end) {
      if (current.mac === mac) {
        current.end = Math.max(current.end, t + leaseSeconds * 1000);
        return;
      }
      this.close(current, t, 'superseded');
    } else if (current !== undefined) {
      this.close(current, current.end, 'lease_end');
    }
    const iv: DhcpInterval = { ip, mac, start: t, end: t + leaseSeconds * 1000, reason: 'lease_end', user: null, resolved: false, closed: false };
    this.activeByIp.set(ip, iv);
    this.unresolved.push(iv);
  }

  dhcpRelease(t: number, ip: string, mac: string): void {
    this.endDhcp(t, ip, mac, 'release');
  }

  dhcpExpire(t: number, ip: string, mac: string): void {
    this.endDhcp(t, ip, mac, 'expire');
  }

  radiusStart(t: number, sessionId: string, ip: string, mac: string, user: PersonName | null): void {
    this.sessions.set(sessionId, { ip, mac, start: t, user });
  }

  radiusStop(t: number, sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s === undefined) return;
    this.sessions.delete(sessionId);
    this.write({ ip: s.ip, mac: s.mac, user: s.user, start: s.start, end: t, source: 'ise_radius', reason: 'stop' });
  }

  /** End of the generated period: leases keep their projected end, sessions stay open. */
  finish(): void {
    this.advance(Number.POSITIVE_INFINITY);
    for (const iv of this.activeByIp.values()) this.close(iv, iv.end, 'lease_end');
    this.activeByIp.clear();
    for (const s of this.sessions.values()) {
      this.write({ ip: s.ip, mac: s.mac, user: s.user, start: s.start, end: null, source: 'ise_radius', reason: 'open' });
    }
    this.sessions.clear();
  }

  private endDhcp(t: number, ip: string, mac: string, reason: TruthEndReason): void {
    const current = this.activeByIp.get(ip);
    if (current === undefined || current.mac !== mac || t >= current.end) return;
    this.activeByIp.delete(ip);
    this.close(current, t, reason);
  }

  private close(iv: DhcpInterval, end: number, reason: TruthEndReason): void {
    iv.end = end;
    iv.reason = reason;
    iv.closed = true;
    if (this.activeByIp.get(iv.ip) === iv) this.activeByIp.delete(iv.ip);
    if (iv.resolved) this.writeDhcp(iv);
  }

  private resolve(iv: DhcpInterval): void {
    iv.user = this.lastPersonOn(iv.mac, iv.start - this.lookBackMs, iv.start + this.graceMs);
    iv.resolved = true;
    if (iv.closed) this.writeDhcp(iv);
  }

  private lastPersonOn(mac: string, from: number, to: number): PersonName | null {
    const s = this.sightings.get(mac);
    if (s === undefined) return null;
    for (let i = s.times.length - 1; i >= 0; i--) {
      const t = s.times[i] as number;
      if (t > to) continue;
      return t >= from ? (s.names[i] as PersonName) : null;
    }
    return null;
  }

  private writeDhcp(iv: DhcpInterval): void {
    this.write({ ip: iv.ip, mac: iv.mac, user: iv.user, start: iv.start, end: iv.end, source: 'dhcp', reason: iv.reason });
  }

  private write(r: { ip: string; mac: string; user: PersonName | null; start: number; end: number | null; source: TruthSource; reason: TruthEndReason }): void {
    this.counts[r.source]++;
    this.emit({
      ip: r.ip,
      mac: r.mac,
      userName: r.user?.raw ?? null,
      userKey: r.user?.key ?? null,
      start: this.iso.format(r.start),
      end: r.end === null ? null : this.iso.format(r.end),
      source: r.source,
      endReason: r.reason,
    });
  }
}

/**
 * One line of truth.jsonl: the text of `JSON.stringify(interval)` (same keys, same order), spelled directly because
 * JSON.stringify on a fresh object per interval showed up in the generator's profile.
 */
export function truthJsonLine(i: TruthInterval): string {
  return '{"ip":' + jsonString(i.ip) + ',"mac":' + jsonString(i.mac)
    + ',"userName":' + (i.userName === null ? 'null' : jsonString(i.userName))
    + ',"userKey":' + (i.userKey === null ? 'null' : jsonString(i.userKey))
    + ',"start":' + jsonString(i.start) + ',"end":' + (i.end === null ? 'null' : jsonString(i.end))
    + ',"source":' + jsonString(i.source) + ',"endReason":' + jsonString(i.endReason) + '}';
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and UTF-16 surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}
