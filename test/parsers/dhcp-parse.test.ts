import { describe, expect, it } from 'vitest';
import { createDhcpParser, parseDhcpLine, type DhcpRecord, type LineRef, type ParseResult } from '../../src/parsers/index.js';

const ref: LineRef = { object: 'landing/dhcp/2026-11-28/host1.log.gz', line: 7, offset: 1234 };
const ctx = { ingestTime: Date.parse('2026-11-28T00:00:00Z') };
const H = '<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[17530]: ';
const T = Date.parse('2026-03-27T08:32:59Z');

function record(line: string, context = ctx): DhcpRecord {
  const result = parseDhcpLine(line, ref, context);
  if (!result.ok) throw new Error(`expected a record for ${line}: ${result.reason} ${result.detail}`);
  expect(result.lines).toEqual([ref]);
  return result.record;
}

function reason(result: ParseResult<DhcpRecord>): string {
  return result.ok ? 'record' : result.reason;
}

function failure(line: string, context = ctx): string {
  const result = parseDhcpLine(line, ref, context);
  if (!result.ok) {
    expect(result.raw).toEqual([line]);
    expect(result.lines).toEqual([ref]);
    expect(result.detail.length).toBeGreaterThan(0);
  }
  return reason(result);
}

describe('parseDhcpLine: stock ISC dhcpd formats', () => {
  it('DHCPDISCOVER', () => {
    expect(record(`${H}DHCPDISCOVER from 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3`)).toMatchObject({
      messageType: 'DHCPDISCOVER', ip: null, mac: '00:50:56:83:6c:a0', hostname: 'DESKTOP-ABCD', via: 'eth3', eventTime: T, serverHost: 'infoblox.localdomain',
    });
  });
  it('DHCPACK on … to … via giaddr', () => {
    expect(record(`${H}DHCPACK on 10.100.102.108 to 6c:88:14:1d:97:1c (PDB746) via 10.100.100.4`)).toMatchObject({
      messageType: 'DHCPACK', ip: '10.100.102.108', mac: '6c:88:14:1d:97:1c', hostname: 'PDB746', via: '10.100.100.4', informAck: false, leaseSeconds: null,
    });
  });
  it('DHCPACK to an INFORM', () => {
    expect(record(`${H}DHCPACK to 172.131.101.173 (01:5e:5f:a1:3e:86) via eth2`)).toMatchObject({
      messageType: 'DHCPACK', ip: '172.131.101.173', mac: '01:5e:5f:a1:3e:86', informAck: true, hostname: null,
    });
  });
  it('the blog sample with the INFORM-ACK address lost is a broken body', () => {
    expect(failure(`${H}DHCPACK to (f0:5e:0c:b2:35:bf) via eth2`)).toBe('unparseable_dhcp_message');
  });
  it('DHCPREQUEST keeps the requested address and skips the server id', () => {
    expect(record(`${H}DHCPREQUEST for 192.168.0.4 (192.168.0.1) from 00:50:56:83:6c:a0 via eth3`)).toMatchObject({
      messageType: 'DHCPREQUEST', ip: '192.168.0.4', mac: '00:50:56:83:6c:a0', via: 'eth3',
    });
  });
  it('DHCPNAK, DHCPDECLINE, DHCPINFORM', () => {
    expect(record(`${H}DHCPNAK on 192.168.0.4 to f4:30:b9:17:ab:0e via 192.168.0.2`)).toMatchObject({ messageType: 'DHCPNAK', ip: '192.168.0.4', mac: 'f4:30:b9:17:ab:0e' });
    expect(record(`${H}DHCPDECLINE of 192.168.0.4 from 34:29:8f:71:b8:99 via 10.10.4.1`)).toMatchObject({ messageType: 'DHCPDECLINE', ip: '192.168.0.4' });
    expect(record(`${H}DHCPINFORM from 192.168.0.4 via eth2`)).toMatchObject({ messageType: 'DHCPINFORM', ip: '192.168.0.4', mac: null, via: 'eth2' });
  });
  it('DHCPRELEASE with (found) / (not found)', () => {
    expect(record(`${H}DHCPRELEASE of 10.17.81.182 from 00:08:5d:71:92:15 (6867i00085D719105) via enp4s0f0 (found)`)).toMatchObject({
      messageType: 'DHCPRELEASE', ip: '10.17.81.182', mac: '00:08:5d:71:92:15', hostname: '6867i00085D719105', failure: null,
    });
    expect(record(`${H}DHCPRELEASE of 10.17.81.182 from 00:08:5d:71:92:15 via eth0 (not found)`).failure).toBe('not found');
  });
  it('failure suffixes, including ones with colons inside', () => {
    expect(record(`${H}DHCPDISCOVER from 00:50:56:83:d0:f6 via eth1: network 10.50.0.0/20: no free leases`)).toMatchObject({
      mac: '00:50:56:83:d0:f6', via: 'eth1', failure: 'network 10.50.0.0/20: no free leases',
    });
    expect(record(`${H}DHCPREQUEST for 10.0.0.5 (10.0.0.1) from 00:50:56:83:d0:f6 via eth0: wrong network.`).failure).toBe('wrong network.');
  });
  it('a hardware address missing from the packet', () => {
    expect(record(`${H}DHCPDISCOVER from <no identifier> via eth0`)).toMatchObject({ mac: null, clientId: null });
    expect(record(`${H}DHCPDISCOVER from 01:00:50:56:83:6c:a0 via eth0`)).toMatchObject({ mac: null, clientId: '01:00:50:56:83:6c:a0' });
    expect(record(`${H}DHCPDISCOVER from 00:00:00:00:00:00 (h000000000000) via eth0`)).toMatchObject({ mac: null, hostname: 'h000000000000' });
  });
  it('host names with spaces and empty host names', () => {
    expect(record(`${H}DHCPACK on 10.0.0.9 to 00:50:56:83:6c:a0 (Jane's iPhone) via eth0`).hostname).toBe("Jane's iPhone");
    expect(record(`${H}DHCPACK on 10.0.0.9 to 00:50:56:83:6c:a0 () via eth0`).hostname).toBeNull();
  });
});

