/**
 * Streaming reassembly of ISE syslog: physical lines → segments → messages → records.
 *
 * Physical lines. A value with an embedded newline reaches us as several lines: the first ends with `\`, or the
 * next lines simply carry no header (Elastic's device-sensor fixture). Such a line is glued to the segment on the
 * line before it. Because any line may still be continued by the next one, a segment is only closed when the next
 * line (or `flush()`) shows it is over: `push` returns the results of the previous line(s), never of a line that
 * could still grow.
 *
 * Segments. Parts sharing (host, category, msg_id) are joined in `seg_num` order (0-based; `1 0` is a single
 * segment, emitted at once). Unfinished messages wait in a bounded window (`maxPendingMessages`,
 * `maxLineDistance`); when one leaves it, or at `flush()`:
 * - segment 0 never came                     → `orphan_segment` (its parts' raw lines and refs);
 * - segment 0 and 1…k-1 came, k…n-1 did not   → a record from what came, `segments` = k. A SOC would rather have
 *   the user/IP/MAC of segment 0 (where ISE puts them) than nothing; a value the lost segment may have cut
 *   short is dropped rather than trusted;
 * - a middle part is missing                  → `incomplete_message` (gluing around a hole could shift values).
 * A second copy of a part already held fails `duplicate_segment`; the message completes from the first copy.
 * Segments of categories not used for attribution are refused at once and never buffered.
 *
 * Invariant: every pushed line ends in exactly one result, records' `lines` + failures' `lines` = input lines.
 */
import type { IseRecord, LineRef, ParseContext, ParseFailure, ParseFailureReason, ParseResult } from '../types.js';
import { checkLine, type ParserLimits } from '../normalize/index.js';
import { findIseHeader, type IseHeader } from './header.js';
import { endsWithBackslash, looksLikeSyslogStart, stripCarriageReturn } from './lines.js';
import { resolveIseParserOptions, type IseParserOptions } from './options.js';
import { buildIseRecord, isSupportedCategory, type IseRecordOutcome } from './records.js';

/** One segment: its header line plus any physical continuation lines. */
interface Segment {
  header: IseHeader;
  /** Logical text: physical lines joined with `\n` (a trailing `\` escape removed). */
  text: string;
  raw: string[];
  lines: LineRef[];
  object: string;
  /** The last physical line ended with `\`: the next line continues the value. */
  backslash: boolean;
  /** Line counter value when its first line arrived. */
  startLine: number;
  /** Set when the segment is refused whatever follows (bad header, unused category). */
  verdict: { reason: ParseFailureReason; detail: string } | null;
}

interface PendingMessage {
  /** Its key in `pending`: the message id, or the long key when another message held that id (see `pending`). */
  key: string;
  keyIsLong: boolean;
  /** Host (empty when none) and category of its parts: with the message id, what identifies the message. */
  host: string;
  category: string;
  total: number;
  /** Indexed by seg_num. */
  parts: (Segment | undefined)[];
  received: number;
  /** Parts in arrival (= input) order, so results list lines in input order. */
  arrivals: Segment[];
  /** Line counter value when the first line of the earliest part arrived. */
  firstLine: number;
}

export class IseReassembler {
  private readonly opts: IseParserOptions;
  /** The shared line checks' limits, made once rather than per line. */
  private readonly lineLimits: ParserLimits;
  /**
   * Unfinished messages in arrival order of their first part, keyed by message id alone while no other pending
   * message shares that id (ids are counters per node, so that is nearly always): building and hashing a
   * host+category+id string for every segment was a visible cost. A second message with a pending id gets the
   * long key; `longKeys` counts those, so a lookup tries the long key only when one exists.
   */
  private readonly pending = new Map<string, PendingMessage>();
  private longKeys = 0;
  private open: Segment | null = null;
  private lineCount = 0;

  constructor(opts: Partial<IseParserOptions> = {}) {
    this.opts = resolveIseParserOptions(opts);
    this.lineLimits = { maxLineLength: this.opts.maxLineLength };
  }

  /** Unfinished multi-segment messages currently held. */
  get pendingMessages(): number {
    return this.pending.size;
  }

  /**
   * Feeds one physical line; returns whatever became complete. `ctx` is accepted for a uniform parser signature:
   * ISE body timestamps carry their own offset, so nothing here depends on the ingest time or zone.
   */
  push(line: string, ref: LineRef, _ctx?: ParseContext): ParseResult<IseRecord>[] {
    const out: ParseResult<IseRecord>[] = [];
    this.lineCount++;
    try {
      this.accept(typeof line === 'string' ? line : String(line), ref, out);
    } catch (err) {
      // Defensive: accept() is written not to throw; if it ever does, the line still gets exactly one result.
      if (!this.holds(ref)) out.push(failure('unparseable_ise_body', `ise parser error: ${errorText(err)}`, [String(line)], [ref]));
    }
    this.evictBeyondWindow(out);
    return out;
  }

