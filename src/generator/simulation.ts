/**
 * The discrete-event simulation of the enterprise's day: people arrive with laptops (802.1X then DHCP), phones and
 * IoT devices authenticate by MAB, leases renew at half-time, devices leave (RELEASE or silently, then EXPIRE),
 * addresses move to other devices, some leases are superseded, and remote workers hold ASA VPN sessions.
 *
 * Every step emits lines stamped with its own due time only, and steps run in (time, sequence) order, so every
 * file is in time order and the truth tracker sees events in the order the ETL will sort them.
 */
import { AddressPool, NO_ADDRESS } from './address-pool.js';
import type { Device, Enterprise } from './enterprise.js';
import { EventQueue, type Scheduled } from './event-queue.js';
import { DhcpKind, IseEvent, IseKind, PUBLIC_PREFIXES, publicIpCode, type LogEvents } from './log-events.js';
import type { ResolvedGenerateOptions } from './options.js';
import type { Rng } from './rng.js';
import type { PersonName, TruthTracker } from './truth.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Behaviour knobs: shares and delays of the modelled enterprise. */
const BEHAVIOUR = {
  laptopOfficeWeekday: 0.72,
  laptopOfficeWeekend: 0.04,
  laptopVpnWeekday: 0.16,
  laptopVpnWeekend: 0.1,
  phoneOfficeWeekday: 0.8,
  phoneOfficeWeekend: 0.05,
  /** Share of office days with a midday break (laptop sleeps, lease lingers, then INIT-REBOOT). */
  middayBreak: 0.25,
  laptopRelease: 0.35,
  phoneRelease: 0.08,
  /** Share of new leases that take a lingering (still bound) lease of a departed device. */
  supersede: 0.1,
  /** A returning client gets its previous address again when it is free. */
  keepPreviousAddress: 0.7,
  vpnOvernight: 0.06,
  vpnInterimSeconds: 3600,
  /** An address is not handed to another client sooner than this after it was freed. */
  reuseGapMs: 5 * MINUTE,
} as const;

const Kind = {
  Midnight: 0,
  Arrive: 1,
  Acquire: 2,
  Discover: 3,
  RequestAck: 4,
  Renew: 5,
  Leave: 6,
  Expire: 7,
  Inform: 8,
  Posture: 9,
  Profiler: 10,
  VpnConnect: 11,
  VpnStart: 12,
  VpnInterim: 13,
  VpnStop: 14,
} as const;
type StepKind = (typeof Kind)[keyof typeof Kind];

interface Step extends Scheduled {
  kind: StepKind;
  dev: number;
  /** Presence or lease epoch the step belongs to; a mismatch means it was cancelled. */
  epoch: number;
  arg: number;
}

class DeviceState {
  present = false;
  /** Bumped on arrival and departure: steps of an earlier presence are void. */
  presence = 0;
  /** Bumped when the lease is taken back by its device or by another: a pending EXPIRE is void. */
  leaseEpoch = 0;
  /** Address (pool index) held or being offered, or -1. */
  address = NO_ADDRESS;
  /** Address held last, which the client asks for again. */
  lastAddress = NO_ADDRESS;
  leaseEnd = 0;
  segmentStarts: number[] = [];
  segmentEnds: number[] = [];
  segment = 0;
  vpnAddress = NO_ADDRESS;
  /** Acct-Session-Id as logged (the truth's key) and as a number (what the log event carries). */
  vpnSession = '';
  vpnSessionNumber = 0;
  vpnPublicIp = 0;
  vpnStart = 0;
  vpnEnd = 0;
  /** CPMSessionID draws and AcsSessionID counter of the VPN login, repeated by its accounting. */
  vpnCpm0 = 0;
  vpnCpm1 = 0;
  vpnCpm2 = 0;
  vpnAcsCounter = 0;
  /** CPMSessionID draws of the last campus authentication, repeated by the posture report. */
  cpm0 = 0;
  cpm1 = 0;
  cpm2 = 0;
}

export class Simulation {
  private readonly queue = new EventQueue<Step>();
  /** Finished steps, reused by schedule(): millions of short-lived objects otherwise keep the GC busy. */
  private readonly spare: Step[] = [];
  private readonly pools: AddressPool[];
  private readonly vpnPool: AddressPool;
  private readonly states: DeviceState[];
  private readonly people: PersonName[];
  private readonly acsBoot: number[];
  /** The ISE message being reported, refilled per message. */
  private readonly event = new IseEvent();
  private acsCounter = 1;
  private sessionCounter: number;
  private day = 0;

