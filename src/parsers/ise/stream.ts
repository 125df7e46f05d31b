/** Whole-input helpers over {@link IseReassembler}: results in input order, memory bounded by its window. */
import type { IseRecord, LineRef, ParseContext, ParseResult } from '../types.js';
import type { IseParserOptions } from './options.js';
import { IseReassembler } from './reassembler.js';

export interface IseInputLine {
  line: string;
  ref: LineRef;
}

export function* parseIseLines(
  input: Iterable<IseInputLine>,
  ctx?: ParseContext,
  opts: Partial<IseParserOptions> = {},
): Generator<ParseResult<IseRecord>> {
  const reassembler = new IseReassembler(opts);
  for (const { line, ref } of input) yield* reassembler.push(line, ref, ctx);
  yield* reassembler.flush();
}

export async function* parseIseLinesAsync(
  input: AsyncIterable<IseInputLine> | Iterable<IseInputLine>,
  ctx?: ParseContext,
  opts: Partial<IseParserOptions> = {},
): AsyncGenerator<ParseResult<IseRecord>> {
  const reassembler = new IseReassembler(opts);
  for await (const { line, ref } of input) yield* reassembler.push(line, ref, ctx);
  yield* reassembler.flush();
}

/** One self-contained line (a single-segment message): what tests and ad-hoc tools want. */
export function parseIseLine(line: string, ref: LineRef, ctx?: ParseContext, opts: Partial<IseParserOptions> = {}): ParseResult<IseRecord>[] {
  const reassembler = new IseReassembler(opts);
  return [...reassembler.push(line, ref, ctx), ...reassembler.flush()];
}
