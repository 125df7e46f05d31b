/** What a long run reports as it goes; the CLI renders it on a TTY or as JSON log lines. */
export interface RunProgress {
  /** Run (checkpoint) version being executed. */
  version: number;
  phase: 'plan' | 'read' | 'commit' | 'gold' | 'done';
  objectsDone: number;
  objectsTotal: number;
  /** Raw lines read so far in this run. */
  lines: number;
  /** Decompressed bytes read so far in this run. */
  bytes: number;
  /** Decompressed bytes passed over to reach where this run starts in a gzip object an earlier run read part of. */
  skippedBytes: number;
  elapsedMs: number;
  linesPerSecond: number;
  /** Landing object being read, when reading. */
  object?: string;
  /** Table being committed, when committing. */
  table?: string;
}

/** Throttled progress reporting: at most one `read` event per interval, every phase change always. */
export class ProgressReporter {
  private lastEmit = 0;
  objectsDone = 0;
  lines = 0;
  bytes = 0;
  skippedBytes = 0;

  constructor(
    private readonly version: number,
    private readonly objectsTotal: number,
    private readonly startedAt: number,
    private readonly now: () => number,
    private readonly sink: ((progress: RunProgress) => void) | undefined,
    private readonly intervalMs = 500,
  ) {}

  emit(phase: RunProgress['phase'], extra: Pick<RunProgress, 'object' | 'table'> = {}, force = true): void {
    if (!this.sink) return;
    const now = this.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const elapsedMs = Math.max(0, now - this.startedAt);
    try {
      this.sink({
        version: this.version,
        phase,
        objectsDone: this.objectsDone,
        objectsTotal: this.objectsTotal,
        lines: this.lines,
        bytes: this.bytes,
        skippedBytes: this.skippedBytes,
        elapsedMs,
        linesPerSecond: elapsedMs > 0 ? Math.round((this.lines * 1000) / elapsedMs) : 0,
        ...extra,
      });
    } catch {
      // A broken progress renderer must never fail the pipeline.
    }
  }
}
