import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Remove the per-process cache directories (named by their pid, beside `ownDir`) that killed processes left
 * behind: a process that exits cleanly removes its own, one killed with SIGKILL never does. A directory is
 * removed only when its process is gone and it has not been touched for `minAgeMs` (a pid may be reused,
 * and a process that just started may not have created its first file yet). Returns the directories removed.
 */
export async function sweepOrphanedProcessDirs(ownDir: string, minAgeMs: number, now = Date.now()): Promise<string[]> {
  const parent = path.dirname(ownDir);
  const own = path.basename(ownDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return []; // no parent yet: nothing to sweep
  }
  const removed: string[] = [];
  for (const name of names) {
    if (name === own || !/^\d+$/.test(name) || isAlive(Number(name))) continue;
    const dir = path.join(parent, name);
    const s = await stat(dir).catch(() => undefined);
    if (!s?.isDirectory() || now - s.mtimeMs < minAgeMs) continue;
    // Another process may sweep the same directory at the same time: force makes that harmless.
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** True when a process with this pid exists (EPERM: it exists but is not ours). */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
