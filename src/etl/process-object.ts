import { isUtf8 } from 'node:buffer';
import type { CellValue } from '../engine/index.js';
import { MAX_CLOCK_AHEAD_MS, silverTableOf, type Lineage } from '../lake/silver.js';
import { IseReassembler, parseDhcpLine } from '../parsers/index.js';
import type { DhcpRecord, IseRecord, LineRef, ParseContext, ParseFailure, ParseResult, SilverSource } from '../parsers/types.js';
import type { ObjectStore } from '../storage/types.js';
import { eventTypeOf } from './attribution/eventTypes.js';
import { toAttributionEvent } from './attribution/fromRecord.js';
import { checkExpectations } from './expectations.js';
import type { LandingObject } from './landing.js';
import { readLines, type RawLine, type ReadFailure } from './lines.js';
import type { LandingSource, ResolvedEtlOptions } from './options.js';
import type { ProgressReporter } from './progress.js';
import type { RunCounters } from './summary.js';
import type { HourPartitions, TableSink } from './table-sink.js';
import type { AttributionEvent } from './attribution/types.js';

/** Where one run's rows go; a sink without a writer only counts (its table already committed this run). */
export interface PassSinks {
  bronze: Record<LandingSource, TableSink>;
  silver: Map<SilverSource, TableSink>;
  quarantine: TableSink;
  lookup: TableSink;
}

export interface PassState {
  store: ObjectStore;
  options: ResolvedEtlOptions;
  sinks: PassSinks;
  counters: RunCounters;
  /** Every kept record as an attribution event: the input of the incremental gold update. */
  newEvents: AttributionEvent[];
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
 */
export async function processObject(object: LandingObject, state: PassState): Promise<void> {
  const { store, options, counters, progress } = state;
  const ctx: ParseContext = { ingestTime: object.ingestTime, timeZone: options.timeZones[object.source] };
  const reassembler = object.source === 'ise' ? new IseReassembler() : null;
  const day = state.hours.dayOf(object.ingestTime);
  const bronze = state.sinks.bronze[object.source];
  let lastLine = 0;
  let bytesSeen = 0;
  // Text of ISE lines the reassembler still holds: an expectation drop quarantines the raw lines.
  const held = new Map<number, string>();
  const rawOf = (refs: readonly LineRef[]): string[] =>
    refs.map((ref) => {
      const text = held.get(ref.line) ?? '';
      held.delete(ref.line);
      return text;
    });

  const stream = await store.getStream(object.key);
  for await (const chunk of readLines(stream, options.maxLineBytes)) {
    if (chunk.kind === 'failure') {
      quarantineUnreadable(object, chunk.failure, lastLine, state);
      break;
    }
    for (const line of chunk.lines) {
      lastLine = line.number;
      const text = line.bytes.toString('utf8');
      bronze.push(day.key, day.values, bronzeRow(object, line, text));
      counters.lines[object.source] += 1;
      const ref: LineRef = { object: object.key, line: line.number, offset: line.offset };
      if (reassembler) {
        held.set(line.number, text);
        for (const result of reassembler.push(text, ref, ctx)) route(result, object, state, rawOf);
      } else {
        route(parseDhcpLine(text, ref, ctx), object, state, () => [text]);
      }
    }
    const last = chunk.lines[chunk.lines.length - 1];
    if (last) {
      const delta = last.offset + last.length + 1 - bytesSeen;
      bytesSeen += delta;
      counters.bytes += delta;
      progress.bytes += delta;
    }
    progress.lines += chunk.lines.length;
    progress.emit('read', { object: object.key }, false);
    await flushAll(state.sinks, false);
  }
  if (reassembler) for (const result of reassembler.flush()) route(result, object, state, rawOf);
  counters.objects += 1;
  await flushAll(state.sinks, false);
}

export async function flushAll(sinks: PassSinks, force: boolean): Promise<void> {
  await sinks.bronze.dhcp.flush(force);
  await sinks.bronze.ise.flush(force);
  for (const sink of sinks.silver.values()) await sink.flush(force);
  await sinks.quarantine.flush(force);
  await sinks.lookup.flush(force);
}

function bronzeRow(object: LandingObject, line: RawLine, text: string): CellValue[] {
  // Keep the exact bytes whenever the text cannot reproduce them: invalid UTF-8, or a cut line.
  const exact = line.length === line.bytes.length && isUtf8(line.bytes);
  return [object.ingestTime, object.key, line.number, line.offset, line.length, text, exact ? null : new Uint8Array(line.bytes)];
}

function route(
  result: ParseResult<DhcpRecord | IseRecord>,
  object: LandingObject,
  state: PassState,
  rawOf: (refs: readonly LineRef[]) => string[],
): void {
  const raw = rawOf(result.lines);
  if (!result.ok) {
    quarantineFailure(result, object, state);
    return;
  }
  const { record, lines } = result;
  const table = silverTableOf(record.source);
  const lineage: Lineage = {
    ingestTime: object.ingestTime,
    object: object.key,
    lines: lines.map((l) => l.line),
    offset: lines[0]?.offset ?? 0,
  };
  const row = table.toRow(record, lineage);
  const where = (): string => `${object.key}:${lineage.lines[0] ?? '?'}`;
  const dropped = checkExpectations(table, row, state.counters.expectations, where);
  if (dropped) {
    const eventTime = typeof row.EventTimestamp === 'number' && Number.isFinite(row.EventTimestamp) ? row.EventTimestamp : null;
    quarantine(state, object, {
      targetTable: table.spec.name,
      kind: 'expectation',
      rule: dropped.name,
      detail: `expectation ${dropped.name} (${dropped.action}) of silver/${table.spec.name} failed`,
      raw,
      lines,
      eventTime,
    });
    return;
  }
  const partition = state.hours.of(record.eventTime);
  const sink = state.sinks.silver.get(record.source);
  if (!sink) throw new Error(`etl: no silver sink for ${record.source} records`);
  sink.push(partition.key, partition.values, table.spec.columns.map((c) => row[c.name] ?? null));
  state.counters.silverLines[object.source] += lines.length;

  const event = toAttributionEvent(record, lines);
  state.newEvents.push(event);
  // A clock far ahead must not drag the watermark (and every open interval's copies) into the future.
  const plausible = Math.min(event.time, object.ingestTime + MAX_CLOCK_AHEAD_MS);
  if (state.maxEventTime === null || plausible > state.maxEventTime) state.maxEventTime = plausible;
  // ip_lookup_gold holds events that tie an address to something: no IP and no MAC, nothing to look up.
  if (event.ip === null && event.mac === null) return;
  const person = event.user?.isPerson ? event.user : null;
  const first = lines[0] as LineRef;
  state.sinks.lookup.push(partition.key, partition.values, [
    event.time,
    event.ip,
    event.mac,
    person?.raw ?? null,
    person?.key ?? null,
    eventTypeOf(record),
    record.source,
    event.hostname,
    event.sessionId,
    bronzeName[object.source],
    first.object,
    first.line,
  ]);
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
