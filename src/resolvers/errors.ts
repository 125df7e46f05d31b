import { GraphQLError } from 'graphql';
import { QueryInputError, QueryTimeoutError } from '../query/index.js';
import { StorageError } from '../storage/types.js';

/** The error codes clients can rely on (documented in schema.graphql). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TIMEOUT: 'TIMEOUT',
  LAKE_UNAVAILABLE: 'LAKE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** `Argument "at": "2026-13-01" is not an ISO 8601 date-time`: the argument is named in the message and extensions. */
export function badInput(argument: string, problem: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}": ${problem}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(new QueryTimeoutError(timeoutMs).message, { extensions: { code: ErrorCode.TIMEOUT, timeoutMs } });
}

/**
 * Errors from below the resolvers that clients should see with a stable code. Anything not listed stays as it is
 * and is masked as INTERNAL_SERVER_ERROR by the server (the original is logged with the request id).
 */
export function toClientError(err: unknown): unknown {
  if (err instanceof GraphQLError) return err;
  if (err instanceof QueryInputError) return badInput(err.field, err.message);
  if (err instanceof QueryTimeoutError) return timeoutError(err.timeoutMs);
  if (err instanceof StorageError && ['UNAVAILABLE', 'NO_SUCH_BUCKET', 'ACCESS_DENIED', 'MISSING_CREDENTIALS'].includes(err.code)) {
    return new GraphQLError('the lake cannot be read right now; try again later', {
      extensions: { code: ErrorCode.LAKE_UNAVAILABLE },
      originalError: err,
    });
  }
  return err;
}
