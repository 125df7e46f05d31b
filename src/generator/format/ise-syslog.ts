/**
 * Frames ISE messages as remote-syslog lines: `<pri>Mmm dd hh:mm:ss host CISE_<Category> msg_id total seg body`.
 * Messages longer than the node's maximum length are split between attribute pairs into segments that share
 * the header; only segment 0 carries the body timestamp, code and text (Cisco's ACS/ISE segmentation scheme).
 */
import type { IseNode } from '../enterprise.js';
import { HostClock } from './clock.js';

export type IseSeverity = 'NOTICE' | 'INFO' | 'WARN';

export interface IseMessage {
  /** `CISE_Passed_Authentications`, `CISE_RADIUS_Accounting`, ... */
  category: string;
  code: number;
  severity: IseSeverity;
  /** `Passed-Authentication: Authentication succeeded` (class and text). */
  text: string;
  /** `key=value` pairs, values already escaped (`\,`); one entry may hold several pairs that must stay together. */
  attributes: string[];
}

const PRI: Record<IseSeverity, number> = { NOTICE: 181, INFO: 182, WARN: 180 };

export class IseNodeFramer {
  private readonly clock: HostClock;
  private readonly relayClock = new HostClock(0);
  private nextMessageId: number;
  private nextSequence: number;
  /** Headers of the last second framed (several messages often share one). */
  private ownSecond = Number.NaN;
  private ownSeverity: IseSeverity = 'NOTICE';
  private ownText = '';
  private relaySecond = Number.NaN;
  private relayText = '';

  constructor(readonly node: IseNode, firstMessageId: number, firstSequence: number) {
    this.clock = new HostClock(node.utcOffsetMinutes);
    this.nextMessageId = firstMessageId;
    this.nextSequence = firstSequence;
  }

  /** Reserves a message id that no framed message will use (for orphan-segment noise). */
  takeMessageId(): string {
    return pad10(this.nextMessageId++);
  }

  /** What ISE itself sends before the category: `<181>Mar  7 08:32:59 ise-psn01 ` (no PRI behind a relay). */
  ownHeader(t: number, severity: IseSeverity): string {
    const second = Math.floor(t / 1000);
    if (second !== this.ownSecond || severity !== this.ownSeverity) {
      const own = `${this.clock.syslog(t)} ${this.node.host} `;
      this.ownText = this.node.relayHost === null ? `<${PRI[severity]}>${own}` : own;
      this.ownSecond = second;
      this.ownSeverity = severity;
    }
    return this.ownText;
  }

  /** Relays (Metron sample) prepend their own clock and address; it is never the event time. */
  relayHeader(t: number): string {
    if (this.node.relayHost === null) return '';
    const second = Math.floor(t / 1000);
    if (second !== this.relaySecond) {
      this.relayText = `${this.relayClock.syslog(t + 1000)} ${this.node.relayHost} `;
      this.relaySecond = second;
    }
    return this.relayText;
  }

  bodyTimestamp(t: number, micros: number): string {
    return this.clock.iseBody(t, this.node.micros ? micros : undefined);
  }

  /** One message → one or more lines (segments). `micros` fills the sub-millisecond digits on µs nodes. */
  frame(t: number, micros: number, message: IseMessage): string[] {
    const relay = this.relayHeader(t);
    const prefix = `${this.ownHeader(t, message.severity)}${message.category} ${this.takeMessageId()} `;
    const sev = message.severity === 'NOTICE' ? 'NOTICE ' : `${message.severity}  `;
    const body0 = `${this.bodyTimestamp(t, micros)} ${pad10(this.nextSequence++)} ${message.code} ${sev}${message.text}`;
    const attrs = message.attributes;
    // The relay's prefix is not part of what ISE sent, so it does not count towards the node's limit.
    const limit = this.node.maxMessageBytes;
    // Length of `${prefix}1 0 ${body0}, ${attrs.join(', ')},` without building it: most messages of a
    // segmenting node are split, and joining them first would be wasted work.
    let singleLength = prefix.length + '1 0 '.length + body0.length + ', '.length + ','.length + 2 * Math.max(0, attrs.length - 1);
    for (const attr of attrs) singleLength += attr.length;
    if (singleLength <= limit) return [`${relay}${prefix}1 0 ${body0}, ${attrs.join(', ')},`];

    // Segment boundaries are decided on lengths alone; the attributes are then joined once (one flat string) and
    // each segment is a slice of it (no copy), instead of a slice-and-join of the attribute array per segment.
    const joined = attrs.join(', ');
    const fixed = prefix.length + 4; // "N k "
    const head = `${relay}${prefix}`;
    const lines: string[] = [];
    let from = -1; // offset in `joined` where the current segment starts; -1: the segment opens with body0
    let length = body0.length;
    let offset = 0; // offset in `joined` of attribute i
    for (let i = 0; i < attrs.length; i++) {
      const attrLength = (attrs[i] as string).length;
      if (fixed + length + 2 + attrLength + 1 > limit) {
        lines.push(segmentPayload(body0, joined, from, offset - 2));
        from = offset;
        length = attrLength;
      } else {
        length += 2 + attrLength;
      }
      offset += attrLength + 2;
    }
    lines.push(segmentPayload(body0, joined, from, joined.length));
    const total = lines.length;
    if (total > 9) throw new Error(`generator: ISE message ${message.category}/${message.code} needs ${total} segments; raise iseSegmentBytes`);
    for (let k = 0; k < total; k++) lines[k] = `${head}${total} ${k} ${lines[k] as string}`;
    return lines;
  }
}

/**
 * Payload of one segment: `joined` (the attributes joined by `, `) from `from` to `to`, after body0 when `from` is -1,
 * then `,`. A segment that opens with body0 and takes no attribute has `to` = -2.
 */
function segmentPayload(body0: string, joined: string, from: number, to: number): string {
  if (from >= 0) return joined.slice(from, to) + ',';
  return to <= 0 ? body0 + ',' : body0 + ', ' + joined.slice(0, to) + ',';
}

export function pad10(n: number): string {
  return String(n).padStart(10, '0');
}
