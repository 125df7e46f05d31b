/**
 * From a reassembled ISE message to a typed record: one builder per category that carries attribution facts.
 * Categories that are well-formed but carry none (Failed_Attempts, RADIUS_Diagnostics, …) are refused
 * with `unsupported_ise_category`.
 */
import type {
  AcctStatusType,
  IseAttributeValue,
  IseCommon,
  IsePassedAuthRecord,
  IsePostureRecord,
  IseProfilerRecord,
  IseRadiusAccountingRecord,
  IseRecord,
  NormalizedUser,
  ParseFailureReason,
} from '../types.js';
import { normalizeMac } from '../normalize/mac.js';
import { parseIseTimestamp } from '../normalize/time.js';
import { mapLookup, type AttributeLookup } from './attribute-lookup.js';
import { scanAttributes } from './attribute-scan.js';
import { dropLastValue, parseAttributeList } from './attributes.js';
import { parseFirstSegmentBody } from './body.js';
import { LazyIseCommon } from './lazy-common.js';
import { avPair, firstOf, ipOf, macOf, nonEmpty, nonNegativeInt, subProperty, userOf } from './fields.js';
import type { IseHeader } from './header.js';
import {
  CATEGORY_PASSED_AUTH,
  CATEGORY_POSTURE,
  CATEGORY_PROFILER,
  CATEGORY_RADIUS_ACCOUNTING,
  isSupportedCategory,
} from './categories.js';

// Re-exported: callers have always found the category names here.
export { CATEGORY_PASSED_AUTH, CATEGORY_POSTURE, CATEGORY_PROFILER, CATEGORY_RADIUS_ACCOUNTING, isSupportedCategory };

/** A message whose parts have been put in order, ready to interpret. */
export interface AssembledIseMessage {
  /** Header of segment 0. */
  header: IseHeader;
  /** Segment 0's logical text (physical continuations already joined). */
  first: string;
  /** Bodies of segments 1…k-1, in `seg_num` order, each already cut after its header. */
  continuations: readonly string[];
  /** True when trailing segments never arrived: the last value received may be cut short. */
  partial: boolean;
}

export type IseRecordOutcome =
  | { ok: true; record: IseRecord }
  | { ok: false; reason: ParseFailureReason; detail: string };

export function buildIseRecord(msg: AssembledIseMessage): IseRecordOutcome {
  const { header } = msg;
  if (!isSupportedCategory(header.category)) {
    return { ok: false, reason: 'unsupported_ise_category', detail: `${messageLabel(header)}: category not used for attribution` };
  }
  const body = parseFirstSegmentBody(msg.first, header.bodyStart);
  if (body === null) {
    return {
      ok: false,
      reason: 'unparseable_ise_body',
      detail: `${messageLabel(header)}: segment 0 lacks "timestamp sequence code severity class: text" after the header`,
    };
  }
  const eventTime = parseIseTimestamp(body.timestampText);
  if (eventTime === null) {
    return { ok: false, reason: 'unparseable_timestamp', detail: `${messageLabel(header)}: body timestamp "${body.timestampText}" is not a valid time with offset` };
  }
  if (!isSupportedCode(header.category, body.messageCode)) {
    return { ok: false, reason: 'unsupported_ise_category', detail: `${messageLabel(header)}: message code ${body.messageCode} is not used for attribution` };
  }

  const segments = 1 + msg.continuations.length;
  // Single segment (the common case): parse in place, no copy of the line.
  const text = segments === 1 ? msg.first : joinSegmentTexts([msg.first.slice(body.attributesStart), ...msg.continuations]);
  const listStart = segments === 1 ? body.attributesStart : 0;
  const scanned = msg.partial ? null : scanAttributes(text, listStart);
  let common: IseCommon;
  let lookup: AttributeLookup;
  if (scanned !== null) {
    // The record reads its fields from the scan; the full map is built only if someone reads `attributes`.
    lookup = scanned;
    common = new LazyIseCommon(header, eventTime, body, segments, text, listStart);
  } else {
    const list = parseAttributeList(text, listStart);
    if (msg.partial && list.lastKey !== null && !endsWithSeparator(msg.continuations[msg.continuations.length - 1] ?? msg.first)) {
      // A segment boundary may fall inside a value: with the next segment lost, `10.33.250.8|9` would be a wrong IP.
      dropLastValue(list.attributes, list.lastKey);
    }
    lookup = mapLookup(list.attributes);
    common = {
      category: header.category,
      messageId: header.messageId,
      host: header.host ?? '',
      eventTime,
      sequence: body.sequence,
      messageCode: body.messageCode,
      severity: body.severity,
      messageClass: body.messageClass,
      messageText: list.leading.length === 0 ? body.messageText : [body.messageText, ...list.leading].filter((t) => t !== '').join(', '),
      attributes: list.attributes,
      segments,
    };
  }
  // The builders set their fields on `common` one by one, in the records' usual key order: no spread (once the
  // hottest line of the parser) and no Object.assign of a temporary object (~200 ns more per record).
  switch (header.category) {
    case CATEGORY_PROFILER:
      return { ok: true, record: profilerRecord(common, lookup) };
    case CATEGORY_POSTURE:
      return { ok: true, record: postureRecord(common, lookup) };
    case CATEGORY_RADIUS_ACCOUNTING:
      return { ok: true, record: radiusAccountingRecord(common, lookup) };
    default:
      return { ok: true, record: passedAuthRecord(common, lookup) };
  }
}

