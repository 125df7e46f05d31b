import type { GatewayContext } from './context.js';
import { toClientError } from './errors.js';

/**
 * Wraps a resolver that reaches the query layer: it gives up when the request's deadline passes (TIMEOUT)
 * and turns query-layer errors into client errors with stable codes.
 */
export function guarded<P, A, R>(
  fn: (parent: P, args: A, ctx: GatewayContext) => Promise<R> | R,
): (parent: P, args: A, ctx: GatewayContext) => Promise<R> {
  return async (parent, args, ctx) => {
    try {
      const result = fn(parent, args, ctx);
      // Only pending work can outlive the deadline: a plain value needs no race (and no extra promise per field).
      return await (isPromise(result) ? Promise.race([result, ctx.deadline]) : result);
    } catch (err) {
      throw toClientError(err);
    }
  };
}

function isPromise<R>(value: Promise<R> | R): value is Promise<R> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
