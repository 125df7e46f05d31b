import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { IplakeConfig } from '../config/config.js';
import type { RunSummary } from '../etl/summary.js';
import { parseDuration } from '../util/duration.js';
import { gatewayAfterRun, logRunSummary, type EmbeddedEtlGateway, type EmbeddedRunOutcome } from './embedded-etl.js';

/** The CLI the child runs: bin/iplake.js, two levels up from dist/cli/. */
const cliEntry = fileURLToPath(new URL('../../bin/iplake.js', import.meta.url));

/** How long a stopping child may take to finish its run in progress before it is killed. */
const CHILD_STOP_TIMEOUT_MS = 120_000;

/** Stderr lines of the child kept for the error that reports its death. */
const STDERR_TAIL_LINES = 20;

/** The child's file cache, inside a configured IPLAKE_CACHE_DIR: a cache directory belongs to one process. */
const CHILD_CACHE_SUBDIR = 'etl';

export interface EmbeddedEtlChildOptions extends EmbeddedEtlGateway {
  /** The gateway's validated config: the child gets the same lake and log format. */
  config: IplakeConfig;
}

export interface EmbeddedEtl {
  /** Stop the schedule after the run in progress (and any pending restart); resolves once the child is gone. */
  stop(): Promise<void>;
}

/**
 * `serve --etl-every` with the ETL in a child process: `iplake etl --every DUR --json` on the same lake (which runs
 * it in its own heap-capped worker). A separate process, so neither the ETL's heap, its GC pauses nor a native
 * crash can reach the gateway. Each JSON summary the child prints is one finished run: the gateway refreshes its
 * snapshots (its commits show at once), then logs a completed run's summary. The child's log lines are forwarded.
 *
 * A child that dies (out of heap, a signal, any non-zero exit) is logged as an error with its last stderr lines;
 * the gateway keeps serving and a new child starts one interval later. Its first run resumes the interrupted one
 * once that run's lease has expired. The child's stdin is a pipe from the gateway: if the gateway is killed
 * outright, the pipe ends and the child stops by itself after its run in progress (`--until-stdin-ends`).
 */
export function scheduleEmbeddedEtlInChild(every: string, options: EmbeddedEtlChildOptions): EmbeddedEtl {
  const { logger } = options;
  const restartMs = parseDuration(every);
  if (restartMs === undefined) throw new Error(`embedded etl: "${every}" is not a duration`);
  const refresh = gatewayAfterRun(options);
  // Runs are reported in order; stop() waits for the last report, so the server is not closed under it.
  let reporting: Promise<void> = Promise.resolve();
  const report = (outcome: EmbeddedRunOutcome): void => {
    reporting = reporting.then(async () => {
      await refresh(outcome);
      // Logged once the gateway shows the run's commits.
      if ('summary' in outcome) logRunSummary(logger, outcome.summary);
    });
  };
  let stopping = false;
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited: Promise<void> = Promise.resolve();
  let restart: NodeJS.Timeout | undefined;

  const start = (): void => {
    restart = undefined;
    const current = spawnEtlChild(every, options.config);
    child = current;
    // Nothing is written to it; it only has to stay open. Once the child is gone, errors on it mean nothing.
    current.stdin.on('error', () => {});
    const stderrTail: string[] = [];
    createInterface({ input: current.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const summary = parseSummary(line);
      if (summary) report({ summary });
      else if (line.trim() !== '') logger.warn('embedded etl child: unexpected output', { line });
    });
    createInterface({ input: current.stderr, crlfDelay: Infinity }).on('line', (line) => {
      // Whole lines, so they never interleave with the gateway's own.
      process.stderr.write(line + '\n');
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    });
    logger.info('embedded etl child started', { pid: current.pid, every });
    exited = new Promise<void>((resolve) => {
      let spawnError: Error | undefined;
      // Never once: an unhandled second 'error' (a failed kill) would crash the gateway.
      current.on('error', (err) => {
        // Failed to start (or to be signalled); 'close' follows when it had started.
        spawnError = err;
        if (current.pid === undefined) onGone(null, null);
      });
      // 'close', not 'exit': the child's last stderr lines have been read by then.
      current.once('close', (code, signal) => onGone(code, signal));
      let gone = false;
      function onGone(code: number | null, signal: NodeJS.Signals | null): void {
        if (gone) return;
        gone = true;
        if (child === current) child = undefined;
        // Asked to stop: it exits 0 after its run, or dies of the SIGTERM if it came before its handler was set up.
        if (stopping && (code === 0 || signal === 'SIGTERM')) return resolve();
        const next = stopping ? 'the schedule is stopping' : `a new one starts in ${every}`;
        logger.error(`the embedded etl child process died; the gateway keeps serving, ${next}`, {
          pid: current.pid,
          exitCode: code,
          signal,
          ...(spawnError ? { error: spawnError.message } : {}),
          stderr: stderrTail.join('\n'),
        });
        // The run may have committed some tables before it died.
        report({ error: new Error(`the embedded etl child exited (code ${code}, signal ${signal})`) });
        if (!stopping) restart = setTimeout(start, restartMs);
        resolve();
      }
    });
  };
  start();
  return {
    async stop() {
      stopping = true;
      if (restart !== undefined) clearTimeout(restart);
      const current = child;
      if (current) {
        logger.info('stopping the embedded etl child (waiting for its run in progress)', { pid: current.pid });
        current.kill('SIGTERM');
        const kill = setTimeout(() => {
          logger.error('the embedded etl child did not stop in time; killing it', { pid: current.pid, timeoutMs: CHILD_STOP_TIMEOUT_MS });
          current.kill('SIGKILL');
        }, CHILD_STOP_TIMEOUT_MS);
        try {
          await exited;
        } finally {
          clearTimeout(kill);
        }
      }
      await reporting;
    },
  };
}

/** `iplake etl --every DUR --json --until-stdin-ends` on the gateway's lake, with the gateway's environment. */
function spawnEtlChild(every: string, config: IplakeConfig): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Its log lines are forwarded as they are: in the gateway's format (its stderr is a pipe, never a terminal).
    IPLAKE_LOG_FORMAT: config.logFormat ?? (process.stderr.isTTY ? 'pretty' : 'json'),
  };
  // The default cache directory is per pid, so the child has its own; a configured one would be shared.
  if (config.server.cacheDir !== undefined) env.IPLAKE_CACHE_DIR = path.join(config.server.cacheDir, CHILD_CACHE_SUBDIR);
  return spawn(process.execPath, [cliEntry, 'etl', '--lake', config.lake, '--every', every, '--json', '--until-stdin-ends'], {
    env,
    // Stdin stays a pipe from this process: it ends when the gateway is gone, however it ended.
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl+C reaches the gateway only, which stops the child in its order.
    detached: true,
  });
}

/** One stdout line of `etl --json`: a run summary. */
function parseSummary(line: string): RunSummary | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && 'status' in value ? (value as RunSummary) : undefined;
  } catch {
    return undefined;
  }
}
