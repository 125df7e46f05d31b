/**
 * Figures of the reliability scripts, merged into bench/results/reliability.json (one section per script),
 * with the command that reproduces each section and the machine it ran on.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsFile = path.join(repoRoot, 'bench', 'results', 'reliability.json');

export async function saveSection(name: string, command: string, figures: unknown): Promise<void> {
  await mkdir(path.dirname(resultsFile), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // First section: start a new file.
  }
  all[name] = {
    command,
    ranAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round(os.loadavg()[0] ?? 0) },
    figures,
  };
  await writeFile(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(`${name}: figures written to ${path.relative(repoRoot, resultsFile)}\n`);
}

/** `--name value` flags as numbers, with defaults. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name}: expected a number, got ${process.argv[i + 1]}`);
  return value;
}
