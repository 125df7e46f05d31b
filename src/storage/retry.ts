/** How hard to try before giving up on a transient failure. */
export interface RetryPolicy {
  /** Total tries, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the caller learns when every attempt failed: the last error plus how many tries it took. */
export interface RetryOutcome {
  attempts: number;
}

/**
 * Run `attempt` until it succeeds, the error is not transient, or the policy runs out.
 * Backoff is exponential with full jitter, so many clients hitting one throttled endpoint spread out.
 * `onGiveUp` turns the final error into the one thrown (it knows how many attempts were made).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  isTransient: (err: unknown) => boolean,
  onGiveUp: (err: unknown, outcome: RetryOutcome) => Error,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= policy.maxAttempts || !isTransient(err)) throw onGiveUp(err, { attempts: n });
      await sleep(backoffDelay(policy, n));
    }
  }
}

/** Delay before try n+1: uniform in [0, min(max, base * 2^(n-1))]. */
export function backoffDelay(policy: RetryPolicy, failedAttempts: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.random() * ceiling;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