  constructor(
    private readonly options: ResolvedGenerateOptions,
    private readonly enterprise: Enterprise,
    private readonly log: LogEvents,
    private readonly truth: TruthTracker,
    /** Decisions of the modelled world (who comes, when, what address). */
    private readonly behaviour: Rng,
    /** Identifiers that decide nothing (TransIDs, session ids, latencies). */
    private readonly ids: Rng,
  ) {
    this.pools = enterprise.subnets.map((s) => new AddressPool(s.network + s.firstHost, s.lastHost - s.firstHost + 1, BEHAVIOUR.reuseGapMs));
    this.vpnPool = new AddressPool(enterprise.vpn.firstAddress, enterprise.vpn.size, BEHAVIOUR.reuseGapMs);
    this.states = enterprise.devices.map(() => new DeviceState());
    this.people = enterprise.people.map((p) => ({ raw: p.raw, key: p.key }));
    this.acsBoot = enterprise.iseNodes.map(() => ids.range(100_000_000, 999_999_999));
    this.sessionCounter = ids.range(0x10000000, 0x7fffffff);
    this.schedule(options.startMs, Kind.Midnight, -1, 0, 0);
  }

  /** Simulated time of the next step, or +∞ when done. */
  get now(): number {
    const next = this.queue.peek();
    return next === undefined || next.t >= this.options.endMs ? Number.POSITIVE_INFINITY : next.t;
  }

  get dayIndex(): number {
    return this.day;
  }

  /** Runs one step; false when the period is over (then call truth.finish()). */
  step(): boolean {
    const s = this.queue.peek();
    if (s === undefined || s.t >= this.options.endMs) return false;
    this.queue.pop();
    this.truth.advance(s.t);
    this.run(s);
    this.spare.push(s);
    return true;
  }

  private run(s: Step): void {
    if (s.kind === Kind.Midnight) return this.midnight(s.t);
    const st = this.states[s.dev] as DeviceState;
    const dev = this.enterprise.devices[s.dev] as Device;
    switch (s.kind) {
      case Kind.Arrive: return this.arrive(s, dev, st);
      case Kind.Expire: if (s.epoch === st.leaseEpoch) this.expire(s, dev, st); return;
      case Kind.VpnConnect: return this.vpnConnect(s, dev, st);
      default:
        if (s.epoch !== st.presence) return; // cancelled by a departure or a new arrival
    }
    switch (s.kind) {
      case Kind.Acquire: return this.acquire(s, dev, st);
      case Kind.Discover: return this.discover(s, dev, st);
      case Kind.RequestAck: return this.requestAck(s, dev, st);
      case Kind.Renew: return this.renew(s, dev, st);
      case Kind.Leave: return this.leave(s, dev, st);
      case Kind.Inform: return this.inform(s, dev, st);
      case Kind.Posture: return this.posture(s, dev, st);
      case Kind.Profiler: return this.profiler(s, dev, st);
      case Kind.VpnStart: return this.vpnStart(s, dev, st);
      case Kind.VpnInterim: return this.vpnInterim(s, dev, st);
      case Kind.VpnStop: return this.vpnStop(s, dev, st);
      default: throw new Error(`generator: unknown step kind ${s.kind}`);
    }
  }

  // ------------------------------------------------------------------ planning

