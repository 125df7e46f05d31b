import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeltaTable, vacuum } from '../../src/table/index.js';
import { allTypesSpec, tempStore } from './helpers.js';

let env: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  env = await tempStore();
});
afterEach(async () => {
  await env.cleanup();
});

const root = 'silver/all_types';
const HOUR = 3_600_000;

/** What a process killed between writing a temporary file and renaming it leaves behind. */
async function strayTemp(dirKey: string, name: string, ageMs: number, now: number): Promise<string> {
  const dir = env.store.localPath(dirKey);
  const file = path.join(dir, name);
  await writeFile(file, 'half-written');
  const when = new Date(now - ageMs);
  await utimes(file, when, when);
  return `${dirKey}/${name}`;
}

describe('vacuum and crashed writers', () => {
  it('deletes temporary files older than the retention, keeps young ones, and lists never show them', async () => {
    const table = await DeltaTable.create(env.store, allTypesSpec, { checkpointInterval: 0 });
    await env.store.put(`${root}/dt=2026-11-28/hr=09/part-1.parquet`, new TextEncoder().encode('data'));
    const now = Date.now();
    const oldData = await strayTemp(`${root}/dt=2026-11-28/hr=09`, '.iplake-tmp-0b7e', 3 * HOUR, now);
    const oldLog = await strayTemp(`${root}/_delta_log`, '.iplake-tmp-51ac', 3 * HOUR, now);
    const young = await strayTemp(`${root}/dt=2026-11-28/hr=09`, '.iplake-tmp-9f00', 60_000, now);

    const listed: string[] = [];
    for await (const o of env.store.list(`${root}/`)) listed.push(o.key);
    expect(listed.some((k) => k.includes('.iplake-tmp-'))).toBe(false);
    const temps: string[] = [];
    for await (const o of env.store.listTemporaries(`${root}/`)) temps.push(o.key);
    expect(temps.sort()).toEqual([oldLog, oldData, young].sort());

    const dry = await vacuum(table, HOUR, { now, dryRun: true });
    expect(dry.deleted.filter((k) => k.includes('.iplake-tmp-')).sort()).toEqual([oldData, oldLog].sort());
    expect(await env.store.head(oldData)).toBeDefined();

    await vacuum(table, HOUR, { now });
    expect(await env.store.head(oldData)).toBeUndefined();
    expect(await env.store.head(oldLog)).toBeUndefined();
    expect(await env.store.head(young)).toBeDefined();
    // The committed log is untouched: the table still opens.
    expect((await DeltaTable.open(env.store, allTypesSpec)).snapshot().version).toBe(0);
  });
});
