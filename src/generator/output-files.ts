/**
 * Buffered, backpressure-aware text files. Lines are appended to one pending string (V8 keeps the appends as a
 * cheap rope) and every ~64 KiB the rope is encoded once into a recycled chunk and handed to the stream: one
 * encode call per chunk instead of one per line, and no fresh 64 KiB allocation per chunk (large buffers count
 * as external memory and would make V8 collect more often). When a stream reports a full buffer the caller is
 * told to await `drained()` before producing more, so memory stays bounded no matter how many lines are generated.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Pending characters (= bytes, latin1) that trigger a write. */
const FLUSH_CHARS = 64 * 1024;
/** Chunks are sized for a full flush plus the line that crossed the threshold; longer text gets its own buffer. */
const CHUNK_BYTES = FLUSH_CHARS + 16 * 1024;

export class BufferedTextFile {
  private pending = '';
  /** Chunks the stream has finished with, ready for reuse; at most what fits in the stream's buffer plus one. */
  private readonly spare: Buffer[] = [];
  private readonly recycle: (chunk: Buffer) => void;
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private waiting = false;

  constructor(readonly path: string, private readonly waits: Promise<unknown>[]) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure ??= new Error(`generate: cannot write ${path}: ${err.message}`);
    });
    this.recycle = (chunk) => {
      if (chunk.length === CHUNK_BYTES) this.spare.push(chunk);
    };
  }

  /**
   * Appends one line (without its newline). Text is written as latin1, one byte per character: every generated
   * line is ASCII except deliberate garbage, whose U+0080..U+00FF characters become raw (invalid UTF-8) bytes.
   */
  line(text: string): void {
    this.pending += `${text}\n`;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  /** `ending`: the stream is about to end, and an ending stream never emits 'drain', so do not wait for it. */
  flush(ending = false): void {
    if (this.failure) throw this.failure;
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = '';
    const chunk = text.length <= CHUNK_BYTES ? this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES) : Buffer.allocUnsafe(text.length);
    const bytes = chunk.write(text, 0, 'latin1');
    // The stream keeps the chunk until it is on disk; its callback hands it back for reuse.
    const ok = this.stream.write(chunk.subarray(0, bytes), () => this.recycle(chunk));
    // One wait per file is enough: 'drain' means everything written so far has left the buffer.
    if (!ok && !ending && !this.waiting) {
      this.waiting = true;
      this.waits.push(this.drainedOrEnded().finally(() => {
        this.waiting = false;
      }));
    }
  }

  /** Settles on 'drain', or on 'finish'/'close' (an ending stream never emits 'drain'); rejects on error. */
  private drainedOrEnded(): Promise<void> {
    const s = this.stream;
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        cleanup();
        resolve();
      };
      const fail = (err: Error): void => {
        cleanup();
        reject(this.failure ?? new Error(`generate: cannot write ${this.path}: ${err.message}`));
      };
      const cleanup = (): void => {
        s.off('drain', done);
        s.off('finish', done);
        s.off('close', done);
        s.off('error', fail);
      };
      s.on('drain', done);
      s.on('finish', done);
      s.on('close', done);
      s.on('error', fail);
    });
  }

  async close(): Promise<void> {
    this.flush(true);
    this.stream.end();
    try {
      await finished(this.stream);
    } catch (err) {
      throw this.failure ?? new Error(`generate: cannot finish ${this.path}: ${(err as Error).message}`);
    }
    if (this.failure) throw this.failure;
  }
}

/** Shared list of pending 'drain' waits plus the files that registered them. */
export class Backpressure {
  readonly waits: Promise<unknown>[] = [];

  get congested(): boolean {
    return this.waits.length > 0;
  }

  async drained(): Promise<void> {
    const waits = this.waits.splice(0);
    await Promise.all(waits);
  }
}
