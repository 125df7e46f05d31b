/**
 * Errors the query layer raises for requests it cannot serve as asked. Resolvers turn them into
 * GraphQL errors with a stable code; anything else escaping the layer is an internal fault.
 */

/** The request itself is wrong (e.g. a cursor that was not issued by this server). */
export class QueryInputError extends Error {
  constructor(
    /** The request field at fault, e.g. `after`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryInputError';
  }
}

/** The request ran out of time; work already queued is abandoned. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the request did not finish within ${timeoutMs} ms: narrow the time window or ask for fewer entities`);
    this.name = 'QueryTimeoutError';
  }
}
