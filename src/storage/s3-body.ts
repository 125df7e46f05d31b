import { Readable } from 'node:stream';
import { backoffDelay, type RetryPolicy } from './retry.js';
import { isTransient, TruncatedBodyError } from './s3-errors.js';

/**
 * Read a response body that announced `expected` bytes. A dropped connection can end a body early without
 * an error event, so the count is checked here rather than trusted.
 */
export async function readExactly(body: Readable, expected: number): Promise<Uint8Array> {
  const out = Buffer.allocUnsafe(expected);
  let received = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (received + chunk.length > expected) {
        throw new Error(`body longer than its Content-Length ${expected}`);
      }
      chunk.copy(out, received);
      received += chunk.length;
    }
  } finally {
    body.destroy();
  }
  if (received !== expected) throw new TruncatedBodyError(expected, received);
  return new Uint8Array(out.buffer, out.byteOffset, expected);
}

/**
 * A stream of `total` bytes that survives dropped connections: when the body fails or ends short, it asks
 * `reopen(offset)` for the rest (an absolute-range GET) and carries on, at most `policy.maxAttempts` times in a row.
 * `describe` turns a final failure into the error the consumer sees.
 */
export function resumableStream(
  first: Readable,
  total: number,
  reopen: (offset: number) => Promise<Readable>,
  policy: RetryPolicy,
  describe: (err: unknown, attempts: number) => Error,
): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let body = first;
    let offset = 0;
    let failures = 0;
    for (;;) {
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          offset += chunk.length;
          if (offset > total) throw new Error(`body longer than its Content-Length ${total}`);
          failures = 0;
          yield chunk;
        }
        if (offset === total) return;
        throw new TruncatedBodyError(total, offset);
      } catch (err) {
        body.destroy();
        failures += 1;
        if (!isTransient(err) || failures >= policy.maxAttempts) throw describe(err, failures);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(policy, failures)));
        body = await reopen(offset);
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
