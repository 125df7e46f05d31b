/** Resolve on the first SIGINT or SIGTERM: long-running commands then shut down gracefully. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
