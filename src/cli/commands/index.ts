import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { etlCommand } from './etl.js';
import { generateCommand } from './generate.js';
import { ingestCommand } from './ingest.js';
import { compactCommand, vacuumCommand } from './maintenance.js';
import { serveCommand } from './serve.js';

/** Every `iplake` subcommand, in the order `iplake --help` lists them. */
export const commands: readonly Command[] = [
  serveCommand,
  etlCommand,
  ingestCommand,
  generateCommand,
  compactCommand,
  vacuumCommand,
  demoCommand,
];
