import { findIseHeader, type IseParserOptions, type IseReassembler } from '../parsers/ise/index.js';
import { stripCarriageReturn } from '../parsers/ise/lines.js';
import type { IseRecord, LineRef, ParseResult } from '../parsers/types.js';
import type { LineChunk } from './lines.js';

/**
 * A place in a landing object's decompressed text, at a line boundary. Recorded in run intents (where a run
 * starts reading an object) and checkpoints (where the next run starts on an object read only in part).
 */
export interface ObjectPosition {
  /** Decompressed byte offset of the next line to read. */
  offset: number;
  /** Lines before that offset: the next line read is number `line + 1`. */
  line: number;
}

export const OBJECT_START: ObjectPosition = Object.freeze({ offset: 0, line: 0 });

/** The object's lines from a position on (a second, independent read), for looking ahead of a candidate stop. */
export type ReadFrom = (position: ObjectPosition) => Promise<AsyncIterable<LineChunk>>;

/**
 * Where a run stops reading a DHCP object larger than its byte budget: before the first line that starts at or past
 * `start + budget`. DHCP lines stand alone, so any line boundary will do.
 */
export class DhcpRangeStop {
  private readonly limit: number;

  constructor(start: ObjectPosition, budget: number) {
    this.limit = limitOf(start, budget);
  }

  /** Whether the run stops before the line at `offset` (called before the line is parsed). */
  before(offset: number): boolean {
    return offset >= this.limit;
  }
}

/**
 * Where a run stops reading an ISE object larger than its byte budget: before the first header line at or past
 * `start + budget` where the run can leave the reassembler empty and the output is still what one unsplit read
 * gives, so that no multi-line message straddles two runs. It depends only on the object's bytes, the start and
 * the budget, so a resumed run stops at exactly the same line.
 *
 * Waiting for a moment when nothing is pending is not enough: lost segments (orphans) are common, each is held for
 * the reassembler's whole line window, and on real feeds there is nearly always one. So at a candidate line X the
 * run reads ahead (a second read of the object, from X): when no line of the next `maxLineDistance` has the key of
 * a multi-segment header of the last `maxLineDistance` lines (a superset of what is pending), nothing pending can
 * still grow, and an unsplit read would give every pending message up by distance. The run then gives them up the
 * same way (`drain`: lines that close the open segment and age the window out, their own results discarded) and
 * stops before X. The read-ahead also rules out the object ending inside the window (the give-up reason would be
 * "input ended") and the pending cap being reached in it (the oldest would be given up for that).
 */
export class IseRangeStop {
  private readonly limit: number;
  private readonly window: number;
  /** Multi-segment header keys of recent lines, oldest first; entries older than the window are dropped lazily. */
  private readonly recent: Array<{ line: number; key: string }> = [];
  private recentHead = 0;
  /** No stop before this line: a read-ahead found a recent message growing there (or the end of the object). */
  private noStopBefore = 0;

  constructor(
    start: ObjectPosition,
    budget: number,
    private readonly options: IseParserOptions,
    private readonly readFrom: ReadFrom,
  ) {
    this.limit = limitOf(start, budget);
    this.window = options.maxLineDistance;
  }

  /**
   * Called for every line, in order, before it is pushed: whether the run may stop before it, to be settled by
   * `clearAhead`. Remembers the line's header when it is a segment of a multi-segment message. Synchronous: most
   * lines are no candidate, and the read loop must not pay for an await per line.
   */
  candidate(offset: number, lineNumber: number, text: string): boolean {
    const header = findIseHeader(stripCarriageReturn(text), this.options.maxHeaderOffset);
    if (header === null) return false;
    if (header.totalSegments > 1) {
      this.forgetBefore(lineNumber - 1 - this.window);
      this.recent.push({ line: lineNumber, key: keyOf(header.host, header.category, header.messageId) });
    }
    return offset >= this.limit && lineNumber >= this.noStopBefore;
  }