describe('parseDhcpLine: Infoblox additions', () => {
  it('ACK with relay, lease-duration, RENEW and uid', () => {
    expect(record(`${H}DHCPACK on 192.168.0.4 to 00:50:56:83:6c:a0 (DESKTOP-ABCD) via eth3 relay eth3 lease-duration 1800 (RENEW) uid 01:00:50:56:83:6c:a0`)).toEqual({
      source: 'dhcp', eventTime: T, messageType: 'DHCPACK', ip: '192.168.0.4', mac: '00:50:56:83:6c:a0', hostname: 'DESKTOP-ABCD', leaseSeconds: 1800,
      offeredSeconds: null, renew: true, informAck: false, serverHost: 'infoblox.localdomain', via: 'eth3', relay: 'eth3', clientId: '01:00:50:56:83:6c:a0',
      transId: null, leaseEvent: null, leaseStart: null, leaseEnd: null, failure: null,
    });
  });
  it('OFFER with offered-duration', () => {
    expect(record(`${H}DHCPOFFER on 192.168.0.4 to 00:50:56:83:6c:a0 via eth3 relay 192.168.0.3 lease-duration 119 offered-duration 1800`)).toMatchObject({
      leaseSeconds: 119, offeredSeconds: 1800, relay: '192.168.0.3',
    });
  });
  it('TransID carrying the failure colon', () => {
    expect(record(`${H}DHCPDECLINE of 192.168.0.4 from 34:29:8f:71:b8:99 via 10.10.4.1 TransID 00000000: not found`)).toMatchObject({ transId: '00000000', failure: 'not found' });
  });
  it('DHCPEXPIRE has no via', () => {
    expect(record(`${H}DHCPEXPIRE on 192.168.0.4 to 00:50:56:83:6c:a0`)).toMatchObject({ messageType: 'DHCPEXPIRE', ip: '192.168.0.4', via: null });
  });
  it('DHCPLEASEQUERY names the querying relay, not a client', () => {
    expect(record(`${H}DHCPLEASEQUERY from 192.168.0.4: LEASEQUERY not allowed, query ignored`)).toMatchObject({ ip: null, relay: '192.168.0.4', failure: 'LEASEQUERY not allowed, query ignored' });
  });
  it('r-l-e lease events with explicit bounds', () => {
    expect(record(`${H}r-l-e:107.120.246.124,Renewed,SEPA0CF5B810783,a0:cc:d9:80:07:e3,1457708974,1458400174,,$`)).toMatchObject({
      messageType: 'LEASE_EVENT', ip: '107.120.246.124', mac: 'a0:cc:d9:80:07:e3', hostname: 'SEPA0CF5B810783', leaseEvent: 'Renewed',
      leaseStart: 1_457_708_974_000, leaseEnd: 1_458_400_174_000, leaseSeconds: 691_200,
    });
    expect(record(`${H}r-l-e:10.1.1.1,Fixed,,00:11:22:33:44:55,,,,$`)).toMatchObject({ leaseEvent: 'Fixed', hostname: null, leaseStart: null, leaseSeconds: null });
    expect(failure(`${H}r-l-e:10.1.1.300,Renewed,x,a0:cc:d9:80:07:e3,1,2,,$`)).toBe('unparseable_dhcp_message');
    expect(failure(`${H}r-l-e:10.1.1.1,Renewed,x,a0:cc:d9:80:07:e3,2000000000,1000000000,,$`)).toBe('unparseable_dhcp_message');
    expect(failure(`${H}r-l-e:10.1.1.1,Renewed`)).toBe('unparseable_dhcp_message');
  });
  it('an extra IP token before the program and a missing host', () => {
    expect(record('<30>Mar 27 08:32:59 infoblox.localdomain 10.0.0.1 dhcpd[7024]: DHCPDISCOVER from 00:50:56:83:6c:a0 via eth3').serverHost).toBe('infoblox.localdomain');
    expect(record('Jul 13 09:08:00 dhcpd[3761]: DHCPACK to 10.0.0.7 (f0:5e:0c:b2:35:bf) via eth2')).toMatchObject({ serverHost: null, mac: 'f0:5e:0c:b2:35:bf' });
  });
});

