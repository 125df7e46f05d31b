/**
 * Buffered, backpressure-aware text files. Each line is encoded straight into a chunk while its pieces are still
 * hot in the cache (accumulating a 64 KiB rope and encoding it later measured slower: the rope's thousands of
 * small pieces are cold by then, and every young-generation collection has to copy them). Full chunks go to the
 * stream and come back for reuse once written, so no large buffer is allocated per chunk (large buffers count as
 * external memory and make V8 collect more often). When a stream reports a full buffer the caller is told to
 * await `drained()` before producing more, so memory stays bounded no matter how many lines are generated.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Bytes per write: large enough that syscalls stay a small share, small enough to stay in the cache. */
const CHUNK_BYTES = 128 * 1024;

export class BufferedTextFile {
  private chunk: Buffer;
  private used = 0;
  /** Chunks the stream has finished with; at most what fits in the stream's buffer plus one. */
  private readonly spare: Buffer[] = [];
  private readonly recycle: (chunk: Buffer) => void;
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private waiting = false;

  constructor(readonly path: string, private readonly waits: Promise<unknown>[]) {
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
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
    if (this.used + text.length + 1 > this.chunk.length) {
      this.flush();
      // A line longer than a chunk gets a chunk of its own (not recycled).
      if (text.length + 1 > this.chunk.length) this.chunk = Buffer.allocUnsafe(text.length + 1);
    }
    this.used += this.chunk.write(text, this.used, 'latin1');
    this.chunk[this.used++] = 10;
  }

  /** `ending`: the stream is about to end, and an ending stream never emits 'drain', so do not wait for it. */
  flush(ending = false): void {
    if (this.failure) throw this.failure;
    if (this.used === 0) return;
    const chunk = this.chunk;
    // The stream keeps the chunk until it is on disk; its callback hands it back for reuse.
    const ok = this.stream.write(chunk.subarray(0, this.used), () => this.recycle(chunk));
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
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
