/**
 * Infoblox NIOS / ISC dhcpd message texts (what follows `dhcpd[pid]: `), spelled as the public samples show them:
 * ISC format strings plus the Infoblox tokens `relay`, `lease-duration`, `offered-duration`, `TransID`, `uid`, `(RENEW)`.
 */
export interface DhcpClient {
  /** `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  hostname: string | null;
}

function who(c: DhcpClient): string {
  return c.hostname === null ? c.mac : `${c.mac} (${c.hostname})`;
}

export function discover(c: DhcpClient, via: string, transId: string): string {
  return `DHCPDISCOVER from ${who(c)} via ${via} TransID ${transId} uid 01:${c.mac}`;
}

export function noFreeLeases(c: DhcpClient, via: string, transId: string, cidr: string): string {
  return `DHCPDISCOVER from ${who(c)} via ${via} TransID ${transId}: network ${cidr}: no free leases`;
}

/** OFFER's `lease-duration` is the short offer hold, `offered-duration` the proposed lease (never a binding). */
export function offer(ip: string, c: DhcpClient, via: string, leaseSeconds: number): string {
  return `DHCPOFFER on ${ip} to ${who(c)} via ${via} relay ${via} lease-duration 119 offered-duration ${leaseSeconds} uid 01:${c.mac}`;
}

export function request(ip: string, serverId: string | null, c: DhcpClient, via: string, transId: string, renew: boolean): string {
  const sid = serverId === null ? '' : ` (${serverId})`;
  return `DHCPREQUEST for ${ip}${sid} from ${who(c)} via ${via} TransID ${transId} uid 01:${c.mac}${renew ? ' (RENEW)' : ''}`;
}

export function ack(ip: string, c: DhcpClient, via: string, leaseSeconds: number, renew: boolean): string {
  return `DHCPACK on ${ip} to ${who(c)} via ${via} relay ${via} lease-duration ${leaseSeconds}${renew ? ' (RENEW)' : ''} uid 01:${c.mac}`;
}

export function nak(ip: string, c: DhcpClient, via: string): string {
  return `DHCPNAK on ${ip} to ${c.mac} via ${via}`;
}

export function release(ip: string, c: DhcpClient, via: string, transId: string): string {
  return `DHCPRELEASE of ${ip} from ${who(c)} via ${via} (found) TransID ${transId} uid 01:${c.mac}`;
}

export function expire(ip: string, c: DhcpClient): string {
  return `DHCPEXPIRE on ${ip} to ${c.mac}`;
}

export function inform(ip: string, via: string, transId: string): string {
  return `DHCPINFORM from ${ip} via ${via} TransID ${transId}`;
}

/** The ACK-to-INFORM form: the client already holds the address, so this opens nothing. */
export function informAck(ip: string, c: DhcpClient, via: string): string {
  return `DHCPACK to ${ip} (${c.mac}) via ${via}`;
}
