import type { ObjectStore } from '../storage/types.js';
import { readIntent, readLease, writeLease, type Lease } from './checkpoint.js';

/** Another live process is executing run `version`. */
export class EtlBusyError extends Error {
  constructor(
    readonly version: number,
    readonly holder: string,
    readonly until: number,
  ) {
    super(
      `etl: another ETL run (${holder}) is executing run ${version} of this lake (lease valid until ${new Date(until).toISOString()}); ` +
        'this run exits without changing anything — retry later, or use onBusy: "wait"',
    );
    this.name = 'EtlBusyError';
  }
}

/** Who holds run n, if anyone alive does: a fresh lease, or a just-created intent whose lease is not written yet. */
export async function liveHolder(
  store: ObjectStore,
  version: number,
  now: number,
  leaseMs: number,
  self: string,
): Promise<{ holder: string; until: number } | undefined> {
  const lease = await readLease(store, version);
  if (lease) {
    if (lease.runId === self || lease.expiresAt <= now) return undefined;
    return { holder: `${lease.owner}, run id ${lease.runId}`, until: lease.expiresAt };
  }
  const intent = await readIntent(store, version);
  if (intent && intent.runId !== self && intent.createdAt + leaseMs > now) {
    return { holder: `${intent.owner}, run id ${intent.runId}`, until: intent.createdAt + leaseMs };
  }
  return undefined;
}

/**
 * Keeps this process's lease on run n fresh until stopped. Heartbeat failures are remembered, not thrown:
 * correctness does not depend on the lease (txn idempotency does), only how soon others take over.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  lastError: unknown;

  constructor(
    private readonly store: ObjectStore,
    private readonly lease: Omit<Lease, 'heartbeatAt' | 'expiresAt'>,
    private readonly leaseMs: number,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((err: unknown) => {
        this.lastError = err;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Give the run up at once (it failed in this live process): the next run may resume it without waiting. */
  async release(): Promise<void> {
    this.stop();
    const now = this.now();
    await writeLease(this.store, { ...this.lease, heartbeatAt: now, expiresAt: now });
  }

  private async beat(): Promise<void> {
    const now = this.now();
    await writeLease(this.store, { ...this.lease, heartbeatAt: now, expiresAt: now + this.leaseMs });
  }
}
