import { describe, expect, it } from 'vitest';
import { findIseHeader, parseFirstSegmentBody } from '../../src/parsers/ise/index.js';

const METRON_START =
  'Aug  6 16:41:08 10.42.7.63 Aug  7 00:00:20 npf-sjca-pdp01 CISE_RADIUS_Accounting 0001969872 1 0 2014-08-07 00:00:20.554 -07:00 0098650319 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, ConfigVersionId=133, User-Name=frsung,';

describe('findIseHeader', () => {
  it('anchors on the CISE_ pattern behind a relay double header, taking the ISE node as host', () => {
    const h = findIseHeader(METRON_START, 512);
    expect(h).toMatchObject({ host: 'npf-sjca-pdp01', category: 'RADIUS_Accounting', messageId: '0001969872', totalSegments: 1, segmentNumber: 0 });
    expect(METRON_START.slice(h?.bodyStart)).toMatch(/^2014-08-07 00:00:20\.554/);
  });

  it('reads headerless fragments and continuation segments after a double space', () => {
    expect(findIseHeader('CISE_Profiler 0000034521 2 1 cisco-av-pair=cdp-tlv=x,', 512)).toMatchObject({ host: null, category: 'Profiler', totalSegments: 2, segmentNumber: 1 });
    const line = '<182>Apr 27 11:18:08 tuv.w.xyz.com CISE_RADIUS_Accounting 0000949245 2 1  SelectedAccessService=802.1x,';
    const h = findIseHeader(line, 512);
    expect(h?.host).toBe('tuv.w.xyz.com');
    expect(line.slice(h?.bodyStart)).toBe('SelectedAccessService=802.1x,');
  });

  it('takes no host from a bare clock or a PRI', () => {
    expect(findIseHeader('Aug  7 00:00:20 CISE_Profiler 1 1 0 x', 512)?.host).toBeNull();
  });

  it('ignores CISE_ inside a word, past the header window, or not followed by id/total/seg', () => {
    expect(findIseHeader('host xCISE_Profiler 1 1 0 body', 512)).toBeNull();
    expect(findIseHeader(`${'x'.repeat(600)} host CISE_Profiler 1 1 0 body`, 512)).toBeNull();
    expect(findIseHeader('host CISE_Profiler one 1 0 body', 512)).toBeNull();
    // A false start does not hide a real header later on the line.
    expect(findIseHeader('relay CISE_ note host CISE_Profiler 7 1 0 body', 512)).toMatchObject({ host: 'host', messageId: '7' });
  });
});

describe('parseFirstSegmentBody', () => {
  it('reads timestamp, sequence, code, severity, class and text', () => {
    const h = findIseHeader(METRON_START, 512);
    const body = parseFirstSegmentBody(METRON_START, h?.bodyStart ?? 0);
    expect(body).toMatchObject({
      timestampText: '2014-08-07 00:00:20.554 -07:00',
      sequence: '0098650319',
      messageCode: 3000,
      severity: 'NOTICE',
      messageClass: 'Radius-Accounting',
      messageText: 'RADIUS Accounting start request',
    });
    expect(METRON_START.slice(body?.attributesStart)).toBe(' ConfigVersionId=133, User-Name=frsung,');
  });

  it('accepts microseconds, a two-space class gap, hhmm offsets and a text without attributes', () => {
    const body = parseFirstSegmentBody('2020-04-27 11:11:47.028075 -0800 0000288542 80002 INFO  Profiler: Profiler EndPoint profiling event occurred', 0);
    expect(body).toMatchObject({ timestampText: '2020-04-27 11:11:47.028075 -0800', messageCode: 80002, severity: 'INFO', messageClass: 'Profiler' });
    expect(body?.messageText).toBe('Profiler EndPoint profiling event occurred');
  });

  it('leaves the class empty when the text has no "Class:" prefix', () => {
    expect(parseFirstSegmentBody('2020-04-27 11:11:47.028 +00:00 1 5200 NOTICE Authentication succeeded: ok, A=b', 0)).toMatchObject({
      messageClass: '',
      messageText: 'Authentication succeeded: ok',
    });
  });

  it('returns null for a continuation body or a truncated one', () => {
    expect(parseFirstSegmentBody('ConfigVersionId=35, Device IP Address=81.2.69.144', 0)).toBeNull();
    expect(parseFirstSegmentBody('2014-08-07 00:00:20.554 -07:00 0098650319', 0)).toBeNull();
  });
});
