import { afterAll, beforeAll } from 'vitest';
import { startS3, type S3Harness } from '../helpers/s3.js';
import { runGatewaySuite } from './suite.js';

let s3: S3Harness;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.stop();
});

runGatewaySuite('lake on s3rver', {
  async create() {
    const store = await s3.store();
    return { store, dispose: () => store.close() };
  },
});
