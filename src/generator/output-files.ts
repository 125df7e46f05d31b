/**
 * Buffered, backpressure-aware text files. Lines are encoded straight into ~256 KiB chunks (no string
 * concatenation: encoding ropes was the generator's hottest spot) and each full chunk goes to the stream;
 * when a stream reports a full buffer the caller is told to await `drained()` before producing more, so memory
 * stays bounded no matter how many lines are generated.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

const CHUNK_BYTES = 256 * 1024;

export class BufferedTextFile {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private waiting = false;

  constructor(readonly path: string, private readonly waits: Promise<unknown>[]) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure ??= new Error(`generate: cannot write ${path}: ${err.message}`);
    });
  }

  /**
   * Appends one line (without its newline). Text is written as latin1, one byte per character: every generated
   * line is ASCII except deliberate garbage, whose U+0080..U+00FF characters become raw (invalid UTF-8) bytes.
   */
  line(text: string): void {
    if (this.used + text.length + 1 > this.chunk.length) {
      this.flush();
      if (text.length + 1 > this.chunk.length) this.chunk = Buffer.allocUnsafe(text.length + 1);
    }
    this.used += this.chunk.write(text, this.used, 'latin1');
    this.chunk[this.used++] = 10;
  }

  /** `ending`: the stream is about to end, and an ending stream never emits 'drain', so do not wait for it. */
  flush(ending = false): void {
    if (this.failure) throw this.failure;
    if (this.used === 0) return;
    // The stream keeps the written chunk until it is on disk: hand it over and start a fresh one.
    const ok = this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
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
