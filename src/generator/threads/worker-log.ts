/**
 * The log output of the two-thread mode: the simulation's events are recorded into number batches (./event-batch)
 * and a worker thread (./log-worker) renders and writes them, so simulating and formatting run side by side.
 * At most MAX_BATCHES_IN_FLIGHT batches are on their way or being written: the simulation waits beyond that, and
 * the worker returns a batch only once its files can take more, so memory stays bounded in both directions.
 */
import type { Worker } from 'node:worker_threads';
import type { LogEvents } from '../log-events.js';
import type { LogOutput, LogResult } from '../log-output.js';
import type { ResolvedGenerateOptions } from '../options.js';
import { BATCH_SLOTS, BatchRecorder } from './event-batch.js';
import { startWorker } from '../../util/worker.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/** Enough to keep both threads busy across a batch hand-over; each batch is 256 KiB. */
const MAX_BATCHES_IN_FLIGHT = 4;

export class WorkerLog implements LogOutput {
  readonly events: LogEvents;
  private readonly worker: Worker;
  private readonly recorder: BatchRecorder;
  private readonly spare: Float64Array[] = [];
  private inFlight = 0;
  private written = 0;
  private failure: Error | null = null;
  /** Settled when a batch comes back, the worker finishes, or it fails. */
  private wake: (() => void) | null = null;
  private result: LogResult | null = null;
  private exited = false;
  private readonly exit: Promise<number>;

  constructor(options: ResolvedGenerateOptions) {
    const setup: WorkerSetup = { options };
    this.worker = startWorker(new URL('./log-worker.js', import.meta.url), { workerData: setup });
    this.exit = new Promise((resolve) => {
      this.worker.on('exit', (code) => {
        this.exited = true;
        if (this.result === null) this.fail(new Error(`generate: the log writer thread stopped (exit code ${code}) before writing everything`));
        resolve(code);
      });
    });
    this.worker.on('error', (err) => this.fail(new Error(`generate: the log writer thread failed: ${err.message}`)));
    this.worker.on('messageerror', (err) => this.fail(new Error(`generate: cannot read a message from the log writer thread: ${err.message}`)));
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.recorder = new BatchRecorder(
      () => this.spare.pop() ?? new Float64Array(BATCH_SLOTS),
      (batch, used) => this.post({ type: 'batch', buffer: batch.buffer as ArrayBuffer, used }, [batch.buffer as ArrayBuffer]),
    );
    this.events = this.recorder;
  }

  get congested(): boolean {
    return this.inFlight >= MAX_BATCHES_IN_FLIGHT || this.failure !== null;
  }

  async drained(): Promise<void> {
    while (this.failure === null && this.inFlight >= MAX_BATCHES_IN_FLIGHT) await this.nextWake();
    if (this.failure) throw this.failure;
  }

  get lines(): number {
    return this.written;
  }

  async finish(): Promise<LogResult> {
    if (this.failure) throw this.failure;
    this.recorder.flush();
    this.post({ type: 'end' });
    while (this.failure === null && this.result === null) await this.nextWake();
    const result = this.result;
    if (this.failure !== null || result === null) throw this.failure ?? new Error('generate: the log writer thread gave no result');
    // Its files are closed: nothing is lost if it is stopped rather than left to wind down.
    if (!this.exited) await this.worker.terminate();
    await this.exit;
    return result;
  }

  async abort(): Promise<void> {
    if (!this.exited) await this.worker.terminate().catch(() => undefined);
  }

  private post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    if (message.type === 'batch') this.inFlight++;
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'batch-done':
        this.inFlight--;
        this.written = message.lines;
        this.spare.push(new Float64Array(message.buffer));
        break;
      case 'finished':
        this.written = message.counts.dhcp + message.counts.ise;
        this.result = { counts: message.counts, files: message.files };
        break;
      case 'failed':
        this.fail(new Error(`generate: the log writer thread failed: ${message.message}`));
        return;
    }
    this.notify();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private nextWake(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

