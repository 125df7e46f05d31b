/**
 * Child process that compacts the gold tables of a benchmark lake, as a deployment runs `iplake compact` after
 * loading: every hour partition with several files (one per ETL run that touched it) becomes one file.
 * The replaced files are then vacuumed at once (retention 0: nothing else reads a bench lake), so the baseline's
 * hive glob over the gold directories sees exactly the live files, as on a vacuumed production lake.
 *   node bench/lib/compact-lake.mjs <dir>        (after `npm run build`; `npm run bench` does)
 * Records what it did in <dir>/manifest.json (`compaction`) and prints it as JSON on its last stdout line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../../dist/engine/index.js';
import { compactTable, vacuumTable } from '../../dist/etl/index.js';
import { ipAttributionGold, ipLookupGold } from '../../dist/lake/gold.js';
import { LocalStore } from '../../dist/storage/local.js';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('compact-lake: usage: compact-lake.mjs <dir>');
const manifestFile = path.join(dir, 'manifest.json');
const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
const store = new LocalStore(path.join(dir, 'lake'));
const engine = await Engine.create();
const started = performance.now();
const tables = {};
try {
  for (const spec of [ipLookupGold, ipAttributionGold]) {
    const result = await compactTable(store, spec, { engine });
    const vacuumed = await vacuumTable(store, spec, 0);
    tables[spec.name] = { partitions: result.partitions, filesRemoved: result.filesRemoved, filesAdded: result.filesAdded, filesDeleted: vacuumed.deleted.length };
  }
} finally {
  await engine.close();
}
manifest.compaction = { ms: Math.round(performance.now() - started), tables };
await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
console.log(JSON.stringify(manifest.compaction));
