/**
 * Where the simulation's log events go, with flow control: rendered and written in this thread (LogFiles, below)
 * or recorded and replayed by a worker thread (./threads/worker-log). Both end in the same LogRenderer and
 * LogWriter, so they write the same bytes.
 */
import type { Enterprise } from './enterprise.js';
import type { LogEvents } from './log-events.js';
import { LogRenderer } from './log-renderer.js';
import { LogWriter, type LineCounts } from './log-writer.js';
import type { ResolvedGenerateOptions } from './options.js';
import { Backpressure } from './output-files.js';
import { Rng, STREAM } from './rng.js';

export interface LogResult {
  counts: LineCounts;
  /** Relative paths of every log file, in creation order. */
  files: string[];
}

export interface LogOutput {
  readonly events: LogEvents;
  /** True when the producer must await drained() before reporting more events (bounded memory). */
  readonly congested: boolean;
  drained(): Promise<void>;
  /** Lines written so far (behind the events reported when a worker writes them). */
  readonly lines: number;
  /** After the last event: writes everything out and closes the files. */
  finish(): Promise<LogResult>;
  /** After a failure: releases files (and threads) without waiting for a result; never throws. */
  abort(): Promise<void>;
}

/** Renders and writes in the calling thread. */
export class LogFiles implements LogOutput {
  readonly events: LogEvents;
  private readonly backpressure = new Backpressure();
  private readonly writer: LogWriter;

  constructor(o: ResolvedGenerateOptions, enterprise: Enterprise) {
    this.writer = new LogWriter(o.out, enterprise, new Rng(o.seed, STREAM.noise), o.noiseRate, this.backpressure);
    this.events = new LogRenderer(enterprise, this.writer);
  }

  get congested(): boolean {
    return this.backpressure.congested;
  }

  drained(): Promise<void> {
    return this.backpressure.drained();
  }

  get lines(): number {
    return this.writer.counts.dhcp + this.writer.counts.ise;
  }

  async finish(): Promise<LogResult> {
    await this.backpressure.drained();
    await this.writer.close();
    await this.backpressure.drained();
    return { counts: { ...this.writer.counts }, files: [...this.writer.files] };
  }

  async abort(): Promise<void> {
    await Promise.allSettled([this.writer.close(), ...this.backpressure.waits.splice(0)]);
  }
}