  private midnight(t: number): void {
    const b = this.behaviour;
    const weekday = ((new Date(t).getUTCDay() + 6) % 7) < 5;
    for (const dev of this.enterprise.devices) {
      const st = this.states[dev.index] as DeviceState;
      if (dev.kind === 'iot') {
        if (this.day === 0) this.planSegments(st, dev, [t + b.int(2 * HOUR)], [Number.POSITIVE_INFINITY]);
        continue;
      }
      if (st.present) continue; // an overnight VPN session is still up
      const r = b.float();
      if (dev.kind === 'laptop') {
        const office = weekday ? BEHAVIOUR.laptopOfficeWeekday : BEHAVIOUR.laptopOfficeWeekend;
        const vpn = weekday ? BEHAVIOUR.laptopVpnWeekday : BEHAVIOUR.laptopVpnWeekend;
        if (r < office) {
          const arrive = t + 6.5 * HOUR + Math.floor(b.float() * 3 * HOUR);
          const leave = arrive + 7.5 * HOUR + Math.floor(b.float() * 2.5 * HOUR);
          if (b.chance(BEHAVIOUR.middayBreak)) {
            const pause = arrive + 3 * HOUR + Math.floor(b.float() * 1.5 * HOUR);
            const back = pause + 20 * MINUTE + Math.floor(b.float() * 50 * MINUTE);
            this.planSegments(st, dev, [arrive, back], [pause, leave]);
          } else {
            this.planSegments(st, dev, [arrive], [leave]);
          }
        } else if (r < office + vpn) {
          const connect = t + 6.5 * HOUR + Math.floor(b.float() * 4 * HOUR);
          const hours = b.chance(BEHAVIOUR.vpnOvernight) ? 14 + b.float() * 14 : 1.5 + b.float() * 7.5;
          st.vpnEnd = connect + Math.floor(hours * HOUR);
          this.schedule(connect, Kind.VpnConnect, dev.index, 0, 0);
        }
      } else {
        const office = weekday ? BEHAVIOUR.phoneOfficeWeekday : BEHAVIOUR.phoneOfficeWeekend;
        if (r < office) {
          // Phones come and go all day (shifts, lunch outside), so new leases meet lingering ones.
          const arrive = t + 6 * HOUR + Math.floor(b.float() * 6 * HOUR);
          const leave = arrive + 4 * HOUR + Math.floor(b.float() * 6 * HOUR);
          if (b.chance(BEHAVIOUR.middayBreak)) {
            const pause = arrive + 1 * HOUR + Math.floor(b.float() * 2 * HOUR);
            const back = pause + 30 * MINUTE + Math.floor(b.float() * 60 * MINUTE);
            this.planSegments(st, dev, [arrive, back], [pause, leave]);
          } else {
            this.planSegments(st, dev, [arrive], [leave]);
          }
        }
      }
    }
    this.day++;
    this.schedule(t + DAY, Kind.Midnight, -1, 0, 0);
  }

  private planSegments(st: DeviceState, dev: Device, starts: number[], ends: number[]): void {
    st.segmentStarts = starts;
    // Departures are DHCP events: keep them on whole seconds like the syslog clock.
    st.segmentEnds = ends.map((e) => (Number.isFinite(e) ? wholeSecond(e) : e));
    this.schedule(starts[0] as number, Kind.Arrive, dev.index, 0, 0);
  }

  // ------------------------------------------------------------------ campus presence and DHCP

  private arrive(s: Step, dev: Device, st: DeviceState): void {
    st.present = true;
    st.presence++;
    st.leaseEpoch++; // the client takes its lease back (or loses it) now: no EXPIRE for the old one
    st.segment = s.arg;
    const e = this.iseEvent(dev.kind === 'laptop' ? IseKind.Dot1x : IseKind.Mab, dev, s.t);
    st.cpm0 = e.cpm0;
    st.cpm1 = e.cpm1;
    st.cpm2 = e.cpm2;
    this.ise(e);
    if (dev.kind === 'laptop') this.truth.personSeen(s.t, dev.mac.colon, this.people[dev.owner] as PersonName);
    const end = st.segmentEnds[s.arg] as number;
    if (Number.isFinite(end)) this.schedule(end, Kind.Leave, dev.index, st.presence, 0);
    // The supplicant finishes, then the client talks DHCP a few seconds later.
    this.schedule(wholeSecond(s.t) + this.behaviour.range(2, 5) * SECOND, Kind.Acquire, dev.index, st.presence, 0);
  }

  private acquire(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    const previous = st.lastAddress;
    if (previous !== NO_ADDRESS && pool.holder[previous] === dev.index) {
      // INIT-REBOOT: the lease is still ours; an ACK of the same address extends (or reopens) it.
      if (!this.bindingSecondFree(pool, previous, s)) return;
      pool.lingering.delete(previous);
      st.address = previous;
      this.log.dhcp(s.t, dev.index, DhcpKind.Request, previous, this.ids.u32());
      this.bind(s.t, dev, st, pool, previous, false);
      return;
    }
    if (previous !== NO_ADDRESS && pool.holder[previous] !== NO_ADDRESS) {
      // Someone else has it now: the server refuses, the client starts over.
      this.log.dhcp(s.t, dev.index, DhcpKind.Request, previous, this.ids.u32());
      this.log.dhcp(s.t, dev.index, DhcpKind.Nak, previous, 0);
      st.lastAddress = NO_ADDRESS;
      this.schedule(s.t + SECOND, Kind.Discover, dev.index, st.presence, 0);
      return;
    }
    this.discover(s, dev, st);
  }

