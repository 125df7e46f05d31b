import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** One JSON log line of the CLI (IPLAKE_LOG_FORMAT=json). */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Waits longer than this fail with what the process wrote (tests time out at 60 s). */
const DIAGNOSE_AFTER_MS = 40_000;

/**
 * The installed CLI (`bin/iplake.js` → dist/) as a long-running child process (`serve`, `demo`, `etl --every`): its
 * JSON log lines as they come, its GraphQL URL once it listens, a graceful stop, or a kill.
 */
export class CliProcess {
  readonly logs: LogLine[] = [];
  stdout = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private closed = false;
  private exitStatus: Exit | undefined;
  private readonly waiters: Array<() => void> = [];

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'bin/iplake.js'), ...args], {
      cwd: repoRoot,
      // NODE_ENV is not "test" as vitest sets it: the CLI must shut down in its own order even where libraries
      // (Apollo Server) install their own signal handlers.
      env: { ...process.env, NODE_ENV: 'development', IPLAKE_LOG_FORMAT: 'json', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stderr.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) this.logs.push(JSON.parse(line) as LogLine);
      this.wake();
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.stdout += d.toString();
      this.wake();
    });
    this.child.on('close', (code, signal) => {
      this.closed = true;
      this.exitStatus = { code, signal };
      this.wake();
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /**
   * Resolves when `test` holds on what the child has written; rejects if the child exits first, or after
   * `patienceMs` (below the test's timeout, so a hang fails with what the child wrote instead of a bare timeout).
   */
  async until<T>(what: string, test: () => T | undefined, patienceMs = DIAGNOSE_AFTER_MS): Promise<T> {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      this.wake();
    }, patienceMs);
    try {
      for (;;) {
        const found = test();
        if (found !== undefined) return found;
        if (this.closed) throw new Error(`iplake exited before ${what}:\n${this.describe()}`);
        if (expired) throw new Error(`still waiting for ${what}:\n${this.describe()}`);
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** What it wrote so far, for a failure message. */
  describe(): string {
    return `stdout:\n${this.stdout}\nlog:\n${this.logs.map((l) => JSON.stringify(l)).join('\n')}`;
  }

  /** The first log line with this message (or message prefix), once written. */
  log(prefix: string, nth = 1): Promise<LogLine> {
    return this.until(`log "${prefix}" #${nth}`, () => this.logs.filter((l) => l.msg.startsWith(prefix))[nth - 1]);
  }

  /** The base URL once the gateway prints where it listens. */
  url(): Promise<string> {
    return this.until('the gateway listens', () => /GraphQL(?: at|:) +(http:\/\/\S+)\/graphql/.exec(this.stdout)?.[1]);
  }

  async graphql(query: string): Promise<unknown> {
    const res = await fetch(`${await this.url()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return res.json();
  }

  /** SIGTERM, then how it exited. */
  stop(): Promise<Exit> {
    this.child.kill('SIGTERM');
    return this.exit('its exit after SIGTERM');
  }

  /** Close its stdin (as when the process holding the pipe is gone), then how it exited. */
  endStdin(): Promise<Exit> {
    this.child.stdin.end();
    return this.exit('its exit after the end of stdin');
  }

  /** SIGKILL, then how it exited: no chance to clean up. */
  killNow(): Promise<Exit> {
    this.child.kill('SIGKILL');
    return this.exit('its exit after SIGKILL');
  }

  private exit(what: string): Promise<Exit> {
    return this.until(what, () => this.exitStatus);
  }

  /** Last resort for a failed test: never leave a child behind. */
  kill(): void {
    if (!this.closed) this.child.kill('SIGKILL');
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
