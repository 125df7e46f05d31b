import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const load = (env: NodeJS.ProcessEnv, flags: { lake?: string; host?: string; port?: string } = {}) => loadConfig({ flags, env });

describe('configuration from flags and environment', () => {
  it('uses the defaults when nothing is set', () => {
    const config = load({});
    expect(config.lake).toBe('./lake');
    expect(config.server.port).toBe(4000);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.apiKeys).toEqual([]);
    expect(config.server.memoryIndexBytes).toBeUndefined();
  });

  it('lets flags win over the environment', () => {
    const config = load({ IPLAKE_LAKE: '/env/lake', IPLAKE_PORT: '5000' }, { lake: '/flag/lake', port: '6000' });
    expect(config.lake).toBe('/flag/lake');
    expect(config.server.port).toBe(6000);
  });

  it('reads sizes in MB: the S3 file cache and the in-memory index (0 turns the index off)', () => {
    const config = load({ IPLAKE_CACHE_MAX_MB: '512', IPLAKE_MEMORY_INDEX_MB: '64' });
    expect(config.server.cacheMaxBytes).toBe(512 * 1024 ** 2);
    expect(config.server.memoryIndexBytes).toBe(64 * 1024 ** 2);
    expect(load({ IPLAKE_MEMORY_INDEX_MB: '0' }).server.memoryIndexBytes).toBe(0);
  });

  it('reads the snapshot max age as a duration; 0 checks for new commits on every request', () => {
    expect(load({}).server.snapshotMaxAgeMs).toBeUndefined();
    expect(load({ IPLAKE_SNAPSHOT_MAX_AGE: '1s' }).server.snapshotMaxAgeMs).toBe(1000);
    expect(load({ IPLAKE_SNAPSHOT_MAX_AGE: '250ms' }).server.snapshotMaxAgeMs).toBe(250);
    expect(load({ IPLAKE_SNAPSHOT_MAX_AGE: '0' }).server.snapshotMaxAgeMs).toBe(0);
  });

  it('caps the ETL heap at 512 MB by default; IPLAKE_ETL_HEAP_MB sets it, 0 lifts it', () => {
    expect(load({}).etl.heapMb).toBe(512);
    expect(load({ IPLAKE_ETL_HEAP_MB: '768' }).etl.heapMb).toBe(768);
    expect(load({ IPLAKE_ETL_HEAP_MB: '0' }).etl.heapMb).toBe(0);
  });

  it.each([
    [{ IPLAKE_ETL_HEAP_MB: 'lots' }, 'IPLAKE_ETL_HEAP_MB: "lots" is not a whole number of MB ≥ 64 (or 0 for no cap)'],
    [{ IPLAKE_ETL_HEAP_MB: '32' }, 'IPLAKE_ETL_HEAP_MB: "32" is not a whole number of MB ≥ 64'],
    [{ IPLAKE_ETL_HEAP_MB: '512.5' }, 'IPLAKE_ETL_HEAP_MB: "512.5" is not a whole number'],
    [{ IPLAKE_ETL_HEAP_MB: '' }, 'IPLAKE_ETL_HEAP_MB: "" is not a whole number'],
    [{ IPLAKE_SNAPSHOT_MAX_AGE: 'often' }, 'IPLAKE_SNAPSHOT_MAX_AGE: "often" is not a duration such as 1s, 250ms or 0'],
    [{ IPLAKE_SNAPSHOT_MAX_AGE: '-1s' }, 'IPLAKE_SNAPSHOT_MAX_AGE: "-1s" is not a duration'],
    [{ IPLAKE_MEMORY_INDEX_MB: '-1' }, 'IPLAKE_MEMORY_INDEX_MB: "-1" is not a number ≥ 0'],
    [{ IPLAKE_MEMORY_INDEX_MB: 'lots' }, 'IPLAKE_MEMORY_INDEX_MB: "lots" is not a number ≥ 0'],
    [{ IPLAKE_CACHE_MAX_MB: '0' }, 'IPLAKE_CACHE_MAX_MB: "0" is not a number ≥ 1'],
    [{ IPLAKE_PORT: '70000' }, '--port / IPLAKE_PORT: "70000" is not a TCP port (0-65535)'],
    [{ IPLAKE_API_KEYS: 'short' }, 'IPLAKE_API_KEYS: every key must be at least 16 characters'],
    [{ IPLAKE_REQUEST_TIMEOUT: 'soon' }, 'IPLAKE_REQUEST_TIMEOUT: "soon" is not a duration'],
    [{ IPLAKE_LOG_LEVEL: 'loud' }, 'IPLAKE_LOG_LEVEL: "loud" is not one of'],
  ])('rejects %o with a message naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});