  private discover(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    const b = this.behaviour;
    let address = NO_ADDRESS;
    const previous = st.lastAddress;
    if (previous !== NO_ADDRESS && pool.isFreeForReuse(previous, s.t) && b.chance(BEHAVIOUR.keepPreviousAddress)) {
      address = previous;
      pool.claim(address, dev.index);
    } else if (pool.lingering.size > 0 && b.chance(BEHAVIOUR.supersede)) {
      address = this.supersede(pool, dev, s.t);
    }
    if (address === NO_ADDRESS) address = pool.takeOldestFree(dev.index, s.t);
    const transId = this.ids.u32();
    if (address === NO_ADDRESS) {
      this.log.dhcp(s.t, dev.index, DhcpKind.NoFreeLeases, NO_ADDRESS, transId);
      this.schedule(s.t + 5 * MINUTE, Kind.Discover, dev.index, st.presence, 0);
      return;
    }
    st.address = address;
    this.log.dhcp(s.t, dev.index, DhcpKind.Discover, NO_ADDRESS, transId);
    this.log.dhcp(s.t, dev.index, DhcpKind.Offer, address, 0);
    this.schedule(s.t + SECOND, Kind.RequestAck, dev.index, st.presence, 0);
  }

  /** Hands the oldest lingering lease of a departed device to `dev` (the ACK will supersede it). */
  private supersede(pool: AddressPool, dev: Device, t: number): number {
    const first = pool.lingering.entries().next();
    if (first.done) return NO_ADDRESS;
    const [address, victim] = first.value;
    if (victim === dev.index || (pool.lastBindingSecond[address] as number) > t / SECOND - 60) return NO_ADDRESS;
    const vs = this.states[victim] as DeviceState;
    vs.leaseEpoch++; // its EXPIRE will never come: the lease is gone
    vs.address = NO_ADDRESS;
    pool.lingering.delete(address);
    pool.claim(address, dev.index);
    return address;
  }

  private requestAck(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    if (st.address === NO_ADDRESS || !this.bindingSecondFree(pool, st.address, s)) return;
    this.log.dhcp(s.t, dev.index, DhcpKind.Request, st.address, this.ids.u32());
    this.bind(s.t, dev, st, pool, st.address, false);
  }

  private renew(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    if (st.address === NO_ADDRESS || pool.holder[st.address] !== dev.index) return;
    if (!this.bindingSecondFree(pool, st.address, s)) return;
    this.log.dhcp(s.t, dev.index, DhcpKind.RequestRenew, st.address, this.ids.u32());
    this.bind(s.t, dev, st, pool, st.address, true);
    if (dev.kind === 'iot' && this.behaviour.chance(0.15)) {
      this.schedule(s.t + this.behaviour.int(10 * MINUTE), Kind.Profiler, dev.index, st.presence, 0);
    }
  }

  /** The ACK: the binding event the truth follows. */
  private bind(t: number, dev: Device, st: DeviceState, pool: AddressPool, address: number, renew: boolean): void {
    const subnet = this.enterprise.subnets[dev.subnet]!;
    const lease = subnet.leaseSeconds;
    const ip = pool.text(address);
    this.log.dhcp(t, dev.index, renew ? DhcpKind.AckRenew : DhcpKind.Ack, address, 0);
    pool.lastBindingSecond[address] = t / SECOND;
    this.truth.dhcpAck(t, ip, dev.mac.colon, lease);
    st.leaseEnd = t + lease * SECOND;
    st.lastAddress = address;
    this.schedule(t + (lease / 2) * SECOND, Kind.Renew, dev.index, st.presence, 0);
    if (renew) return;
    const b = this.behaviour;
    if (dev.kind === 'laptop') {
      this.schedule(t + b.range(20, 90) * SECOND + b.int(SECOND), Kind.Posture, dev.index, st.presence, 0);
      if (b.chance(0.5)) this.schedule(t + b.range(60, 1800) * SECOND, Kind.Inform, dev.index, st.presence, 0);
    }
    if (b.chance(dev.kind === 'laptop' ? 0.8 : 0.6)) {
      this.schedule(t + b.range(5, 60) * SECOND + b.int(SECOND), Kind.Profiler, dev.index, st.presence, 0);
    }
  }