/** Built only for a refusal: most messages pass, and the label was a string per message. */
function messageLabel(header: IseHeader): string {
  return `CISE_${header.category} ${header.messageId}`;
}

function isSupportedCode(category: string, code: number): boolean {
  if (category === CATEGORY_PROFILER) return code === 80002;
  if (category === CATEGORY_POSTURE) return code >= 87000 && code <= 87751;
  return true;
}

/**
 * Segments are cut between pairs (`…, key=value,` | `key=value, …`), or, for an over-long pair, inside a value:
 * then the parts are glued back without a separator.
 */
function joinSegmentTexts(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0] ?? '';
  // Pieces joined once at the end: concatenating step by step left a rope that the next step's trim copied flat.
  const pieces: string[] = [texts[0] ?? ''];
  for (let i = 1; i < texts.length; i++) {
    const next = texts[i] ?? '';
    if (piecesEndWithSeparator(pieces)) {
      trimEndOfPieces(pieces);
      pieces.push(' ', next.trimStart());
    } else {
      pieces.push(next);
    }
  }
  return pieces.join('');
}

/** endsWithSeparator of the pieces' concatenation, without concatenating. */
function piecesEndWithSeparator(pieces: readonly string[]): boolean {
  for (let i = pieces.length - 1; i >= 0; i--) {
    const t = (pieces[i] as string).trimEnd();
    if (t === '') continue;
    if (!t.endsWith(',')) return false;
    if (t.length > 1) return t.charCodeAt(t.length - 2) !== 92;
    // A lone `,`: the character before it is the end of an earlier non-empty piece.
    for (let j = i - 1; j >= 0; j--) {
      const p = pieces[j] as string;
      if (p !== '') return p.charCodeAt(p.length - 1) !== 92;
    }
    return true;
  }
  return false;
}

/** The concatenation's trimEnd, applied to the pieces. */
function trimEndOfPieces(pieces: string[]): void {
  while (pieces.length > 0) {
    const t = (pieces[pieces.length - 1] as string).trimEnd();
    if (t !== '') {
      pieces[pieces.length - 1] = t;
      return;
    }
    pieces.pop();
  }
}

function endsWithSeparator(text: string): boolean {
  const t = text.trimEnd();
  return t.endsWith(',') && !t.endsWith('\\,');
}

type Attributes = AttributeLookup;

function profilerRecord(common: IseCommon, a: Attributes): IseProfilerRecord {
  const property = firstOf(a, 'EndpointProperty');
  const record = common as IseProfilerRecord; // its own fields are set below
  record.source = 'ise_profiler';
  record.ip = ipOf(a, 'EndpointIPAddress');
  record.mac = macOf(a, 'EndpointMacAddress', 'EndPointMACAddress');
  record.hostname = nonEmpty(subProperty(property, 'host-name')) ?? nonEmpty(subProperty(property, 'hostname'));
  record.endpointPolicy = firstOf(a, 'EndpointPolicy', 'EndpointMatchedPolicy');
  record.nadAddress = ipOf(a, 'EndpointNADAddress');
  return record;
}

function postureRecord(common: IseCommon, a: Attributes): IsePostureRecord {
  const record = common as IsePostureRecord; // its own fields are set below
  record.source = 'ise_posture';
  record.ip = ipOf(a, 'IpAddress', 'ipAddress', 'EndPointIPAddress');
  record.mac = macOf(a, 'MacAddress', 'macAddress', 'EndPointMACAddress', 'Calling-Station-ID');
  record.user = userOf(a, 'UserName', 'User-Name');
  record.sessionId = firstOf(a, 'SessionId', 'SessionID', 'CPMSessionID');
  record.postureStatus = firstOf(a, 'PostureStatus');
  return record;
}