  /** End of input: closes the last segment and gives up every unfinished message. */
  flush(): ParseResult<IseRecord>[] {
    const out: ParseResult<IseRecord>[] = [];
    this.closeOpen(out);
    for (const message of this.pending.values()) {
      this.forget(message);
      this.giveUp(message, 'input ended', out);
    }
    return out;
  }

  private holds(ref: LineRef): boolean {
    if (this.open?.lines.includes(ref)) return true;
    for (const m of this.pending.values()) for (const s of m.arrivals) if (s.lines.includes(ref)) return true;
    return false;
  }

  private accept(rawLine: string, ref: LineRef, out: ParseResult<IseRecord>[]): void {
    const line = stripCarriageReturn(rawLine);
    const open = this.open !== null && this.open.object === ref.object ? this.open : null;

    const problem = checkLine(line, this.lineLimits);
    if (problem !== null) {
      if (problem.reason === 'empty_line' && open !== null && open.backslash && this.canGrow(open)) {
        this.append(open, line, rawLine, ref);
        return;
      }
      this.closeOpen(out);
      out.push(failure(problem.reason, problem.detail, [rawLine], [ref]));
      return;
    }

    const header = findIseHeader(line, this.opts.maxHeaderOffset);
    if (header !== null) {
      this.closeOpen(out);
      this.open = {
        header,
        text: line,
        raw: [rawLine],
        lines: [ref],
        object: ref.object,
        backslash: endsWithBackslash(line),
        startLine: this.lineCount,
        verdict: this.verdictFor(header),
      };
      return;
    }

    if (open !== null && this.canGrow(open) && (open.backslash || this.opts.headerlessContinuations) && !looksLikeSyslogStart(line)) {
      this.append(open, line, rawLine, ref);
      return;
    }
    this.closeOpen(out);
    out.push(
      failure(
        'not_ise',
        looksLikeSyslogStart(line) || open === null
          ? 'no "CISE_<Category> <msg_id> <total_seg> <seg_num>" header'
          : 'headerless line too far from the segment it would continue',
        [rawLine],
        [ref],
      ),
    );
  }

  private canGrow(segment: Segment): boolean {
    return segment.lines.length <= this.opts.maxContinuationLines;
  }

  private append(segment: Segment, line: string, rawLine: string, ref: LineRef): void {
    const base = segment.backslash ? segment.text.slice(0, -1) : segment.text;
    segment.text = `${base}\n${line}`;
    segment.raw.push(rawLine);
    segment.lines.push(ref);
    segment.backslash = endsWithBackslash(line);
  }

  private verdictFor(header: IseHeader): Segment['verdict'] {
    if (header.totalSegments < 1 || header.totalSegments > this.opts.maxTotalSegments || header.segmentNumber >= header.totalSegments) {
      return { reason: 'unparseable_header', detail: `${segmentLabel(header)}: seg_num must be below total_seg, and total_seg within 1…${this.opts.maxTotalSegments}` };
    }
    if (!isSupportedCategory(header.category)) {
      return { reason: 'unsupported_ise_category', detail: `${segmentLabel(header)}: category not used for attribution` };
    }
    return null;
  }

  private closeOpen(out: ParseResult<IseRecord>[]): void {
    const segment = this.open;
    if (segment === null) return;
    this.open = null;
    if (segment.verdict !== null) {
      out.push(failure(segment.verdict.reason, segment.verdict.detail, segment.raw, segment.lines));
    } else if (segment.header.totalSegments === 1) {
      out.push(this.complete([segment], [segment], false));
    } else {
      this.addPart(segment, out);
    }
  }

  private addPart(segment: Segment, out: ParseResult<IseRecord>[]): void {
    const h = segment.header;
    const host = h.host ?? '';
    let message = this.find(host, h.category, h.messageId);
    if (message !== undefined && message.total !== h.totalSegments) {
      // Same id, different segment count: not the same message (id reuse); give the old one up.
      this.forget(message);
      this.giveUp(message, `a part announcing ${h.totalSegments} segments arrived`, out);
      message = undefined;
    }
    if (message === undefined) {
      const keyIsLong = this.pending.has(h.messageId);
      if (keyIsLong) this.longKeys++;
      message = {
        key: keyIsLong ? longKey(host, h.category, h.messageId) : h.messageId,
        keyIsLong,
        host,
        category: h.category,
        total: h.totalSegments,
        parts: new Array<Segment | undefined>(h.totalSegments),
        received: 0,
        arrivals: [],
        firstLine: segment.startLine,
      };
      this.pending.set(message.key, message);
    }
    if (message.parts[h.segmentNumber] !== undefined) {
      out.push(
        failure(
          'duplicate_segment',
          `CISE_${h.category} ${h.messageId}: segment ${h.segmentNumber} of ${h.totalSegments} arrived twice; the first copy is kept`,
          segment.raw,
          segment.lines,
        ),
      );
      return;
    }
    message.parts[h.segmentNumber] = segment;
    message.received++;
    message.arrivals.push(segment);
    if (message.received === message.total) {
      this.forget(message);
      out.push(this.complete(message.parts as Segment[], message.arrivals, false));
    }
  }