  private leave(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    const address = st.address;
    const lastSegment = st.segment >= st.segmentStarts.length - 1;
    const releases = lastSegment && this.behaviour.chance(dev.kind === 'laptop' ? BEHAVIOUR.laptopRelease : BEHAVIOUR.phoneRelease);
    if (address !== NO_ADDRESS && pool.holder[address] === dev.index) {
      if (releases) {
        if (!this.bindingSecondFree(pool, address, s)) return;
        this.log.dhcp(s.t, dev.index, DhcpKind.Release, address, this.ids.u32());
        this.truth.dhcpRelease(s.t, pool.text(address), dev.mac.colon);
        pool.free(address, s.t);
        st.address = NO_ADDRESS;
      } else {
        // Gone without a word: the lease lingers until the server expires it (or hands it to someone else).
        pool.lingering.set(address, dev.index);
        const expireAt = wholeSecond(st.leaseEnd) + this.behaviour.range(1, 90) * SECOND;
        this.schedule(expireAt, Kind.Expire, dev.index, st.leaseEpoch, 0);
      }
    }
    st.present = false;
    st.presence++;
    if (!lastSegment) this.schedule(st.segmentStarts[st.segment + 1] as number, Kind.Arrive, dev.index, 0, st.segment + 1);
  }

  private expire(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    const address = st.address;
    if (address === NO_ADDRESS || pool.holder[address] !== dev.index) return;
    if (!this.bindingSecondFree(pool, address, s)) return;
    this.log.dhcp(s.t, dev.index, DhcpKind.Expire, address, 0);
    this.truth.dhcpExpire(s.t, pool.text(address), dev.mac.colon);
    pool.free(address, s.t);
    st.address = NO_ADDRESS;
  }

  private inform(s: Step, dev: Device, st: DeviceState): void {
    const pool = this.pools[dev.subnet]!;
    if (st.address === NO_ADDRESS || pool.holder[st.address] !== dev.index) return;
    this.log.dhcp(s.t, dev.index, DhcpKind.Inform, st.address, this.ids.u32());
    this.log.dhcp(s.t, dev.index, DhcpKind.InformAck, st.address, 0);
  }

  private posture(s: Step, dev: Device, st: DeviceState): void {
    if (st.address === NO_ADDRESS || dev.owner < 0) return;
    const e = this.iseEvent(IseKind.Posture, dev, s.t);
    e.cpm0 = st.cpm0;
    e.cpm1 = st.cpm1;
    e.cpm2 = st.cpm2;
    e.address = st.address;
    this.ise(e);
    this.truth.personSeen(s.t, dev.mac.colon, this.people[dev.owner] as PersonName);
  }

  private profiler(s: Step, dev: Device, st: DeviceState): void {
    const withIp = st.address !== NO_ADDRESS && this.behaviour.chance(0.7);
    const e = this.iseEvent(IseKind.Profiler, dev, s.t);
    e.address = withIp ? st.address : NO_ADDRESS;
    this.ise(e);
  }

  // ------------------------------------------------------------------ remote access VPN

  private vpnConnect(s: Step, dev: Device, st: DeviceState): void {
    if (st.present) return;
    st.present = true;
    st.presence++;
    const b = this.behaviour;
    const prefix = b.int(PUBLIC_PREFIXES.length);
    st.vpnPublicIp = publicIpCode(prefix, b.range(1, 254));
    const e = this.iseEvent(IseKind.VpnAuth, dev, s.t);
    st.vpnCpm0 = e.cpm0;
    st.vpnCpm1 = e.cpm1;
    st.vpnCpm2 = e.cpm2;
    st.vpnAcsCounter = e.acsCounter;
    e.publicIp = st.vpnPublicIp;
    this.ise(e);
    this.truth.personSeen(s.t, dev.mac.colon, this.people[dev.owner] as PersonName);
    this.schedule(s.t + b.range(1500, 4000), Kind.VpnStart, dev.index, st.presence, 0);
  }

