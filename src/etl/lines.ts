import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

/** One physical line of a landing object, without its `\n` (or `\r\n`). */
export interface RawLine {
  /** 1-based line number within the decompressed object. */
  number: number;
  /** Byte offset of the line's first byte within the decompressed object. */
  offset: number;
  /** The line's bytes; at most `maxLineBytes` of them when the line was longer. */
  bytes: Buffer;
  /** The line's full length in bytes (larger than `bytes.length` only for a cut line). */
  length: number;
}

/** Why the rest of an object could not be read; the lines before it were delivered. */
export interface ReadFailure {
  reason: 'truncated_gzip' | 'corrupt_gzip' | 'read_error';
  detail: string;
  /** Decompressed bytes delivered before the failure. */
  offset: number;
}

export type LineChunk = { kind: 'lines'; lines: RawLine[] } | { kind: 'failure'; failure: ReadFailure };

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Where in an object's decompressed text reading starts; line numbers and offsets stay absolute. */
export interface ReadStart {
  /** Decompressed offset of the first line delivered (a line boundary). */
  offset: number;
  /** Lines before `offset`: the first line delivered is number `line + 1`. */
  line: number;
  /**
   * Decompressed offset at which `source` begins: `offset` for a ranged read, 0 when the source must be read from
   * the beginning (gzip cannot seek) and the bytes before `offset` are skipped.
   */
  sourceOffset: number;
  /** The object's format when known; otherwise told by the source's first bytes (a ranged read must say). */
  gzip?: boolean;
}

const FROM_THE_START: ReadStart = { offset: 0, line: 0, sourceOffset: 0 };

/**
 * Split a byte stream into lines, gunzipping it first when it starts with the gzip magic (1f 8b).
 * Lines come in batches (one per input chunk) so the hot loop does not pay for an await per line.
 * Memory holds one chunk plus one partial line (capped at maxLineBytes), whatever the object's size.
 * A read or decompression error ends the iteration with a `failure` chunk instead of throwing:
 * the caller quarantines the unreadable remainder and carries on.
 * The source is destroyed when the caller stops early (a run that reached its byte budget).
 */
export async function* readLines(source: Readable, maxLineBytes: number, start: ReadStart = FROM_THE_START): AsyncGenerator<LineChunk> {
  const splitter = new LineSplitter(maxLineBytes, start.offset, start.line);
  let gzip = false;
  // Decompressed bytes still to drop before the first line: the part of the object an earlier run read.
  let skip = start.offset - start.sourceOffset;
  try {
    try {
      const decoded = await decode(source, start.gzip);
      gzip = decoded.gzip;
      for await (const raw of decoded.stream) {
        let chunk = raw as Buffer;
        if (skip > 0) {
          const dropped = Math.min(skip, chunk.length);
          skip -= dropped;
          chunk = chunk.subarray(dropped);
          if (chunk.length === 0) continue;
        }
        const lines = splitter.push(chunk);
        if (lines.length > 0) yield { kind: 'lines', lines };
      }
    } catch (err) {
      const last = splitter.end();
      if (last.length > 0) yield { kind: 'lines', lines: last };
      yield { kind: 'failure', failure: classify(err, gzip, splitter.bytes) };
      return;
    }
    const last = splitter.end();
    if (last.length > 0) yield { kind: 'lines', lines: last };
  } finally {
    source.destroy();
  }
}

/** Peek at the first chunk to decide between plain text and gzip, unless the caller knows. */
async function decode(source: Readable, known: boolean | undefined): Promise<{ gzip: boolean; stream: AsyncIterable<unknown> }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return { gzip: false, stream: (async function* () {})() };
  const head = first.value;
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const isGzip = known ?? (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b);
  if (!isGzip) return { gzip: false, stream: replay() };
  const gunzip = createGunzip();
  // Readable.from(...).pipe() would swallow source errors; forward them so the read fails loudly.
  const input = Readable.from(replay());
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  return { gzip: true, stream: gunzip };
}

function classify(err: unknown, gzip: boolean, offset: number): ReadFailure {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (gzip && (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))) {
    return { reason: 'truncated_gzip', detail: `gzip stream ends early after ${offset} decompressed bytes: ${message}`, offset };
  }
  if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
    return { reason: 'corrupt_gzip', detail: `gzip data is corrupt after ${offset} decompressed bytes: ${message}`, offset };
  }
  return { reason: 'read_error', detail: `read failed after ${offset} bytes: ${message}`, offset };
}

/** Incremental `\n` splitter that tracks line numbers and byte offsets. */
export class LineSplitter {
  /** Decompressed offset reached so far (bytes consumed, plus the start offset). */
  bytes: number;
  private lineNumber: number;
  private lineStart: number;
  private partial: Buffer[] = [];
  private partialKept = 0;
  private partialLength = 0;

  /** `offset` and `line`: where in the object the first byte pushed sits, and how many lines came before it. */
  constructor(
    private readonly maxLineBytes: number,
    offset = 0,
    line = 0,
  ) {
    this.bytes = offset;
    this.lineNumber = line;
    this.lineStart = offset;
  }

  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let position = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline < 0) break;
      out.push(this.finish(chunk.subarray(position, newline), newline - position, true));
      position = newline + 1;
    }
    if (position < chunk.length) this.keep(chunk.subarray(position));
    this.bytes += chunk.length;
    return out;
  }

  /** Flush a last line that has no trailing newline. */
  end(): RawLine[] {
    if (this.partialLength === 0) return [];
    return [this.finish(Buffer.alloc(0), 0, false)];
  }

  private keep(piece: Buffer): void {
    const room = this.maxLineBytes - this.partialKept;
    if (room > 0) {
      // Copy: the chunk's memory must not stay pinned by a long partial line.
      const kept = Buffer.from(piece.subarray(0, room));
      this.partial.push(kept);
      this.partialKept += kept.length;
    }
    this.partialLength += piece.length;
  }

  private finish(tail: Buffer, tailLength: number, terminated: boolean): RawLine {
    let bytes: Buffer;
    let length = this.partialLength + tailLength;
    if (this.partial.length === 0) {
      bytes = tail.length > this.maxLineBytes ? tail.subarray(0, this.maxLineBytes) : tail;
    } else {
      const room = Math.max(0, this.maxLineBytes - this.partialKept);
      this.partial.push(tail.subarray(0, room));
      bytes = Buffer.concat(this.partial);
    }
    // `\r\n` endings: drop the `\r` (only when we still hold the line's last byte).
    if (terminated && length > 0 && bytes.length === length && bytes[bytes.length - 1] === CR) {
      bytes = bytes.subarray(0, bytes.length - 1);
      length -= 1;
    }
    const line: RawLine = { number: ++this.lineNumber, offset: this.lineStart, bytes, length };
    this.lineStart += this.partialLength + tailLength + (terminated ? 1 : 0);
    this.partial = [];
    this.partialKept = 0;
    this.partialLength = 0;
    return line;
  }
}
