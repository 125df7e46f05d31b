import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { MAX_CLOCK_AHEAD_MS, silverTableOf, type SilverTable } from '../lake/silver.js';
import { IseReassembler, parseDhcpLine } from '../parsers/index.js';
import type { DhcpRecord, IseRecord, LineRef, ParseContext, ParseFailure, ParseResult, SilverSource } from '../parsers/types.js';
import type { ObjectStore } from '../storage/types.js';
import { toAttributionEvent } from './attribution/fromRecord.js';
import type { EventBuffer } from './event-buffer.js';
import { ExpectationChecker } from './expectations.js';
import type { LandingObject } from './landing.js';
import { readLines, type LineChunk, type RawLine, type ReadFailure, type ReadStart } from './lines.js';
import { DhcpRangeStop, IseRangeStop, OBJECT_START, type ObjectPosition } from './object-range.js';
import type { LandingSource, ResolvedEtlOptions } from './options.js';
import type { ProgressReporter } from './progress.js';
import type { RunCounters } from './summary.js';
import type { HourPartitions, TableSink } from './table-sink.js';

/** Where one run's rows go; a sink without a writer only counts (its table already committed this run). */
export interface PassSinks {
  bronze: Record<LandingSource, TableSink>;
  silver: Map<SilverSource, TableSink>;
  quarantine: TableSink;
  lookup: TableSink;
}

/** Where records of one silver source go: resolved once per run, not looked up per row. */
export interface SilverRoute {
  table: SilverTable;
  sink: TableSink;
  expectations: ExpectationChecker;
}

/** The silver route of every source that has a sink. */
export function silverRoutes(sinks: PassSinks): Map<SilverSource, SilverRoute> {
  const routes = new Map<SilverSource, SilverRoute>();
  for (const [source, sink] of sinks.silver) {
    const table = silverTableOf(source);
    routes.set(source, { table, sink, expectations: new ExpectationChecker(table) });
  }
  return routes;
}

export interface PassState {
  store: ObjectStore;
  options: ResolvedEtlOptions;
  sinks: PassSinks;
  routes: Map<SilverSource, SilverRoute>;
  counters: RunCounters;
  /** Every kept record as an attribution event, held column-wise: the input of the incremental gold update. */
  events: EventBuffer;
  /** Latest plausible event time seen (the run's contribution to the watermark). */
  maxEventTime: number | null;
  hours: HourPartitions;
  progress: ProgressReporter;
}

const bronzeName: Record<LandingSource, string> = { dhcp: 'dhcp_bronze', ise: 'ise_bronze' };

/**
 * Read one landing object line by line and route every line: all of them to bronze, each parsed
 * record to its silver table (or to quarantine with the failing rule), each kept record to
 * ip_lookup_gold. ISE segments are reassembled within the object, so an object's output depends on
 * that object alone — the property that makes a resumed run write exactly what the first attempt would.
 *
 * An object planned with a byte budget is read from its start position up to a stop that depends only on its
 * bytes (see DhcpRangeStop, IseRangeStop); returns where the next run starts on it, or null when its end was reached.
 */
