/**
 * Infoblox lease-event export lines: `r-l-e:<ip>,<Event>,<hostname>,<mac>,<start>,<end>,<?>,$`
 * (events Issued, Renewed, Fixed, Freed, Abandoned). Start and end are epoch seconds and bound the lease exactly.
 */
import { normalizeIp, normalizeMac, isMacLike, parseEpochSeconds } from '../normalize/index.js';
import { BrokenBody, clip } from './cursor.js';
import type { DhcpRecord } from '../types.js';
import { newRecord, type HeaderFacts } from './draft.js';

export const LEASE_EVENT_PREFIX = 'r-l-e:';

function epochField(text: string, what: string): number | null {
  if (text === '') return null;
  const ms = parseEpochSeconds(text);
  if (ms === null) throw new BrokenBody(`r-l-e ${what} '${clip(text)}' is not epoch seconds`);
  return ms;
}

/** `body` starts with `r-l-e:`. */
export function parseLeaseEvent(body: string, header: HeaderFacts): DhcpRecord {
  const fields = body.slice(LEASE_EVENT_PREFIX.length).trimEnd().split(',');
  if (fields.length < 6) throw new BrokenBody(`r-l-e has ${fields.length} fields, expected at least 6`);
  const [ipText, event, hostname, macText, startText, endText] = fields as [string, string, string, string, string, string];
  const draft = newRecord('LEASE_EVENT', header);
  draft.ip = normalizeIp(ipText);
  if (draft.ip === null) throw new BrokenBody(`r-l-e address '${clip(ipText)}' is not an IP address`);
  if (!/^[A-Za-z]+$/.test(event)) throw new BrokenBody(`r-l-e event '${clip(event)}' is not a word`);
  draft.leaseEvent = event;
  draft.hostname = hostname === '' ? null : hostname;
  if (macText !== '' && !isMacLike(macText)) throw new BrokenBody(`r-l-e hardware address '${clip(macText)}' is not a MAC`);
  draft.mac = macText === '' ? null : normalizeMac(macText);
  draft.leaseStart = epochField(startText, 'start');
  draft.leaseEnd = epochField(endText, 'end');
  if (draft.leaseStart !== null && draft.leaseEnd !== null) {
    if (draft.leaseEnd < draft.leaseStart) throw new BrokenBody('r-l-e lease ends before it starts');
    draft.leaseSeconds = (draft.leaseEnd - draft.leaseStart) / 1000;
  }
  return draft;
}
