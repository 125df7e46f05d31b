import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the installed CLI (`bin/iplake.js` → dist/, built by `npm test` and `npm install`), as `iplake ...args`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/iplake.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, IPLAKE_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * UTC midnight of the latest Monday-to-Friday before today, for `generate --start`: the generator's default start is
 * yesterday, and on a weekend day its devices log far less (the generator's clocks must stay within a year of now).
 */
export function lastWeekday(): string {
  const day = 86_400_000;
  let t = Math.floor(Date.now() / day) * day - day;
  while ([0, 6].includes(new Date(t).getUTCDay())) t -= day;
  return new Date(t).toISOString();
}
