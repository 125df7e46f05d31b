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
      return await Promise.race([Promise.resolve().then(() => fn(parent, args, ctx)), ctx.deadline]);
    } catch (err) {
      throw toClientError(err);
    }
  };
}
