import { allTables, tablePath } from '../../lake/index.js';
import type { ObjectStore } from '../../storage/types.js';
import type { TableSpec } from '../../table/types.js';
import { parseDuration } from '../../util/duration.js';
import { lakeOption, stringFlag, UsageError, type Command } from '../command.js';

/** Tables named by --table, or every table of the lake that exists. */
async function selectTables(store: ObjectStore, name: string | undefined): Promise<TableSpec[]> {
  const chosen = name === undefined ? allTables : allTables.filter((t) => t.name === name || tablePath(t) === name);
  if (chosen.length === 0) {
    throw new UsageError(`--table: no table "${name}"; tables are ${allTables.map(tablePath).join(', ')}`);
  }
  const existing: TableSpec[] = [];
  for (const spec of chosen) {
    if (await store.head(`${tablePath(spec)}/_delta_log/00000000000000000000.json`)) existing.push(spec);
  }
  return existing;
}

export const compactCommand: Command = {
  name: 'compact',
  summary: 'Merge the small files of each partition into one file (one commit per table).',
  usage: ['Usage: iplake compact --lake L [--table NAME]', '', '  --table NAME  only this table (e.g. gold/ip_lookup_gold)'].join('\n'),
  options: { ...lakeOption, table: { type: 'string' } },
  async run(flags) {
    const [{ openLake }, { compactTable }] = await Promise.all([import('../lake.js'), import('../../etl/maintenance.js')]);
    const lake = await openLake(flags);
    try {
      for (const spec of await selectTables(lake.store, stringFlag(flags, 'table'))) {
        const result = await compactTable(lake.store, spec, { cache: lake.cache });
        process.stdout.write(
          `${tablePath(spec)}: ${result.partitions} partition(s) compacted, ` +
            `${result.filesRemoved} file(s) → ${result.filesAdded}` +
            (result.version === null ? '' : ` (version ${result.version})`) +
            '\n',
        );
      }
      return 0;
    } finally {
      await lake.close();
    }
  },
};

export const vacuumCommand: Command = {
  name: 'vacuum',
  summary: 'Delete data files that no snapshot within the retention window needs (and orphans of crashed runs).',
  usage: [
    'Usage: iplake vacuum --lake L [--retain 7d] [--table NAME] [--dry-run]',
    '',
    '  --retain DUR  keep files any snapshot of the last DUR needs (default 7d; at least 1h)',
    '  --dry-run     list what would be deleted',
  ].join('\n'),
  options: { ...lakeOption, retain: { type: 'string' }, table: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(flags) {
    const retainText = stringFlag(flags, 'retain') ?? '7d';
    const retainMs = parseDuration(retainText);
    if (retainMs === undefined || retainMs < 3_600_000) {
      // Shorter windows could delete files a running ETL has written but not yet committed.
      throw new UsageError(`--retain: "${retainText}" must be a duration of at least 1h (e.g. 7d)`);
    }
    const dryRun = flags['dry-run'] === true;
    const [{ openLake }, { vacuumTable }] = await Promise.all([import('../lake.js'), import('../../etl/maintenance.js')]);
    const lake = await openLake(flags);
    try {
      for (const spec of await selectTables(lake.store, stringFlag(flags, 'table'))) {
        const result = await vacuumTable(lake.store, spec, retainMs, { dryRun });
        process.stdout.write(`${tablePath(spec)}: ${dryRun ? 'would delete' : 'deleted'} ${result.deleted.length} file(s), kept ${result.kept}\n`);
        if (dryRun) for (const file of result.deleted) process.stdout.write(`  ${file}\n`);
      }
      return 0;
    } finally {
      await lake.close();
    }
  },
};
