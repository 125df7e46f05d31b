import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { StorageError } from '../storage/types.js';
import { UsageError, type Command } from './command.js';
import { commands } from './commands/index.js';

const overview = (): string =>
  [
    'iplake — who had this IP address at that time?',
    '',
    'Usage: iplake <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'A lake is a path (default ./lake) or s3://bucket/prefix: --lake or IPLAKE_LAKE.',
    'Run `iplake <command> --help` for the options of one command.',
  ].join('\n');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('iplake 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`iplake: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  return runCommand(command, rest);
}

async function runCommand(command: Command, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`iplake ${command.name}: ${(err as Error).message}\n\n${command.usage}\n`);
    return 2;
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${command.summary}\n\n${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (err) {
    return reportFailure(command.name, err);
  }
}

/** Known failures print one clear line; anything else also prints its stack for a bug report. */
function reportFailure(commandName: string, err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`iplake ${commandName}: ${err.message}\n`);
    return 2;
  }
  if (err instanceof StorageError || (err instanceof Error && err.name.endsWith('Error') && err.name !== 'Error' && err.name !== 'TypeError')) {
    process.stderr.write(`iplake ${commandName}: ${(err as Error).message}\n`);
    return 1;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`iplake ${commandName}: unexpected error (please report it):\n${message}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
