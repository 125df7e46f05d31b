import { defineConfig } from 'vitest/config';

/** Runs the pending (known-failing) reliability tests, which the default suite leaves out by their name. */
export default defineConfig({
  root: new URL('../../..', import.meta.url).pathname,
  test: {
    include: ['test/reliability/pending/*.pending.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
