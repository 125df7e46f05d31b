import { landingSources, type LandingSource } from '../../etl/options.js';
import { lakeOption, stringFlag, UsageError, type Command } from '../command.js';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Copy log files into the landing area of a lake (the next ETL run picks them up).',
  usage: [
    'Usage: iplake ingest --lake L --source dhcp|ise FILE…',
    '',
    '  --source S   dhcp (Infoblox / ISC dhcpd syslog) or ise (Cisco ISE syslog); plain or .gz files',
  ].join('\n'),
  options: { ...lakeOption, source: { type: 'string', short: 's' } },
  positionals: true,
  async run(flags, files) {
    const source = stringFlag(flags, 'source');
    if (source === undefined || !landingSources.includes(source as LandingSource)) {
      throw new UsageError(`--source must be one of ${landingSources.join(', ')}`);
    }
    if (files.length === 0) throw new UsageError('name at least one FILE to ingest');
    const [{ openLake }, { ingestFiles }] = await Promise.all([import('../lake.js'), import('../../etl/landing.js')]);
    const lake = await openLake(flags);
    try {
      const keys = await ingestFiles(lake.store, source as LandingSource, files);
      for (const key of keys) process.stdout.write(`${lake.store.uri}/${key}\n`);
      return 0;
    } finally {
      await lake.close();
    }
  },
};
