/**
 * What the simulation asks to be logged, as plain numbers: which device, which message, which address (an index in
 * the device's DHCP scope or in the VPN pool) and the random identifiers it drew. Spelling the lines is left to a
 * LogRenderer, in this thread or in a worker (the numbers are cheap to record and replay, the strings are not).
 * Nothing flows back: the simulation never depends on what was written.
 */

/** DHCP messages; each names what it needs from `DhcpEvent` below. */
export const DhcpKind = {
  /** transId */
  Discover: 0,
  /** transId; the scope comes from the device */
  NoFreeLeases: 1,
  /** address */
  Offer: 2,
  /** address, transId: a REQUEST naming the server (SELECTING / INIT-REBOOT) */
  Request: 3,
  /** address, transId: a renewal sent to the server directly */
  RequestRenew: 4,
  /** address */
  Nak: 5,
  /** address */
  Ack: 6,
  /** address */
  AckRenew: 7,
  /** address, transId */
  Release: 8,
  /** address */
  Expire: 9,
  /** address, transId */
  Inform: 10,
  /** address */
  InformAck: 11,
} as const;
export type DhcpKind = (typeof DhcpKind)[keyof typeof DhcpKind];
export const DHCP_KIND_COUNT = 12;

/** ISE messages; `IseEvent` says which fields each one reads. */
export const IseKind = {
  Dot1x: 0,
  Mab: 1,
  /** address: the device's DHCP address */
  Posture: 2,
  /** address: the device's DHCP address, or -1 when the event carries none */
  Profiler: 3,
  /** publicIp */
  VpnAuth: 4,
  /** address (VPN pool), publicIp, session, sessionTime */
  AcctStart: 5,
  AcctInterim: 6,
  AcctStop: 7,
} as const;
export type IseKind = (typeof IseKind)[keyof typeof IseKind];
export const ISE_KIND_COUNT = 8;

/** Public address prefixes of remote workers; `publicIp` codes index them (see publicIpCode). */
export const PUBLIC_PREFIXES = ['81.2.69.', '89.160.20.', '216.160.83.', '175.16.199.'] as const;

/** A remote worker's public address as one number: prefix index × 256 + host. */
export function publicIpCode(prefix: number, host: number): number {
  return prefix * 256 + host;
}

export function publicIpText(code: number): string {
  return `${PUBLIC_PREFIXES[code >> 8] as string}${code & 255}`;
}

/**
 * One ISE message to log. The simulation keeps one instance and refills it per message (no object per event); the
 * fields a kind does not read keep stale values.
 */
export class IseEvent {
  kind: IseKind = IseKind.Dot1x;
  t = 0;
  dev = 0;
  /** Sub-millisecond digits of the body timestamp (µs nodes). */
  micros = 0;
  /** CPMSessionID: three 32-bit draws spelled as 24 hex digits. */
  cpm0 = 0;
  cpm1 = 0;
  cpm2 = 0;
  /** AcsSessionID `node/boot/counter`. */
  acsBoot = 0;
  acsCounter = 0;
  latency = 0;
  address = -1;
  publicIp = 0;
  /** VPN accounting: Acct-Session-Id as a number (spelled as 8 upper-case hex digits). */
  session = 0;
  /** VPN accounting: whole seconds since the Start. */
  sessionTime = 0;
}

/** Receives the simulation's log events in time order. */
export interface LogEvents {
  /** `transId` is a 32-bit draw (spelled as 8 hex digits); `address` an index in the device's scope, or -1. */
  dhcp(t: number, dev: number, kind: DhcpKind, address: number, transId: number): void;
  /** The event is only read during the call. */
  ise(event: IseEvent): void;
}
