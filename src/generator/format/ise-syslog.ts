/**
 * Frames ISE messages as remote-syslog lines: `<pri>Mmm dd hh:mm:ss host CISE_<Category> msg_id total seg body`.
 * Messages longer than the node's maximum length are split between attribute pairs into segments that share
 * the header; only segment 0 carries the body timestamp, code and text (Cisco's ACS/ISE segmentation scheme).
 */
import type { IseNode } from '../enterprise.js';
import { HostClock } from './clock.js';
import type { IseMessage } from './ise-template.js';

export type IseSeverity = 'NOTICE' | 'INFO' | 'WARN';
export type { IseMessage } from './ise-template.js';

/** Where framed lines go (a log file, or a list for noise built ahead). */
export interface LineSink {
  line(text: string): void;
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
  /** Scratch: where each segment's attributes end in the joined text. */
  private readonly segmentEnds: number[] = [];

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

  /**
   * One message → one or more lines (segments), handed to `sink`; returns their number. `micros` fills the
   * sub-millisecond digits on µs nodes.
   */
  frame(t: number, micros: number, message: IseMessage, sink: LineSink): number {
    const relay = this.relayHeader(t);
    const prefix = `${this.ownHeader(t, message.severity)}${message.category} ${this.takeMessageId()} `;
    const sev = message.severity === 'NOTICE' ? 'NOTICE ' : `${message.severity}  `;
    const body0 = `${this.bodyTimestamp(t, micros)} ${pad10(this.nextSequence++)} ${message.code} ${sev}${message.text}`;
    // The relay's prefix is not part of what ISE sent, so it does not count towards the node's limit.
    const limit = this.node.maxMessageBytes;
    // Length of `${prefix}1 0 ${body0}, ${joined},` from the template's lengths, without building it: most
    // messages of a segmenting node are split.
    const singleLength = prefix.length + '1 0 '.length + body0.length + ', '.length + message.joinedLength() + ','.length;
    if (singleLength <= limit) {
      sink.line(message.join(`${relay}${prefix}1 0 ${body0}, `, ','));
      return 1;
    }

    // Segment boundaries are decided on attribute lengths alone; the attributes are then joined once (one flat
    // string) and each segment is a slice of it.
    const ends = this.segmentEnds;
    ends.length = 0;
    const fixed = prefix.length + 4; // "N k "
    let length = body0.length;
    let offset = 0; // offset in the joined attributes of attribute i
    for (let i = 0; i < message.attributeCount; i++) {
      const attrLength = message.attributeLength(i);
      if (fixed + length + 2 + attrLength + 1 > limit) {
        ends.push(offset - 2);
        length = attrLength;
      } else {
        length += 2 + attrLength;
      }
      offset += attrLength + 2;
    }
    const total = ends.length + 1;
    if (total > 9) throw new Error(`generator: ISE message ${message.category}/${message.code} needs ${total} segments; raise iseSegmentBytes`);
    const joined = message.join('', '');
    ends.push(joined.length);
    const head = `${relay}${prefix}${total} `;
    let from = -1; // offset in `joined` where the segment starts; -1: the segment opens with body0
    for (let k = 0; k < total; k++) {
      const to = ends[k] as number;
      sink.line(`${head}${k} ${segmentPayload(body0, joined, from, to)}`);
      from = to + 2;
    }
    return total;
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