export async function processObject(object: LandingObject, state: PassState): Promise<ObjectPosition | null> {
  const { store, options, counters, progress } = state;
  const ctx: ParseContext = { ingestTime: object.ingestTime, timeZone: options.timeZones[object.source] };
  const iseOptions = object.source === 'ise' ? options.iseParser : null;
  const reassembler = iseOptions !== null ? new IseReassembler(iseOptions) : null;
  const day = state.hours.dayOf(object.ingestTime);
  const bronze = state.sinks.bronze[object.source];
  const { key, ingestTime } = object;
  const start = object.start ?? OBJECT_START;
  const budget = object.budget;
  const openAt = objectOpener(store, key);
  const readFrom = async (position: ObjectPosition): Promise<AsyncIterable<LineChunk>> => {
    const ahead = await openAt(position);
    return readLines(ahead.stream, options.maxLineBytes, ahead.from);
  };
  const iseStop = budget !== undefined && iseOptions !== null ? new IseRangeStop(start, budget, iseOptions, readFrom) : null;
  const dhcpStop = budget !== undefined && iseOptions === null ? new DhcpRangeStop(start, budget) : null;
  let stoppedAt: ObjectPosition | null = null;
  let lastLine = start.line;
  let bytesSeen = start.offset;
  // Text of the ISE lines the reassembler still holds (bounded by its window): a record dropped by an
  // expectation is quarantined with its raw lines, which the parser does not return with a record.
  const held = reassembler ? new Map<number, string>() : null;

  const read = await openAt(start);
  counters.skippedBytes += read.skipped;
  progress.skippedBytes += read.skipped;
  // Plain loops and no closures per line: this loop runs once per raw line of the lake.
  for await (const chunk of readLines(read.stream, options.maxLineBytes, read.from)) {
    if (chunk.kind === 'failure') {
      quarantineUnreadable(object, chunk.failure, lastLine, state);
      break;
    }
    const lines = chunk.lines;
    let count = lines.length;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i] as RawLine;
      const text = line.bytes.toString('utf8');
      const ref: LineRef = { object: key, line: line.number, offset: line.offset };
      if (reassembler !== null && held !== null) {
        if (iseStop !== null && iseStop.candidate(line.offset, line.number, text) && (await iseStop.clearAhead(line.offset, line.number, reassembler))) {
          // Give up what is held exactly as an unsplit read would, then stop before this line.
          for (const result of iseStop.drain(reassembler)) route(result, object, state, held, '');
          stoppedAt = { offset: line.offset, line: line.number - 1 };
          count = i;
          break;
        }
        held.set(line.number, text);
        const results = reassembler.push(text, ref, ctx);
        for (let r = 0; r < results.length; r += 1) route(results[r] as ParseResult<IseRecord>, object, state, held, text);
      } else {
        if (dhcpStop !== null && dhcpStop.before(line.offset)) {
          stoppedAt = { offset: line.offset, line: line.number - 1 };
          count = i;
          break;
        }
        route(parseDhcpLine(text, ref, ctx), object, state, null, text);
      }
      // Keep the exact bytes whenever the text cannot reproduce them: invalid UTF-8, or a cut line. Decoding
      // turns every invalid sequence into U+FFFD, so text without one came from valid UTF-8 (no second scan).
      const exact = line.length === line.bytes.length && (text.indexOf('\uFFFD') < 0 || isUtf8(line.bytes));
      bronze.push(day.key, day.values, [ingestTime, key, line.number, line.offset, line.length, text, exact ? null : new Uint8Array(line.bytes)]);
    }
    const last = count > 0 ? lines[count - 1] : undefined;
    if (last) lastLine = last.number;
    if (last || stoppedAt !== null) {
      // Up to the next line's start: the stop, or past this line and its newline.
      const end = stoppedAt !== null ? stoppedAt.offset : (last as RawLine).offset + (last as RawLine).length + 1;
      const delta = end - bytesSeen;
      bytesSeen += delta;
      counters.bytes += delta;
      progress.bytes += delta;
    }
    counters.lines[object.source] += count;
    progress.lines += count;
    progress.emit('read', { object: key }, false);
    await flushAll(state.sinks, false);
    if (stoppedAt !== null) break;
  }
  // After a stop the reassembler is empty (drained): this gives up what an object's end leaves pending.
  if (reassembler !== null && held !== null) for (const result of reassembler.flush()) route(result, object, state, held, '');
  if (stoppedAt === null) counters.objects += 1;
  await flushAll(state.sinks, false);
  return stoppedAt;
}

/**
 * Opens the object's lines at a position: a ranged read where the store can seek in the text (plain objects), else
 * the whole stream with the bytes before the position skipped (gzip cannot seek; those bytes count as skipped).
 * Whether the object is gzip is read once (its first two bytes), not again for every read-ahead of a range stop.
 */
function objectOpener(store: ObjectStore, key: string): (start: ObjectPosition) => Promise<{ stream: Readable; from: ReadStart; skipped: number }> {
  let gzipKnown: Promise<boolean> | undefined;
  const isGzip = (): Promise<boolean> =>
    (gzipKnown ??= store.getRange(key, 0, 2).then((head) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b));
  return async (start) => {
    if (start.offset === 0) return { stream: await store.getStream(key), from: { ...start, sourceOffset: 0 }, skipped: 0 };
    const gzip = await isGzip();
    if (gzip) return { stream: await store.getStream(key), from: { ...start, sourceOffset: 0, gzip }, skipped: start.offset };
    return { stream: await store.getStream(key, { start: start.offset }), from: { ...start, sourceOffset: start.offset, gzip }, skipped: 0 };
  };
}

export async function flushAll(sinks: PassSinks, force: boolean): Promise<void> {
  await sinks.bronze.dhcp.flush(force);
  await sinks.bronze.ise.flush(force);
  for (const sink of sinks.silver.values()) await sink.flush(force);
  await sinks.quarantine.flush(force);
  await sinks.lookup.flush(force);
}

/**
 * One parse result to its tables. `held` (ISE) holds the text of lines still inside the reassembler;
 * every line of the result is released from it. `text` is the raw line of a DHCP result.
 */
