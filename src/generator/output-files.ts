/**
 * Buffered, backpressure-aware text files. Lines are gathered into ~64 KiB chunks before each stream write;
 * when a stream reports a full buffer the caller is told to await `drained()` before producing more, so memory
 * stays bounded no matter how many lines are generated.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const CHUNK_CHARS = 64 * 1024;

export class BufferedTextFile {
  private pending = '';
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(readonly path: string, private readonly waits: Promise<unknown>[]) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure ??= new Error(`generate: cannot write ${path}: ${err.message}`);
    });
  }

  /** Appends one line (without its newline). */
  line(text: string): void {
    this.pending += text;
    this.pending += '\n';
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const ok = this.stream.write(this.pending);
    this.pending = '';
    if (!ok) this.waits.push(once(this.stream, 'drain'));
  }

  async close(): Promise<void> {
    this.flush();
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