  private vpnStart(s: Step, dev: Device, st: DeviceState): void {
    const address = this.vpnPool.takeOldestFree(dev.index, s.t);
    if (address === NO_ADDRESS) {
      st.present = false;
      st.presence++;
      return;
    }
    st.vpnAddress = address;
    st.vpnStart = s.t;
    st.vpnSessionNumber = this.sessionCounter++ >>> 0;
    st.vpnSession = st.vpnSessionNumber.toString(16).toUpperCase().padStart(8, '0');
    this.accounting(s.t, dev, st, IseKind.AcctStart);
    this.truth.radiusStart(s.t, st.vpnSession, this.vpnPool.text(address), dev.mac.colon, this.people[dev.owner] as PersonName);
    this.schedule(s.t + BEHAVIOUR.vpnInterimSeconds * SECOND, Kind.VpnInterim, dev.index, st.presence, 0);
    this.schedule(Math.max(st.vpnEnd, s.t + MINUTE), Kind.VpnStop, dev.index, st.presence, 0);
  }

  private vpnInterim(s: Step, dev: Device, st: DeviceState): void {
    this.accounting(s.t, dev, st, IseKind.AcctInterim);
    this.schedule(s.t + BEHAVIOUR.vpnInterimSeconds * SECOND, Kind.VpnInterim, dev.index, st.presence, 0);
  }

  private vpnStop(s: Step, dev: Device, st: DeviceState): void {
    this.accounting(s.t, dev, st, IseKind.AcctStop);
    this.truth.radiusStop(s.t, st.vpnSession);
    this.vpnPool.free(st.vpnAddress, s.t);
    st.vpnAddress = NO_ADDRESS;
    st.present = false;
    st.presence++;
  }

  private accounting(t: number, dev: Device, st: DeviceState, kind: IseKind): void {
    const e = this.iseEvent(kind, dev, t);
    // The session's accounting repeats the ids of its login.
    e.cpm0 = st.vpnCpm0;
    e.cpm1 = st.vpnCpm1;
    e.cpm2 = st.vpnCpm2;
    e.acsCounter = st.vpnAcsCounter;
    e.address = st.vpnAddress;
    e.publicIp = st.vpnPublicIp;
    e.session = st.vpnSessionNumber;
    e.sessionTime = Math.floor((t - st.vpnStart) / SECOND);
    this.ise(e);
    this.truth.personSeen(t, dev.mac.colon, this.people[dev.owner] as PersonName);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Two binding events on one address in the same syslog second have no defined order for the ETL:
   * push the step one second later instead.
   */
  private bindingSecondFree(pool: AddressPool, address: number, s: Step): boolean {
    if ((pool.lastBindingSecond[address] as number) < s.t / SECOND) return true;
    this.schedule(s.t + SECOND, s.kind, s.dev, s.epoch, s.arg);
    return false;
  }

  /**
   * Starts an ISE message of `dev` at `t` in the shared event, drawing its session ids: CPMSessionID (three 32-bit
   * draws), the next AcsSessionID counter, the request latency.
   */
  private iseEvent(kind: IseKind, dev: Device, t: number): IseEvent {
    const e = this.event;
    const ids = this.ids;
    e.kind = kind;
    e.t = t;
    e.dev = dev.index;
    e.cpm0 = ids.u32();
    e.cpm1 = ids.u32();
    e.cpm2 = ids.u32();
    e.acsBoot = this.acsBoot[dev.iseNode] as number;
    e.acsCounter = this.acsCounter++;
    e.latency = ids.range(2, 90);
    return e;
  }

  /** Reports the event, with the sub-millisecond digits of its body timestamp drawn last. */
  private ise(e: IseEvent): void {
    e.micros = this.ids.int(1000);
    this.log.ise(e);
  }

  private schedule(t: number, kind: StepKind, dev: number, epoch: number, arg: number): void {
    if (t >= this.options.endMs) return;
    const step = this.spare.pop();
    if (step === undefined) {
      this.queue.push({ t, seq: 0, kind, dev, epoch, arg });
      return;
    }
    step.t = t;
    step.kind = kind;
    step.dev = dev;
    step.epoch = epoch;
    step.arg = arg;
    this.queue.push(step);
  }
}

function wholeSecond(t: number): number {
  return Math.floor(t / SECOND) * SECOND;
}
