/** Resolve on the first SIGINT or SIGTERM: long-running commands then shut down gracefully. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export interface StdinWatch {
  /** Resolves when stdin ends: the process holding its other end (the parent gateway) has exited, even SIGKILLed. */
  ended: Promise<void>;
  /** Stop reading stdin, so it no longer keeps the process alive. */
  close(): void;
}

/**
 * Watch for the end of stdin, a pipe from the parent (`serve --etl-every` spawns `etl --every` this way): the kernel
 * closes it whenever the parent dies, so a child never outlives its gateway, however the gateway ended. Whatever
 * comes on stdin is discarded. Once it has ended, nobody reads stdout/stderr either: write errors there (EPIPE) are
 * ignored, so the run in progress can still finish and close the lake cleanly.
 */
export function watchStdinEnd(): StdinWatch {
  const stdin = process.stdin;
  let closing = false;
  const ended = new Promise<void>((resolve) => {
    const gone = (): void => {
      if (closing) return;
      for (const out of [process.stdout, process.stderr]) out.on('error', () => {});
      resolve();
    };
    stdin.once('end', gone);
    stdin.once('close', gone);
    stdin.once('error', gone);
  });
  stdin.resume();
  return {
    ended,
    close: () => {
      closing = true;
      stdin.destroy();
    },
  };
}