describe('parseDhcpLine: time', () => {
  it('applies the source zone and the year rule', () => {
    const la = { ingestTime: Date.parse('2026-01-05T00:00:00Z'), timeZone: 'America/Los_Angeles' };
    expect(record('<30>Dec 31 23:30:00 h dhcpd[1]: DHCPEXPIRE on 10.0.0.1 to 00:50:56:83:6c:a0', la).eventTime).toBe(Date.parse('2026-01-01T07:30:00Z'));
  });
  it('an impossible clock is unparseable_timestamp', () => {
    expect(failure('<30>Feb 30 08:32:59 h dhcpd[1]: DHCPEXPIRE on 10.0.0.1 to 00:50:56:83:6c:a0')).toBe('unparseable_timestamp');
  });
});

describe('parseDhcpLine: reasons', () => {
  it.each([
    ['', 'empty_line'],
    ['   ', 'empty_line'],
    ['\u0000\u0000\u0000binary', 'binary_garbage'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0\u0000`, 'binary_garbage'],
    ['\ufffd\ufffd\ufffd\ufffd\u0007\ufffd', 'binary_garbage'],
    ['not a syslog line at all', 'unparseable_header'],
    ['<30>Mar 31 13:48:57 10.26.9.26 named[19446]: client 101.26.165.24#59335: query', 'not_dhcp'],
    ['<30>Jul 12 15:55:55 67.43.156.0 dhcpdv6[12271]: Advertise NA: address 2a02:cf40:: to client', 'not_dhcp'],
    ['<30>Mar 27 08:32:59 infoblox.localdomain some text', 'not_dhcp'],
    [`${H}Option 82: received a REQUEST DHCP packet from relay-agent eth2 with a circuit-id of "x" for 192.168.1.222 (00:50:56:ae:b3:44) lease time is undefined seconds. (NEW)`, 'not_dhcp'],
    [`${H}Wrote 0 leases to leases file.`, 'unknown_dhcp_message'],
    [`${H}BOOTREQUEST from 00:50:56:83:6c:a0 via eth0`, 'unknown_dhcp_message'],
    [`${H}DHCPACK some text`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.300 to 00:50:56:83:6c:a0 via eth0`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3 to 00:50:56:83:6c:a0 via eth0`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c via eth0`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 (DESKTOP-`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0 lease-duration soon`, 'unparseable_dhcp_message'],
    [`${H}DHCPACK on`, 'unparseable_dhcp_message'],
  ])('%j → %s', (line, expected) => {
    expect(failure(line)).toBe(expected);
  });

  it('rejects an over-long line without scanning it, at the default and at a configured limit', () => {
    const huge = `${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 (${'x'.repeat(1_048_576)}) via eth0`;
    expect(failure(huge)).toBe('line_too_long');
    const strict = createDhcpParser({ maxLineLength: 80 });
    const line = `${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0`;
    expect(reason(strict(line, ref, ctx))).toBe('line_too_long');
    expect(reason(createDhcpParser()(line, ref, ctx))).toBe('record');
    expect(() => createDhcpParser({ maxLineLength: -1 })).toThrow(/maxLineLength/);
  });

  it('survives long lines of many tokens, parens and colons', () => {
    const many = `${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0 ${'(x '.repeat(15_000)}`;
    expect(failure(many)).toBe('unparseable_dhcp_message');
    const colons = `${H}DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0: ${':'.repeat(50_000)}`;
    expect(reason(parseDhcpLine(colons, ref, ctx))).toBe('record');
  });

  it('reads lease times that end the line, and reports ones that are not plain digits', () => {
    const base = `${H}DHCPOFFER on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0 lease-duration 120 offered-duration`;
    expect(record(`${base} 28800`)).toMatchObject({ leaseSeconds: 120, offeredSeconds: 28800 });
    expect(record(`${base} 00028800 (RENEW)`)).toMatchObject({ offeredSeconds: 28800, renew: true });
    expect(failure(`${base} 12345678901`)).toBe('unparseable_dhcp_message');
    expect(failure(`${base} 28800x`)).toBe('unparseable_dhcp_message');
    expect(failure(base)).toBe('unparseable_dhcp_message');
    // Only a whole `(RENEW)` token sets renew; one glued to more text opens a group that a later `)` closes.
    expect(record(`${base} 1 (RENEW):19:44 (RENEW)`).renew).toBe(false);
    expect(record(`${base} 1 (RENEW):`).renew).toBe(true);
  });
});
