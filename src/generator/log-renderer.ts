/**
 * Spells the simulation's log events (./log-events) as DHCP and ISE messages and hands them to the LogWriter.
 * Everything it needs besides the event's numbers is in the immutable enterprise, so a worker that rebuilt the
 * enterprise from the same seed renders exactly the same lines.
 */
import { addressTexts } from './address-pool.js';
import type { Enterprise, Person } from './enterprise.js';
import * as dhcp from './format/dhcp-lines.js';
import * as iseMsg from './format/ise-messages.js';
import type { IseMessage } from './format/ise-syslog.js';
import { DhcpKind, IseKind, publicIpText, type IseEvent, type LogEvents } from './log-events.js';
import type { LogWriter } from './log-writer.js';
import { hex8 } from './rng.js';

const SECOND = 1000;

export class LogRenderer implements LogEvents {
  /** Per device: its DHCP message texts (who it is, and its scope's tails), spelled once. */
  private readonly dhcpLines: dhcp.DhcpClientLines[];
  /** Per DHCP server: ` (<server ip>)` of REQUESTs that name it. */
  private readonly serverIds: string[];
  /** Per subnet: the spelling of each address of its dynamic range. */
  private readonly scopeTexts: string[][];
  private readonly vpnTexts: string[];
  private readonly asa: iseMsg.AsaInfo;
  /** Scratch session ids, refilled per message (the message functions only read them). */
  private readonly ids: iseMsg.IseSessionIds = { cpm: '', acs: '', configVersion: 0, latency: 0 };

  constructor(private readonly enterprise: Enterprise, private readonly writer: LogWriter) {
    const scopes = enterprise.subnets.map((s) => new dhcp.DhcpScopeLines(s.giaddr, s.leaseSeconds));
    this.dhcpLines = enterprise.devices.map((d) => new dhcp.DhcpClientLines({ mac: d.mac.colon, hostname: d.hostname }, scopes[d.subnet]!));
    this.serverIds = enterprise.dhcpServers.map((server) => dhcp.serverIdText(server.serverIp));
    this.scopeTexts = enterprise.subnets.map((s) => addressTexts(s.network + s.firstHost, s.lastHost - s.firstHost + 1));
    this.vpnTexts = addressTexts(enterprise.vpn.firstAddress, enterprise.vpn.size);
    const v = enterprise.vpn;
    this.asa = { name: v.asaName, ip: v.asaIp, publicIp: v.asaPublicIp };
  }

  dhcp(t: number, dev: number, kind: DhcpKind, address: number, transId: number): void {
    const device = this.enterprise.devices[dev];
    if (device === undefined) throw new Error(`generator: DHCP event for unknown device ${dev}`);
    const subnet = this.enterprise.subnets[device.subnet]!;
    const lines = this.dhcpLines[dev]!;
    const ip = address >= 0 ? (this.scopeTexts[device.subnet]![address] as string) : '';
    let message: string;
    switch (kind) {
      case DhcpKind.Discover: message = lines.discover(hex8(transId)); break;
      case DhcpKind.NoFreeLeases: message = lines.noFreeLeases(hex8(transId), subnet.cidr); break;
      case DhcpKind.Offer: message = lines.offer(ip); break;
      case DhcpKind.Request: message = lines.request(ip, this.serverIds[subnet.dhcpServer]!, hex8(transId), false); break;
      case DhcpKind.RequestRenew: message = lines.request(ip, '', hex8(transId), true); break;
      case DhcpKind.Nak: message = lines.nak(ip); break;
      case DhcpKind.Ack: message = lines.ack(ip, false); break;
      case DhcpKind.AckRenew: message = lines.ack(ip, true); break;
      case DhcpKind.Release: message = lines.release(ip, hex8(transId)); break;
      case DhcpKind.Expire: message = lines.expire(ip); break;
      case DhcpKind.Inform: message = lines.inform(ip, hex8(transId)); break;
      case DhcpKind.InformAck: message = lines.informAck(ip); break;
      default: throw new Error(`generator: unknown DHCP event kind ${String(kind)}`);
    }
    this.writer.dhcp(subnet.dhcpServer, t, message);
  }

  ise(e: IseEvent): void {
    const device = this.enterprise.devices[e.dev];
    if (device === undefined) throw new Error(`generator: ISE event for unknown device ${e.dev}`);
    const subnet = this.enterprise.subnets[device.subnet]!;
    const node = this.enterprise.iseNodes[device.iseNode]!;
    const person = this.enterprise.people[device.owner];
    const ids = this.ids;
    ids.cpm = hex8(e.cpm0) + hex8(e.cpm1) + hex8(e.cpm2);
    ids.acs = `${node.host}/${e.acsBoot}/${e.acsCounter}`;
    ids.configVersion = 240 + device.iseNode * 17;
    ids.latency = e.latency;
    let message: IseMessage;
    switch (e.kind) {
      case IseKind.Dot1x: message = iseMsg.passedAuthDot1x(device, needPerson(person, e), subnet, node, ids); break;
      case IseKind.Mab: message = iseMsg.passedAuthMab(device, subnet, node, ids); break;
      case IseKind.Posture:
        message = iseMsg.posture(device, needPerson(person, e), this.scopeTexts[device.subnet]![e.address] as string, ids);
        break;
      case IseKind.Profiler: {
        const ip = e.address >= 0 ? (this.scopeTexts[device.subnet]![e.address] as string) : null;
        message = iseMsg.profiler(device, ip, subnet, node, ids);
        break;
      }
      case IseKind.VpnAuth: message = iseMsg.passedAuthVpn(device, needPerson(person, e), publicIpText(e.publicIp), this.asa, node, ids); break;
      case IseKind.AcctStart:
      case IseKind.AcctInterim:
      case IseKind.AcctStop:
        message = iseMsg.vpnAccounting(device, needPerson(person, e), {
          status: e.kind === IseKind.AcctStart ? 'Start' : e.kind === IseKind.AcctStop ? 'Stop' : 'Interim-Update',
          sessionId: (e.session >>> 0).toString(16).toUpperCase().padStart(8, '0'),
          framedIp: this.vpnTexts[e.address] as string,
          publicIp: publicIpText(e.publicIp),
          sessionTime: e.sessionTime,
          eventTimestamp: Math.floor(e.t / SECOND),
          octetsIn: e.sessionTime * 1500,
          octetsOut: e.sessionTime * 9000,
        }, this.asa, ids);
        break;
      default: throw new Error(`generator: unknown ISE event kind ${String(e.kind)}`);
    }
    this.writer.ise(device.iseNode, e.t, e.micros, message);
  }
}

/** 802.1X, posture and VPN messages name the device's owner. */
function needPerson(person: Person | undefined, e: IseEvent): Person {
  if (person === undefined) throw new Error(`generator: ISE event kind ${e.kind} for device ${e.dev}, which has no owner`);
  return person;
}
