/**
 * Infoblox NIOS / ISC dhcpd message texts (what follows `dhcpd[pid]: `), spelled as the public samples show them:
 * ISC format strings plus the Infoblox tokens `relay`, `lease-duration`, `offered-duration`, `TransID`, `uid`, `(RENEW)`.
 *
 * A client's MAC and host name never change, nor do a scope's relay and lease length, so the text around the address
 * and the TransID is spelled once per client (who it is) and once per scope (the relay and lease tails): a line is then
 * a handful of concatenations instead of a dozen, and per-client memory stays small (a lake of 100k devices would
 * otherwise hold ~90 MB of per-client tails).
 * The hot messages use `+` rather than template literals: `+` carries type feedback, so optimised code skips the
 * generic ToString call a template literal makes for every substitution (measured: ~5% of the generator's time).
 */
import { flat } from './flat.js';

export interface DhcpClient {
  /** `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  hostname: string | null;
}

/** The texts of one scope: clients behind relay `via` that get `leaseSeconds` leases. */
export class DhcpScopeLines {
  /** ` via <relay> TransID ` (DISCOVER and REQUEST put the TransID right after it). */
  readonly viaTransId: string;
  readonly offerTail: string;
  readonly ackTail: string;
  readonly ackRenewTail: string;

  constructor(readonly via: string, leaseSeconds: number) {
    this.viaTransId = flat(` via ${via} TransID `);
    this.offerTail = flat(` via ${via} relay ${via} lease-duration 119 offered-duration ${leaseSeconds}`);
    this.ackTail = flat(` via ${via} relay ${via} lease-duration ${leaseSeconds}`);
    this.ackRenewTail = flat(` via ${via} relay ${via} lease-duration ${leaseSeconds} (RENEW)`);
  }
}

/** The messages of one client of `scope`. */
export class DhcpClientLines {
  private readonly mac: string;
  /** ` from <mac> (<host>)` or ` from <mac>`. */
  private readonly from: string;
  /** ` to <mac> (<host>)` or ` to <mac>`. */
  private readonly to: string;
  private readonly uid: string;

  constructor(client: DhcpClient, private readonly scope: DhcpScopeLines) {
    const who = client.hostname === null ? client.mac : `${client.mac} (${client.hostname})`;
    this.mac = client.mac;
    this.from = flat(` from ${who}`);
    this.to = flat(` to ${who}`);
    this.uid = flat(` uid 01:${client.mac}`);
  }

  /** `DHCPDISCOVER from <who> via <relay> TransID <id> uid 01:<mac>` */
  discover(transId: string): string {
    return 'DHCPDISCOVER' + this.from + this.scope.viaTransId + transId + this.uid;
  }

  /** `DHCPDISCOVER from <who> via <relay> TransID <id>: network <cidr>: no free leases` */
  noFreeLeases(transId: string, cidr: string): string {
    return `DHCPDISCOVER${this.from}${this.scope.viaTransId}${transId}: network ${cidr}: no free leases`;
  }

  /**
   * `DHCPOFFER on <ip> to <who> via <relay> relay <relay> lease-duration 119 offered-duration <L> uid 01:<mac>`:
   * OFFER's `lease-duration` is the short offer hold, `offered-duration` the proposed lease (never a binding).
   */
  offer(ip: string): string {
    return 'DHCPOFFER on ' + ip + this.to + this.scope.offerTail + this.uid;
  }

  /**
   * `DHCPREQUEST for <ip>[ (<server>)] from <who> via <relay> TransID <id> uid 01:<mac>[ (RENEW)]`;
   * `serverIdText` is ` (<server ip>)` or '' (renewals go to the server directly).
   */
  request(ip: string, serverIdText: string, transId: string, renew: boolean): string {
    return 'DHCPREQUEST for ' + ip + serverIdText + this.from + this.scope.viaTransId + transId + (renew ? this.uid + ' (RENEW)' : this.uid);
  }

  /** `DHCPACK on <ip> to <who> via <relay> relay <relay> lease-duration <L>[ (RENEW)] uid 01:<mac>` */
  ack(ip: string, renew: boolean): string {
    return 'DHCPACK on ' + ip + this.to + (renew ? this.scope.ackRenewTail : this.scope.ackTail) + this.uid;
  }

  /** `DHCPNAK on <ip> to <mac> via <relay>` */
  nak(ip: string): string {
    return `DHCPNAK on ${ip} to ${this.mac} via ${this.scope.via}`;
  }

  /** `DHCPRELEASE of <ip> from <who> via <relay> (found) TransID <id> uid 01:<mac>` */
  release(ip: string, transId: string): string {
    return `DHCPRELEASE of ${ip}${this.from} via ${this.scope.via} (found) TransID ${transId}${this.uid}`;
  }

  /** `DHCPEXPIRE on <ip> to <mac>` */
  expire(ip: string): string {
    return `DHCPEXPIRE on ${ip} to ${this.mac}`;
  }

  /** `DHCPINFORM from <ip> via <relay> TransID <id>` */
  inform(ip: string, transId: string): string {
    return `DHCPINFORM from ${ip} via ${this.scope.via} TransID ${transId}`;
  }

  /** `DHCPACK to <ip> (<mac>) via <relay>`: the ACK-to-INFORM form; the client already holds the address, so this opens nothing. */
  informAck(ip: string): string {
    return `DHCPACK to ${ip} (${this.mac}) via ${this.scope.via}`;
  }
}

/** ` (<server ip>)`: the server identifier a REQUEST in SELECTING/INIT-REBOOT state names. */
export function serverIdText(serverIp: string): string {
  return flat(` (${serverIp})`);
}
