import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../src/storage/local.js';
import { runGatewaySuite } from './suite.js';

runGatewaySuite('local lake', {
  async create() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-gw-'));
    return { store: new LocalStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
  },
});
