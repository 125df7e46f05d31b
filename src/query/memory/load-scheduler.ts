/** Background tasks run at once: two keep a wide question's files coming without starving requests. */
const DEFAULT_CONCURRENCY = 2;
/** Background tasks kept waiting at most: past it, a wide question's loads are dropped (DuckDB still answers). */
const DEFAULT_MAX_BACKLOG = 20_000;

export interface LoadSchedulerOptions {
  concurrency?: number;
  maxBacklog?: number;
}

/**
 * Who goes first between the reads a request waits for (foreground) and the loads that fill the memory index
 * behind it (background). Background tasks are queued once per key and run a few at a time, only while no
 * foreground read runs: a chunk's string conversion holds the thread for tens of ms and must not land inside
 * a waiting request's latency. A failed background task is dropped (DuckDB answers the requests that need it,
 * and reports the problem there).
 */
export class LoadScheduler {
  private readonly concurrency: number;
  private readonly maxBacklog: number;
  private readonly backlog: (() => Promise<unknown>)[] = [];
  private readonly queued = new Set<string>();
  private draining = 0;
  private foreground = 0;
  private readonly idle: (() => void)[] = [];

  constructor(options: LoadSchedulerOptions = {}) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG;
  }

  /** Background tasks queued or running (0 once every queued load has finished). */
  get pending(): number {
    return this.backlog.length + this.draining;
  }

  /** Queue tasks (once per key while queued) to run in the background. */
  background(tasks: readonly (readonly [key: string, task: () => Promise<unknown>])[]): void {
    for (const [key, task] of tasks) {
      if (this.queued.has(key) || this.backlog.length >= this.maxBacklog) continue;
      this.queued.add(key);
      this.backlog.push(() => {
        this.queued.delete(key);
        return task();
      });
    }
    for (let i = 0; i < this.concurrency; i += 1) void this.drain();
  }

  /** A read a request waits for: background tasks hold back until none is running. */
  async foregroundRead<V>(work: Promise<V>): Promise<V> {
    this.foreground += 1;
    try {
      return await work;
    } finally {
      this.foreground -= 1;
      if (this.foreground === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /**
   * Resolves once no foreground read runs, a macrotask later: the request those reads served finishes its
   * answer (GraphQL, JSON) before a background task takes the thread.
   */
  private async untilIdle(): Promise<void> {
    do {
      while (this.foreground > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.foreground > 0);
  }

  private async drain(): Promise<void> {
    if (this.draining >= this.concurrency) return;
    this.draining += 1;
    try {
      for (;;) {
        await this.untilIdle();
        const task = this.backlog.shift();
        if (!task) break;
        await task().catch(() => undefined);
      }
    } finally {
      this.draining -= 1;
    }
  }
}
