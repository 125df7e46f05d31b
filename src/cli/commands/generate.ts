import { intFlag, stringFlag, UsageError, type Command } from '../command.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write realistic, deterministic ISE and DHCP logs plus their ground truth (truth.jsonl).',
  usage: [
    'Usage: iplake generate --out DIR [--start ISO] [--days N] [--devices N] [--users N] [--seed N] [--noise RATE]',
    '',
    '  --out DIR      output directory: DIR/dhcp/*.log, DIR/ise/*.log, DIR/truth.jsonl',
    '  --start ISO    first instant (default: UTC midnight N days before today)',
    '  --days N       days of logs (default 7)',
    '  --devices N    endpoints: laptops, phones, IoT (default 500)',
    '  --users N      people (default devices/2)',
    '  --seed N       PRNG seed (default 1); same options give byte-identical output',
    '  --noise RATE   share of malformed and irrelevant lines, 0..0.5 (default 0.005)',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o' },
    start: { type: 'string' },
    days: { type: 'string' },
    devices: { type: 'string' },
    users: { type: 'string' },
    seed: { type: 'string' },
    noise: { type: 'string' },
  },
  async run(flags) {
    const out = stringFlag(flags, 'out');
    if (!out) throw new UsageError('--out DIR is required');
    const noiseText = stringFlag(flags, 'noise');
    const noiseRate = noiseText === undefined ? undefined : Number(noiseText);
    if (noiseRate !== undefined && Number.isNaN(noiseRate)) throw new UsageError(`--noise: "${noiseText}" is not a number`);
    const { generate } = await import('../../generator/index.js');
    const summary = await generate({
      out,
      start: stringFlag(flags, 'start'),
      days: intFlag(flags, 'days', 1),
      devices: intFlag(flags, 'devices', 1),
      users: intFlag(flags, 'users', 1),
      seed: intFlag(flags, 'seed', 0),
      noiseRate,
    });
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  },
};
