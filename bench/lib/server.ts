import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The gateway under test runs in its own process, started the way an operator would (`startServer`), so its
 * RSS is its own and the load generator does not share its event loop.
 */
export interface ServerProcess {
  url: string;
  pid: number;
  rssMB(): number;
  stop(): Promise<void>;
}

export async function startServerProcess(lake: string, cacheDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // The compiled gateway, as `iplake serve` runs it (see server-child.mjs).
  const script = new URL('./server-child.mjs', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, lake, cacheDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const match = /^listening (\S+)$/m.exec(out);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench: the gateway process exited (${code}) before listening: ${out}`)));
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    rssMB: () => rssOf(pid),
    stop: () => stop(child),
  };
}

/** Resident set of a process from /proc (Linux), MB. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** POST one GraphQL query; throws with the server's errors so a broken answer never counts as a fast one. */
export async function graphql(url: string, query: string): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`bench: the gateway answered with errors: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}
