import { describe, expect, it } from 'vitest';
import { parseIseLine } from '../../src/parsers/ise/index.js';
import type { IseRecord, LineRef, ParseResult } from '../../src/parsers/types.js';

const REF: LineRef = { object: 'landing/ise/2024-03-03/ise1.log', line: 9, offset: 4096 };

function one(line: string, opts = {}): ParseResult<IseRecord> {
  const results = parseIseLine(line, REF, { ingestTime: Date.parse('2024-03-04T00:00:00Z') }, opts);
  expect(results).toHaveLength(1);
  expect(results[0]?.lines).toEqual([REF]);
  return results[0] as ParseResult<IseRecord>;
}

function record<S extends IseRecord['source']>(line: string, source: S): Extract<IseRecord, { source: S }> {
  const r = one(line);
  if (!r.ok) throw new Error(`expected a record, got ${r.reason}: ${r.detail}`);
  expect(r.record.source).toBe(source);
  return r.record as Extract<IseRecord, { source: S }>;
}

function failure(line: string, opts = {}): { reason: string; raw: string[] } {
  const r = one(line, opts);
  if (r.ok) throw new Error(`expected a failure, got a ${r.record.source} record`);
  return { reason: r.reason, raw: r.raw };
}

const H = '<181>Mar  3 11:37:34 ise-psn-1';

describe('ISE posture records', () => {
  it('reads IP, MAC, user, session and status from an 87000 posture report (keys with trailing spaces included)', () => {
    const rec = record(
      `${H} CISE_Posture_and_Client_Provisioning_Audit 0000001234 1 0 2024-03-03 11:37:34.123 +01:00 0000005678 87000 NOTICE Posture: Endpoint Posture Report Received, ConfigVersionId=12, MacAddress=00-50-56-83-6C-A0, UserName=CORP\\\\jdoe, SessionId=0a0009cc00001, ipAddress=10.20.30.40, PostureStatus=Compliant, SystemName =PC-0042, OperatingSystem=Windows 11 Enterprise\\, 64-bit,`,
      'ise_posture',
    );
    expect(rec).toMatchObject({ ip: '10.20.30.40', mac: '00:50:56:83:6c:a0', sessionId: '0a0009cc00001', postureStatus: 'Compliant', messageCode: 87000 });
    expect(rec.user).toMatchObject({ key: 'jdoe', domain: 'CORP', isPerson: true });
    expect(rec.attributes['SystemName']).toBe('PC-0042');
    expect(rec.attributes['OperatingSystem']).toBe('Windows 11 Enterprise, 64-bit');
    expect(rec.eventTime).toBe(Date.parse('2024-03-03T10:37:34.123Z'));
  });

  it('refuses posture-category codes outside 87000–87751', () => {
    expect(failure(`${H} CISE_Posture_and_Client_Provisioning_Audit 1 1 0 2024-03-03 11:37:34.123 +01:00 1 88000 NOTICE X: y, A=b`).reason).toBe('unsupported_ise_category');
  });
});