function route(
  result: ParseResult<DhcpRecord | IseRecord>,
  object: LandingObject,
  state: PassState,
  held: Map<number, string> | null,
  text: string,
): void {
  const lines = result.lines;
  if (!result.ok) {
    if (held !== null) release(held, lines);
    quarantineFailure(result, object, state);
    return;
  }
  const record = result.record;
  const route = state.routes.get(record.source);
  if (route === undefined) throw new Error(`etl: no silver sink for ${record.source} records`);
  const first = lines[0] as LineRef;
  const cells = route.table.toCells(record, { ingestTime: object.ingestTime, object: object.key, lines });
  const dropped = route.expectations.check(cells, state.counters.expectations, first);
  if (dropped) {
    const eventTime = Number.isFinite(record.eventTime) ? record.eventTime : null;
    quarantine(state, object, {
      targetTable: route.table.spec.name,
      kind: 'expectation',
      rule: dropped.name,
      detail: `expectation ${dropped.name} (${dropped.action}) of silver/${route.table.spec.name} failed`,
      raw: held !== null ? release(held, lines) : [text],
      lines,
      eventTime,
    });
    return;
  }
  if (held !== null) release(held, lines);
  const partition = state.hours.of(record.eventTime);
  route.sink.push(partition.key, partition.values, cells);
  state.counters.silverLines[object.source] += lines.length;

  // The event object dies young: the buffer keeps its fields column-wise.
  const event = toAttributionEvent(record, lines);
  state.events.push(event);
  // A clock far ahead must not drag the watermark (and every open interval's copies) into the future.
  const plausible = Math.min(event.time, object.ingestTime + MAX_CLOCK_AHEAD_MS);
  if (state.maxEventTime === null || plausible > state.maxEventTime) state.maxEventTime = plausible;
  // ip_lookup_gold holds events that tie an address to something: no IP and no MAC, nothing to look up.
  if (event.ip === null && event.mac === null) return;
  const person = event.user !== null && event.user.isPerson ? event.user : null;
  state.sinks.lookup.push(partition.key, partition.values, [
    event.time,
    event.ip,
    event.mac,
    person === null ? null : person.raw,
    person === null ? null : person.key,
    event.eventType,
    record.source,
    event.hostname,
    event.sessionId,
    bronzeName[object.source],
    first.object,
    first.line,
  ]);
}

/** The held text of `lines`, removed from `held`. */
function release(held: Map<number, string>, lines: readonly LineRef[]): string[] {
  const raw = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as LineRef).line;
    raw[i] = held.get(line) ?? '';
    held.delete(line);
  }
  return raw;
}

interface QuarantineEntry {
  targetTable: string | null;
  kind: 'parser' | 'expectation' | 'unreadable';
  rule: string;
  detail: string;
  raw: string[];
  lines: readonly LineRef[];
  /** Bronze lines concerned; default lines.length (0 for an unreadable remainder, which is no bronze line). */
  lineCount?: number;
  eventTime: number | null;
}

function quarantineFailure(failure: ParseFailure, object: LandingObject, state: PassState): void {
  quarantine(state, object, {
    targetTable: null,
    kind: 'parser',
    rule: failure.reason,
    detail: failure.detail,
    raw: failure.raw,
    lines: failure.lines,
    eventTime: null,
  });
}

function quarantineUnreadable(object: LandingObject, failure: ReadFailure, lastLine: number, state: PassState): void {
  state.counters.unreadableObjects += 1;
  quarantine(state, object, {
    targetTable: null,
    kind: 'unreadable',
    rule: failure.reason,
    detail: `${failure.detail}; the rest of ${object.key} is not in bronze`,
    raw: [],
    // No bronze line: the row marks where reading stopped (the line after the last one read).
    lines: [{ object: object.key, line: lastLine + 1, offset: failure.offset }],
    lineCount: 0,
    eventTime: null,
  });
}

function quarantine(state: PassState, object: LandingObject, entry: QuarantineEntry): void {
  const day = state.hours.dayOf(object.ingestTime);
  const first = entry.lines[0];
  const lineCount = entry.lineCount ?? entry.lines.length;
  state.sinks.quarantine.push(day.key, day.values, [
    object.source,
    entry.targetTable,
    entry.kind,
    entry.rule,
    entry.detail,
    entry.raw.join('\n'),
    entry.eventTime,
    object.ingestTime,
    object.key,
    first?.line ?? 0,
    first?.offset ?? 0,
    lineCount,
    entry.lines.length > 1 ? entry.lines.map((l) => l.line).join(',') : null,
  ]);
  state.counters.quarantinedLines[object.source] += lineCount;
  const key = `${entry.kind}:${entry.rule}`;
  state.counters.quarantined[key] = (state.counters.quarantined[key] ?? 0) + 1;
}
