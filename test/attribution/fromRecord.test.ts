import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeIntervals, eventTypeOf, toAttributionEvent } from '../../src/etl/attribution/index.js';
import type { DhcpRecord, IseCommon, IseRadiusAccountingRecord, LineRef } from '../../src/parsers/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const metronIse = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'external', 'apache-metron-ise', 'IseParserTest.txt');

const dhcpRecord = (fields: Partial<DhcpRecord>): DhcpRecord => ({
  source: 'dhcp',
  eventTime: Date.parse('2026-03-27T08:32:59Z'),
  messageType: 'DHCPACK',
  ip: '192.168.0.4',
  mac: '00:50:56:83:6c:a0',
  hostname: 'DESKTOP-ABCD',
  leaseSeconds: 1800,
  offeredSeconds: null,
  renew: true,
  informAck: false,
  serverHost: 'infoblox.localdomain',
  via: 'eth3',
  relay: 'eth3',
  clientId: '01:00:50:56:83:6c:a0',
  transId: null,
  leaseEvent: null,
  leaseStart: null,
  leaseEnd: null,
  failure: null,
  ...fields,
});

const lines: LineRef[] = [{ object: 'landing/dhcp/2026-03-27/a.log', line: 4, offset: 300 }];

describe('event types (ip_lookup_gold.EventType)', () => {
  it.each([
    ['DHCPACK', false, 'DHCPACK'],
    ['DHCPACK', true, 'DHCPINFORM_ACK'],
    ['DHCPRELEASE', false, 'DHCPRELEASE'],
    ['DHCPEXPIRE', false, 'DHCPEXPIRE'],
    ['LEASE_EVENT', false, 'LEASE_EVENT'],
    ['DHCPOFFER', false, 'DHCPOFFER'],
  ] as const)('DHCP %s (inform form %s) is %s', (messageType, informAck, expected) => {
    expect(eventTypeOf(dhcpRecord({ messageType, informAck }))).toBe(expected);
  });

  const common: IseCommon = {
    category: 'RADIUS_Accounting',
    messageId: '1',
    host: 'ise',
    eventTime: 0,
    sequence: '1',
    messageCode: 3000,
    severity: 'NOTICE',
    messageClass: 'Radius-Accounting',
    messageText: '',
    attributes: {},
    segments: 1,
  };
  const radius = (statusType: IseRadiusAccountingRecord['statusType']): IseRadiusAccountingRecord => ({
    ...common,
    source: 'ise_radius',
    statusType,
    user: null,
    ip: null,
    mac: null,
    remoteAddress: null,
    isVpn: false,
    sessionId: null,
    sessionTimeSeconds: null,
    terminateCause: null,
    nasIp: null,
    cpmSessionId: null,
    hostname: null,
  });
  it.each([
    ['Start', 'RADIUS_START'],
    ['Interim-Update', 'RADIUS_INTERIM'],
    ['Stop', 'RADIUS_STOP'],
    ['Accounting-On', 'RADIUS_ACCOUNTING_ON'],
    ['Accounting-Off', 'RADIUS_ACCOUNTING_OFF'],
    [null, 'RADIUS_ACCOUNTING'],
  ] as const)('RADIUS %s is %s', (statusType, expected) => {
    expect(eventTypeOf(radius(statusType))).toBe(expected);
  });

  it('names the other ISE tables', () => {
    expect(eventTypeOf({ ...common, source: 'ise_auth', user: null, ip: null, mac: null, remoteAddress: null, isVpn: false, sessionId: null, nasIp: null, hostname: null })).toBe('AUTH_PASSED');
    expect(eventTypeOf({ ...common, source: 'ise_posture', ip: null, mac: null, user: null, sessionId: null, postureStatus: 'Compliant' })).toBe('POSTURE');
    expect(eventTypeOf({ ...common, source: 'ise_profiler', ip: null, mac: null, hostname: null, endpointPolicy: null, nadAddress: null })).toBe('PROFILER');
  });
});

describe('toAttributionEvent', () => {
  it('keeps what the rules read and the first bronze line', () => {
    const event = toAttributionEvent(dhcpRecord({ transId: '54737448' }), lines);
    expect(event).toEqual({
      time: Date.parse('2026-03-27T08:32:59Z'),
      source: 'dhcp',
      eventType: 'DHCPACK',
      ip: '192.168.0.4',
      mac: '00:50:56:83:6c:a0',
      user: null,
      hostname: 'DESKTOP-ABCD',
      leaseSeconds: 1800,
      leaseStart: null,
      leaseEnd: null,
      leaseEvent: null,
      sessionId: '54737448',
      sessionTimeSeconds: null,
      nasIp: null,
      lineage: { object: 'landing/dhcp/2026-03-27/a.log', line: 4 },
    });
  });

  it('refuses a record without lines, saying which', () => {
    expect(() => toAttributionEvent(dhcpRecord({}), [])).toThrow(/dhcp record at 2026-03-27T08:32:59.000Z has no bronze lines/);
  });
});

describe('real sample (Apache Metron ISE, Apache-2.0)', () => {
  it('the RADIUS Start for frsung opens 10.33.250.89 / 10:68:3f:75:35:0c at 2014-08-07T07:00:20.554Z', () => {
    const text = readFileSync(metronIse, 'utf8').split('\n');
    const index = text.findIndex((l) => l.includes('Acct-Status-Type=Start') && l.includes('User-Name=frsung'));
    const line = text[index]!;
    // Pull the fields straight from the logged line (the parser's own tests cover parsing in general).
    const attr = (name: string): string => new RegExp(`, ${name}=([^,]*)`).exec(line)![1]!;
    const [, day, clock, offset] = / (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d+) ([+-]\d{2}:\d{2}) /.exec(line)!;
    const record: IseRadiusAccountingRecord = {
      category: 'RADIUS_Accounting',
      messageId: '0001969872',
      host: 'npf-sjca-pdp01',
      eventTime: Date.parse(`${day}T${clock}${offset}`),
      sequence: '0098650319',
      messageCode: 3000,
      severity: 'NOTICE',
      messageClass: 'Radius-Accounting',
      messageText: 'RADIUS Accounting start request',
      attributes: {},
      segments: 1,
      source: 'ise_radius',
      statusType: 'Start',
      user: { raw: attr('User-Name'), key: attr('User-Name'), domain: null, kind: 'person', isPerson: true },
      ip: attr('Framed-IP-Address'),
      mac: attr('Calling-Station-ID').replaceAll('-', ':'),
      remoteAddress: null,
      isVpn: false,
      sessionId: attr('Acct-Session-Id'),
      sessionTimeSeconds: null,
      terminateCause: null,
      nasIp: attr('NAS-IP-Address'),
      cpmSessionId: attr('CPMSessionID'),
      hostname: null,
    };
    const event = toAttributionEvent(record, [{ object: 'landing/ise/IseParserTest.txt', line: index + 1, offset: 0 }]);
    const [interval, ...rest] = computeIntervals([event]);
    expect(rest).toEqual([]);
    expect(interval).toMatchObject({
      source: 'ise_radius',
      ip: '10.33.250.89',
      mac: '10:68:3f:75:35:0c',
      userName: 'frsung',
      userSource: 'ise_radius',
      start: Date.parse('2014-08-07T07:00:20.554Z'),
      end: null,
      endReason: 'open',
      evidence: 1,
      sessionId: '53e32404/10:68:3f:75:35:0c/12262',
      firstLineage: { object: 'landing/ise/IseParserTest.txt', line: 180 },
    });
  });
});
