/**
 * One grammar per dhcpd message, after ISC `server/dhcp.c` format strings plus the Infoblox additions
 * (see docs/log-formats.md §3). Each reads the body after the message keyword into a draft record.
 */
import type { DhcpMessageType, DhcpRecord } from '../types.js';
import { BodyCursor } from './cursor.js';
import { newRecord, type HeaderFacts } from './draft.js';
import { readExtras, readHardware, readHostname, readIp, readVia } from './fields.js';

type Grammar = (cursor: BodyCursor, draft: DhcpRecord) => void;

/** `from <mac> [(host)] via X` */
const discover: Grammar = (c, d) => {
  c.expect('from');
  readHardware(c, d);
  readHostname(c, d);
  readVia(c, d, true);
};

/** `on <ip> to <mac> [(host)] via X` (OFFER, ACK, NAK; EXPIRE without via) */
const onIpToMac =
  (viaRequired: boolean): Grammar =>
  (c, d) => {
    d.ip = readIp(c, 'address after on');
    c.expect('to');
    readHardware(c, d);
    readHostname(c, d);
    readVia(c, d, viaRequired);
  };

const onIpToMacVia = onIpToMac(true);

/** DHCPACK is either `on <ip> to <mac> …` or, answering an INFORM, `to <ip> (<mac>) via X`. */
const ack: Grammar = (c, d) => {
  if (c.accept('on')) return onIpToMacVia(c, d);
  c.expect('to');
  d.informAck = true;
  d.ip = readIp(c, 'address after to');
  const mac = c.paren('hardware address');
  if (mac !== undefined) readHardware(new BodyCursor(mac), d);
  readVia(c, d, true);
};

/** `for <ip> [(server-id)] from <mac> [(host)] via X`: the requested address, not yet granted. */
const request: Grammar = (c, d) => {
  d.ip = readIp(c, 'address after for');
  c.paren('server identifier');
  c.expect('from');
  readHardware(c, d);
  readHostname(c, d);
  readVia(c, d, true);
};

/** `of <ip> from <mac> [(host)] via X` (RELEASE, DECLINE) */
const ofIpFromMac: Grammar = (c, d) => {
  d.ip = readIp(c, 'address after of');
  c.expect('from');
  readHardware(c, d);
  readHostname(c, d);
  readVia(c, d, true);
};

/** `from <ip> via X`: the client already holds the address. */
const inform: Grammar = (c, d) => {
  c.expect('from');
  d.ip = readIp(c, 'address after from');
  readVia(c, d, true);
};

/** `from <giaddr>`: ISC logs the relay agent that asked, not a client address. */
const leaseQuery: Grammar = (c, d) => {
  c.expect('from');
  d.relay = readIp(c, 'relay address after from');
};

const withOn = (keyword: string, grammar: Grammar): Grammar => (c, d) => {
  c.expect(keyword);
  grammar(c, d);
};

const GRAMMARS: ReadonlyArray<readonly [DhcpMessageType, Grammar]> = [
  ['DHCPDISCOVER', discover],
  ['DHCPOFFER', withOn('on', onIpToMacVia)],
  ['DHCPACK', ack],
  ['DHCPNAK', withOn('on', onIpToMacVia)],
  ['DHCPREQUEST', withOn('for', request)],
  ['DHCPRELEASE', withOn('of', ofIpFromMac)],
  ['DHCPDECLINE', withOn('of', ofIpFromMac)],
  ['DHCPEXPIRE', withOn('on', onIpToMac(false))],
  ['DHCPINFORM', inform],
  ['DHCPLEASEQUERY', leaseQuery],
];

/**
 * Index into GRAMMARS of the message keyword spanning [start, end) of the line, or -1.
 * Matched in place (no keyword string, no hashing): this runs on every line.
 */
export function findMessageKeyword(line: string, start: number, end: number): number {
  if (end - start < 7 || !line.startsWith('DHCP', start)) return -1;
  for (let i = 0; i < GRAMMARS.length; i++) {
    const keyword = GRAMMARS[i]![0];
    if (keyword.length === end - start && line.startsWith(keyword, start)) return i;
  }
  return -1;
}

/** One cursor for every line: parsing is synchronous and the cursor holds no result. */
const cursor = new BodyCursor('', 0);

/**
 * Parses the body (from `bodyStart` in `line`) after the message keyword found by findMessageKeyword.
 * Throws BrokenBody (caught by parse.ts) when the body does not follow the grammar.
 */
export function parseMessage(keywordIndex: number, line: string, bodyStart: number, header: HeaderFacts): DhcpRecord {
  const entry = GRAMMARS[keywordIndex]!;
  cursor.reset(line, bodyStart);
  const draft = newRecord(entry[0], header);
  entry[1](cursor, draft);
  readExtras(cursor, draft);
  if (cursor.failure !== null) draft.failure = cursor.failure;
  return draft;
}