describe('ISE RADIUS accounting records', () => {
  it('recognises Accounting-On/Off from Acct-Status-Type', () => {
    const rec = record(
      `${H} CISE_RADIUS_Accounting 0000000077 1 0 2024-03-03 11:37:34.000 +00:00 0000000001 3003 NOTICE Radius-Accounting: RADIUS Accounting-On request, NAS-IP-Address=10.1.1.1, Acct-Status-Type=Accounting-On,`,
      'ise_radius',
    );
    expect(rec).toMatchObject({ statusType: 'Accounting-On', ip: null, mac: null, nasIp: '10.1.1.1' });
  });

  it('reads an ASA VPN session: pool IP from Framed-IP-Address, public IP as remoteAddress, MAC from mdm-tlv', () => {
    const rec = record(
      `${H} CISE_RADIUS_Accounting 0000000078 1 0 2024-03-03 11:37:34.000 -05:00 0000000002 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, User-Name=user1, Framed-IP-Address=172.16.5.9, Calling-Station-ID=81.2.69.145, Tunnel-Client-Endpoint=(tag=0) 81.2.69.145, cisco-av-pair=mdm-tlv=device-mac=04-68-74-a2-c2-67, cisco-av-pair=audit-session-id=984ffaf1, Acct-Status-Type=Start, Acct-Session-Id=A1B2,`,
      'ise_radius',
    );
    expect(rec).toMatchObject({ isVpn: true, ip: '172.16.5.9', remoteAddress: '81.2.69.145', mac: '04:68:74:a2:c2:67', cpmSessionId: '984ffaf1', sessionId: 'A1B2', statusType: 'Start' });
  });

  it('leaves the MAC null on VPN without mdm-tlv rather than reading the public IP as one', () => {
    const rec = record(
      `${H} CISE_RADIUS_Accounting 0000000079 1 0 2024-03-03 11:37:34.000 +00:00 0000000003 3002 NOTICE Radius-Accounting: RADIUS Accounting watchdog update, User-Name=user2, Framed-IP-Address=172.16.5.10, Calling-Station-ID=2001:DB8::1,`,
      'ise_radius',
    );
    expect(rec).toMatchObject({ isVpn: true, mac: null, remoteAddress: '2001:db8::1', statusType: 'Interim-Update' });
  });

  it('never trusts a malformed value: an octet of 300 and a 5-octet MAC become null', () => {
    const rec = record(
      `${H} CISE_RADIUS_Accounting 0000000080 1 0 2024-03-03 11:37:34.000 +00:00 0000000004 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, User-Name=bob, Framed-IP-Address=10.0.300.1, Calling-Station-ID=00-11-22-33-44, Acct-Session-Time=abc,`,
      'ise_radius',
    );
    expect(rec).toMatchObject({ ip: null, mac: null, isVpn: false, sessionTimeSeconds: null });
  });
});

describe('ISE passed-authentication records', () => {
  it('keeps other CISE_Passed_Authentications codes as auth records without IP', () => {
    const rec = record(`${H} CISE_Passed_Authentications 0000082517 1 0 2022-03-03 09:11:58.729 +00:00 0000082584 5239 NOTICE RADIUS: NAS problem was fixed, NAS-IP-Address=81.2.69.145, Step=5239,`, 'ise_auth');
    expect(rec).toMatchObject({ ip: null, user: null, nasIp: '81.2.69.145', messageClass: 'RADIUS', messageText: 'NAS problem was fixed' });
  });
});

describe('ISE failures', () => {
  it('refuses well-formed messages of unused categories', () => {
    expect(failure(`${H} CISE_Failed_Attempts 0000024621 1 0 2014-08-07 00:00:46.344 -07:00 0000287027 5405 NOTICE Failed-Attempt: RADIUS Request dropped, A=b`).reason).toBe(
      'unsupported_ise_category',
    );
  });

  it('gives each malformed line a reason and keeps it raw', () => {
    const feb30 = `${H} CISE_RADIUS_Accounting 1 1 0 2024-02-30 11:37:34.000 +00:00 1 3000 NOTICE Radius-Accounting: start, A=b`;
    expect(failure(feb30)).toEqual({ reason: 'unparseable_timestamp', raw: [feb30] });
    const truncated = `${H} CISE_RADIUS_Accounting 1 1 0 2024-03-03 11:37`;
    expect(failure(truncated)).toEqual({ reason: 'unparseable_ise_body', raw: [truncated] });
    expect(failure('<30>Mar 27 08:32:59 infoblox dhcpd[1]: DHCPACK on 10.0.0.1 to 00:11:22:33:44:55 via eth0').reason).toBe('not_ise');
    expect(failure('').reason).toBe('empty_line');
    expect(failure(`${H} CISE_Profiler 1 1 0 \u0000\u0000\u0000binary`).reason).toBe('binary_garbage');
    const huge = `${H} CISE_Profiler 1 1 0 ${'x'.repeat(70_000)}`;
    expect(failure(huge)).toEqual({ reason: 'line_too_long', raw: [huge] });
    expect(failure(`${H} CISE_Profiler 1 1 0 ${'x'.repeat(200)}`, { maxLineLength: 100 }).reason).toBe('line_too_long');
  });

  it('parses a line with invalid UTF-8 in a value, keeping the replacement character', () => {
    const rec = record(
      `${H} CISE_RADIUS_Accounting 0000000081 1 0 2024-03-03 11:37:34.000 +00:00 0000000005 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, NAS-Identifier=M\uFFFDller, User-Name=bob, Framed-IP-Address=10.1.2.3,`,
      'ise_radius',
    );
    expect(rec.attributes['NAS-Identifier']).toBe('M\uFFFDller');
    expect(rec.ip).toBe('10.1.2.3');
  });
});
