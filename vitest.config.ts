import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: keep file-level parallelism modest so DuckDB and s3rver tests do not starve each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