  private evictBeyondWindow(out: ParseResult<IseRecord>[]): void {
    while (this.pending.size > this.opts.maxPendingMessages) {
      const oldest = this.pending.entries().next().value;
      if (oldest === undefined) break;
      this.forget(oldest[1]);
      this.giveUp(oldest[1], `more than ${this.opts.maxPendingMessages} messages were pending`, out);
    }
    // Map order is arrival order of first parts, so the oldest are at the front.
    for (const message of this.pending.values()) {
      if (this.lineCount - message.firstLine <= this.opts.maxLineDistance) break;
      this.forget(message);
      this.giveUp(message, `missing parts did not arrive within ${this.opts.maxLineDistance} lines`, out);
    }
  }

  /** The pending message with this host, category and id, if any. */
  private find(host: string, category: string, messageId: string): PendingMessage | undefined {
    const byId = this.pending.get(messageId);
    if (byId !== undefined && byId.host === host && byId.category === category) return byId;
    return this.longKeys > 0 ? this.pending.get(longKey(host, category, messageId)) : undefined;
  }

  private forget(message: PendingMessage): void {
    if (this.pending.delete(message.key) && message.keyIsLong) this.longKeys--;
  }

  private giveUp(message: PendingMessage, why: string, out: ParseResult<IseRecord>[]): void {
    const first = message.arrivals[0];
    if (first === undefined) return;
    const h = first.header;
    const have = message.parts.flatMap((p, i) => (p === undefined ? [] : [i]));
    const label = `CISE_${h.category} ${h.messageId}: have segment(s) ${have.join(',')} of ${message.total}`;
    if (message.parts[0] === undefined) {
      out.push(failure('orphan_segment', `${label}, segment 0 never arrived (${why})`, rawOf(message.arrivals), linesOf(message.arrivals)));
      return;
    }
    // Parts 0…k-1 all present (indices ascending and distinct): only trailing segments are missing.
    if (have[have.length - 1] === message.received - 1) {
      out.push(this.complete(message.parts.slice(0, message.received) as Segment[], message.arrivals, true));
      return;
    }
    out.push(failure('incomplete_message', `${label}, a middle segment never arrived (${why})`, rawOf(message.arrivals), linesOf(message.arrivals)));
  }

  private complete(ordered: readonly Segment[], arrivals: readonly Segment[], partial: boolean): ParseResult<IseRecord> {
    const first = ordered[0] as Segment;
    let outcome: IseRecordOutcome;
    try {
      outcome = buildIseRecord({
        header: first.header,
        first: first.text,
        continuations: ordered.length === 1 ? NO_CONTINUATIONS : ordered.slice(1).map((s) => s.text.slice(s.header.bodyStart)),
        partial,
      });
    } catch (err) {
      outcome = { ok: false, reason: 'unparseable_ise_body', detail: `CISE_${first.header.category} ${first.header.messageId}: ${errorText(err)}` };
    }
    const lines = linesOf(arrivals);
    return outcome.ok ? { ok: true, record: outcome.record, lines } : failure(outcome.reason, outcome.detail, rawOf(arrivals), lines);
  }
}

/** The key of a message whose id another pending message already holds (ids are digits: no clash with a short key). */
function longKey(host: string, category: string, messageId: string): string {
  return `${host}\u0001${category}\u0001${messageId}`;
}

/** Shared by every single-segment message (most of them): two fewer arrays per message. */
const NO_CONTINUATIONS: readonly string[] = Object.freeze([]);

/** Built only for a refusal: most segments pass, and the label was a string per line. */
function segmentLabel(header: IseHeader): string {
  return `CISE_${header.category} ${header.messageId} ${header.totalSegments} ${header.segmentNumber}`;
}

function failure(reason: ParseFailureReason, detail: string, raw: string[], lines: LineRef[]): ParseFailure {
  return { ok: false, reason, detail, raw, lines };
}

// Plain loops: flatMap showed up in profiles of the hot path.
function rawOf(segments: readonly Segment[]): string[] {
  if (segments.length === 1) return (segments[0] as Segment).raw;
  const raw: string[] = [];
  for (const s of segments) for (const r of s.raw) raw.push(r);
  return raw;
}

function linesOf(segments: readonly Segment[]): LineRef[] {
  if (segments.length === 1) return (segments[0] as Segment).lines;
  const lines: LineRef[] = [];
  for (const s of segments) for (const l of s.lines) lines.push(l);
  return lines;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