/**
 * Where the device is. On ASA remote-access VPN, Calling-Station-ID (and Tunnel-Client-Endpoint) is the
 * client's public IP, not a MAC; the device MAC is only in `cisco-av-pair=mdm-tlv=device-mac=…`.
 */
interface Endpoint {
  mac: string | null;
  remoteAddress: string | null;
  isVpn: boolean;
}

function endpointOf(a: Attributes): Endpoint {
  const callingIp = ipOf(a, 'Calling-Station-ID');
  const tunnelIp = ipOf(a, 'Tunnel-Client-Endpoint');
  const isVpn = callingIp !== null || tunnelIp !== null || a.has('CVPN3000/ASA/PIX7x-Tunnel-Group-Name');
  if (isVpn) {
    const deviceMac = avPair(a, 'mdm-tlv=device-mac');
    return { mac: deviceMac === null ? null : normalizeMac(deviceMac), remoteAddress: callingIp ?? tunnelIp, isVpn };
  }
  return { mac: macOf(a, 'Calling-Station-ID', 'EndPointMACAddress'), remoteAddress: null, isVpn };
}

/** AnyConnect reports the computer name; machine authentication names the host (`host/pc.example.com`). */
function hostnameOf(a: Attributes, user: NormalizedUser | null): string | null {
  const computer = nonEmpty(avPair(a, 'mdm-tlv=computer-name'));
  if (computer !== null) return computer;
  if (user !== null && user.kind === 'machine' && user.raw.toLowerCase().startsWith('host/')) return user.raw.slice(5);
  return null;
}

const STATUS_TYPES: ReadonlyMap<string, AcctStatusType> = new Map([
  ['start', 'Start'],
  ['stop', 'Stop'],
  ['interim-update', 'Interim-Update'],
  ['interim update', 'Interim-Update'],
  ['alive', 'Interim-Update'],
  ['accounting-on', 'Accounting-On'],
  ['accounting-off', 'Accounting-Off'],
]);
const STATUS_BY_CODE: ReadonlyMap<number, AcctStatusType> = new Map([
  [3000, 'Start'],
  [3001, 'Stop'],
  [3002, 'Interim-Update'],
]);

function radiusAccountingRecord(common: IseCommon, a: Attributes): IseRadiusAccountingRecord {
  const status = firstOf(a, 'Acct-Status-Type');
  const user = userOf(a, 'User-Name', 'UserName');
  const endpoint = endpointOf(a);
  const record = common as IseRadiusAccountingRecord; // its own fields are set below
  record.source = 'ise_radius';
  record.statusType = (status === null ? undefined : STATUS_TYPES.get(status.toLowerCase())) ?? STATUS_BY_CODE.get(common.messageCode) ?? null;
  record.user = user;
  record.ip = ipOf(a, 'Framed-IP-Address', 'Framed-IPv6-Address');
  record.mac = endpoint.mac;
  record.remoteAddress = endpoint.remoteAddress;
  record.isVpn = endpoint.isVpn;
  record.sessionId = firstOf(a, 'Acct-Session-Id');
  record.sessionTimeSeconds = nonNegativeInt(firstOf(a, 'Acct-Session-Time'));
  record.terminateCause = firstOf(a, 'Acct-Terminate-Cause');
  record.nasIp = ipOf(a, 'NAS-IP-Address', 'NAS-IPv6-Address');
  record.cpmSessionId = firstOf(a, 'CPMSessionID') ?? nonEmpty(avPair(a, 'audit-session-id'));
  record.hostname = hostnameOf(a, user);
  return record;
}

function passedAuthRecord(common: IseCommon, a: Attributes): IsePassedAuthRecord {
  const user = userOf(a, 'UserName', 'User-Name');
  const endpoint = endpointOf(a);
  // On VPN, EndPointIPAddress repeats the public address: it is not the address used inside the network.
  const endpointIp = ipOf(a, 'EndPointIPAddress');
  const ip =
    ipOf(a, 'Framed-IP-Address', 'Framed-IPv6-Address', 'IpAddress', 'ipAddress') ??
    (endpointIp !== null && endpointIp !== endpoint.remoteAddress && !endpoint.isVpn ? endpointIp : null);
  const record = common as IsePassedAuthRecord; // its own fields are set below
  record.source = 'ise_auth';
  record.user = user;
  record.ip = ip;
  record.mac = endpoint.mac;
  record.remoteAddress = endpoint.remoteAddress;
  record.isVpn = endpoint.isVpn;
  record.sessionId = firstOf(a, 'CPMSessionID', 'AcsSessionID');
  record.nasIp = ipOf(a, 'NAS-IP-Address', 'NAS-IPv6-Address');
  record.hostname = hostnameOf(a, user);
  return record;
}
