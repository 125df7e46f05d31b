/**
 * Raw syslog lines for ETL scenario tests, spelled as the real samples are (see /work/shared/docs/log-formats.md):
 * Infoblox dhcpd lines with a year-less header clock, and single-segment ISE RADIUS accounting messages whose body
 * carries the full date. Times are UTC (the ETL's default zone).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function syslogClock(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' : ''}${day} ${d.toISOString().slice(11, 19)}`;
}

export function dhcpAck(ms: number, ip: string, mac: string, leaseSeconds: number, hostname = 'DESK-1'): string {
  return `<30>${syslogClock(ms)} dhcp01 dhcpd[2301]: DHCPACK on ${ip} to ${mac} (${hostname}) via eth0 relay eth0 lease-duration ${leaseSeconds} uid 01:${mac}`;
}

let messageId = 1;

export type AcctStatus = 'Start' | 'Interim-Update' | 'Stop';
const acctText: Record<AcctStatus, [number, string]> = {
  Start: [3000, 'RADIUS Accounting start request'],
  'Interim-Update': [3002, 'RADIUS Accounting watchdog update'],
  Stop: [3001, 'RADIUS Accounting stop request'],
};

export interface AcctFields {
  user: string;
  ip: string;
  mac: string;
  sessionId: string;
  /** Acct-Session-Time, for Interim and Stop. */
  sessionSeconds?: number;
}

export function radiusAccounting(ms: number, status: AcctStatus, f: AcctFields): string {
  const [code, text] = acctText[status];
  const id = String(messageId++).padStart(10, '0');
  const body = new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const attrs = [
    `User-Name=${f.user}`,
    'NAS-IP-Address=10.0.0.1',
    `Framed-IP-Address=${f.ip}`,
    `Calling-Station-ID=${f.mac.replaceAll(':', '-')}`,
    `Acct-Status-Type=${status}`,
    `Acct-Session-Id=${f.sessionId}`,
    ...(f.sessionSeconds === undefined ? [] : [`Acct-Session-Time=${f.sessionSeconds}`]),
  ];
  return `<181>${syslogClock(ms)} ise-psn01 CISE_RADIUS_Accounting ${id} 1 0 ${body} +00:00 ${id} ${code} NOTICE Radius-Accounting: ${text}, ${attrs.join(', ')},`;
}