  /** Drop remembered headers older than `line`: nothing pending can have them (amortised O(1) per header). */
  private forgetBefore(line: number): void {
    while (this.recentHead < this.recent.length && (this.recent[this.recentHead] as { line: number }).line < line) this.recentHead += 1;
    if (this.recentHead > 1024 && this.recentHead * 2 > this.recent.length) {
      this.recent.splice(0, this.recentHead);
      this.recentHead = 0;
    }
  }

  /**
   * Give up what the reassembler holds as an unsplit read would: close the open segment, then age every pending
   * message past the window with lines that can continue nothing. Returns the results of real lines only.
   */
  drain(reassembler: IseReassembler): ParseResult<IseRecord>[] {
    const out: ParseResult<IseRecord>[] = [];
    for (let i = 0; i <= this.window; i += 1) {
      for (const result of reassembler.push(DRAIN_LINE, DRAIN_REF)) if (result.lines[0] !== DRAIN_REF) out.push(result);
    }
    if (reassembler.pendingMessages !== 0) throw new Error(`etl: ${reassembler.pendingMessages} ISE message(s) still pending after draining at a range stop`);
    return out;
  }

  /**
   * Whether stopping before candidate line X (`lineNumber` at `offset`, not pushed yet) leaves an unsplit read's
   * output unchanged. A pending message's lines all lie within the window before X, so their keys are among `recent`.
   */
  async clearAhead(offset: number, lineNumber: number, reassembler: IseReassembler): Promise<boolean> {
    this.forgetBefore(lineNumber - 1 - this.window);
    const keys = new Set<string>();
    // X's own header was just remembered: it is a part arriving at X, not one that was pending before it.
    for (let i = this.recentHead; i < this.recent.length; i += 1) {
      const entry = this.recent[i] as { line: number; key: string };
      if (entry.line < lineNumber) keys.add(entry.key);
    }
    // No multi-segment header in the window: the open segment and everything before it end as X closes them.
    if (keys.size === 0) return true;
    // Pending now, plus the open segment, plus the messages ahead not complete yet (counted generously: no
    // evictions, refused segments included) must stay within the cap, or an unsplit read would evict the oldest.
    const reserved = reassembler.pendingMessages + 1;
    const ahead = new Map<string, { total: number; parts: Set<number> }>();
    let seen = 0;
    for await (const chunk of await this.readFrom({ offset, line: lineNumber - 1 })) {
      if (chunk.kind === 'failure') break;
      for (const line of chunk.lines) {
        const header = findIseHeader(stripCarriageReturn(line.bytes.toString('utf8')), this.options.maxHeaderOffset);
        if (header !== null && header.totalSegments > 1) {
          const key = keyOf(header.host, header.category, header.messageId);
          const message = ahead.get(key) ?? { total: header.totalSegments, parts: new Set<number>() };
          // A part of a message pending at X, or an id reused with another segment count: no stop here.
          if (keys.has(key) || message.total !== header.totalSegments) {
            this.noStopBefore = line.number + 1;
            return false;
          }
          message.parts.add(header.segmentNumber);
          if (message.parts.size >= message.total) ahead.delete(key);
          else ahead.set(key, message);
          if (reserved + ahead.size > this.options.maxPendingMessages) {
            this.noStopBefore = line.number + 1;
            return false;
          }
        }
        seen += 1;
        if (seen > this.window) return true;
      }
    }
    // The object ends inside the window: an unsplit read gives pending messages up as "input ended"; no stop left.
    this.noStopBefore = Infinity;
    return false;
  }
}

/** At least one line per run, whatever the budget: a run that stopped where it started would never end. */
const limitOf = (start: ObjectPosition, budget: number): number => start.offset + Math.max(1, budget);

const keyOf = (host: string | null, category: string, messageId: string): string => `${host ?? ''}\u0001${category}\u0001${messageId}`;

/** A syslog start without an ISE header: closes the open segment and never continues one (it fails `not_ise`). */
const DRAIN_LINE = '<0>';
const DRAIN_REF: LineRef = Object.freeze({ object: '', line: 0, offset: -1 });
