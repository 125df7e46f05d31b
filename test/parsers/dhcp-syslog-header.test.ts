import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from '../../src/parsers/index.js';

const ctx = { ingestTime: Date.parse('2026-11-28T00:00:00Z') };

describe('parseSyslogHeader', () => {
  it('reads PRI, clock, host and rest', () => {
    expect(parseSyslogHeader('<30>Mar 27 08:32:59 infoblox.localdomain dhcpd[17530]: DHCPACK on 1.2.3.4', ctx)).toEqual({
      pri: 30,
      time: Date.parse('2026-03-27T08:32:59Z'),
      host: 'infoblox.localdomain',
      rest: 'dhcpd[17530]: DHCPACK on 1.2.3.4',
    });
  });
  it('accepts padded and unpadded days and a missing PRI', () => {
    expect(parseSyslogHeader('<30>Apr  6 10:13:31 h dhcpd[1]: x', ctx)?.time).toBe(Date.parse('2026-04-06T10:13:31Z'));
    expect(parseSyslogHeader('<30>Mar 7 08:32:59 h dhcpd[1]: x', ctx)?.time).toBe(Date.parse('2026-03-07T08:32:59Z'));
    const noPri = parseSyslogHeader('Aug  6 16:41:08 10.42.7.63 Aug  7 00:00:20 npf-sjca-pdp01 CISE_RADIUS_Accounting 1 1 0', ctx);
    expect(noPri).toMatchObject({ pri: null, host: '10.42.7.63', rest: 'Aug  7 00:00:20 npf-sjca-pdp01 CISE_RADIUS_Accounting 1 1 0' });
  });
  it('leaves an extra IP token before the program in rest', () => {
    expect(parseSyslogHeader('<30>Mar 27 08:32:59 infoblox.localdomain 10.0.0.1 dhcpd[7024]: DHCPDISCOVER', ctx)).toMatchObject({
      host: 'infoblox.localdomain',
      rest: '10.0.0.1 dhcpd[7024]: DHCPDISCOVER',
    });
  });
  it('has no host when the clock is followed by the program tag', () => {
    expect(parseSyslogHeader('Jul 13 09:08:00 dhcpd[3761]: DHCPACK to 1.2.3.4 (f0:5e:0c:b2:35:bf) via eth2', ctx)).toMatchObject({
      host: null,
      rest: 'dhcpd[3761]: DHCPACK to 1.2.3.4 (f0:5e:0c:b2:35:bf) via eth2',
    });
  });
  it('keeps the header but no time for an impossible clock', () => {
    expect(parseSyslogHeader('<30>Feb 30 08:32:59 h dhcpd[1]: x', ctx)).toMatchObject({ time: null, host: 'h' });
  });
  it.each(['', 'hello world', '<300>Mar 27 08:32:59 h x', '<30 Mar 27 08:32:59 h x', 'Foo 27 08:32:59 h x', 'Mar 27 8:32:59 h x', 'Mar 123 08:32:59 h x', 'Mar27 08:32:59 h', 'Mar 27 08:32:59.123 h x'])(
    'rejects %j',
    (line) => {
      expect(parseSyslogHeader(line, ctx)).toBeNull();
    },
  );
});
