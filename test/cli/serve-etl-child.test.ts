import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { iseFixtures } from '../etl/helpers.js';
import { lastWeekday, runCli } from '../helpers/cli.js';
import { CliProcess, type LogLine } from './cli-process.js';

const whoHad = '{ whoHad(ip: "10.33.250.89", at: "2014-08-07T07:00:20.554Z") { userName mac } }';
const frsung = { data: { whoHad: [{ userName: 'frsung', mac: '10:68:3f:75:35:0c' }] } };

/** The worker's start-up line: V8's limit is the old generation plus the young one, at least the cap and far below twice it. */
function expectCapped(started: LogLine, capMb: number): void {
  expect(started.heapCapMb).toBe(capMb);
  expect(started.v8HeapLimitMb).toBeGreaterThanOrEqual(capMb);
  expect(started.v8HeapLimitMb).toBeLessThan(2 * capMb);
}

/** Whether a process runs (a zombie has exited: only its parent has not reaped it yet). Linux's /proc. */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    // "pid (comm) S ...": the state follows the last parenthesis.
    const text = readFileSync(stat, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone while reading
  }
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

/** Resolves once the process has exited (the test's timeout bounds the wait). */
async function exitOf(pid: number): Promise<void> {
  while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The pid of the ETL child a gateway logged it started (the nth one). */
async function etlChildPid(gateway: CliProcess, nth = 1): Promise<number> {
  const started = await gateway.log('embedded etl child started', nth);
  expect(typeof started.pid).toBe('number');
  return started.pid as number;
}

/** `serve --etl-every` runs `iplake etl --every` as a child process; `demo` runs its one ETL run in-thread (the installed CLI, dist/). */
describe('the embedded ETL in a child process', () => {
  let dir: string;
  const processes: CliProcess[] = [];
  const start = (args: string[], env: NodeJS.ProcessEnv): CliProcess => {
    const p = new CliProcess(args, env);
    processes.push(p);
    return p;
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-embedded-etl-'));
  });
  afterEach(() => {
    for (const p of processes.splice(0)) p.kill();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function lakeWithIseFixture(name: string): Promise<string> {
    const lake = path.join(dir, name);
    const r = await runCli(['ingest', '--lake', lake, '--source', 'ise', iseFixtures[0] as string]);
    expect(r.code, r.stderr).toBe(0);
    return lake;
  }

  it('serve --etl-every: a capped child runs the ETL, its rows answer once the summary is logged, SIGTERM stops the child, then the server', async () => {
    const lake = await lakeWithIseFixture('serve-lake');
    // A snapshot max age of an hour: only the refresh after the child's run can show its commits.
    const gateway = start(['serve', '--lake', lake, '--port', '0', '--etl-every', '1s'], {
      IPLAKE_LOG_LEVEL: 'debug',
      IPLAKE_ETL_HEAP_MB: '128',
      IPLAKE_SNAPSHOT_MAX_AGE: '1h',
    });
    const pid = await etlChildPid(gateway);
    expect(pid).not.toBe(gateway.pid);
    expect(commandLine(pid)).toEqual(expect.arrayContaining(['etl', '--lake', lake, '--every', '1s', '--json', '--until-stdin-ends']));
    // The child's own log lines (its `etl` runs in its heap-capped worker) are forwarded whole.
    expectCapped(await gateway.log('etl worker started'), 128);
    // The summary is logged once the gateway shows the run's commits.
    const ran = await gateway.log('etl run ');
    expect(ran.level).toBe('info');
    expect(ran.msg).toContain('ise 308');
    expect(await gateway.graphql(whoHad)).toEqual(frsung);
    expect(isRunning(pid)).toBe(true);

    expect(await gateway.stop()).toEqual({ code: 0, signal: null });
    const messages = gateway.logs.map((l) => l.msg);
    const order = [
      'shutting down',
      'stopping the embedded etl child (waiting for its run in progress)',
      // The child's own line: it stops its schedule.
      'stopping the schedule (waiting for a run in progress)',
      'gateway stopped',
    ].map((m) => messages.indexOf(m));
    expect(order.every((i) => i >= 0), messages.join('\n')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(gateway.logs.filter((l) => l.level === 'error')).toEqual([]);
    // The gateway waited for its child: it is gone.
    expect(isRunning(pid)).toBe(false);
  });

  it('serve --etl-every: a child out of heap is logged with its error naming IPLAKE_ETL_HEAP_MB, the gateway keeps serving, a new child starts', async () => {
    const out = path.join(dir, 'logs');
    const gen = await runCli(['generate', '--out', out, '--start', lastWeekday(), '--days', '1', '--devices', '2000', '--seed', '5']);
    expect(gen.code, gen.stderr).toBe(0);
    const lake = path.join(dir, 'big-lake');
    for (const source of ['dhcp', 'ise']) {
      const files = (await readdir(path.join(out, source))).map((f) => path.join(out, source, f));
      const r = await runCli(['ingest', '--lake', lake, '--source', source, ...files]);
      expect(r.code, r.stderr).toBe(0);
    }
    // 64 MB, the smallest cap accepted, is far below what a run over these ~16 MB of logs holds.
    const gateway = start(['serve', '--lake', lake, '--port', '0', '--etl-every', '1s'], { IPLAKE_ETL_HEAP_MB: '64' });
    const first = await etlChildPid(gateway);
    const died = await gateway.log('the embedded etl child process died');
    expect(died.level).toBe('error');
    expect(died.msg).toBe('the embedded etl child process died; the gateway keeps serving, a new one starts in 1s');
    expect(died).toMatchObject({ pid: first, exitCode: 1, signal: null });
    // The `etl` command's last words, from the child's stderr.
    expect(died.stderr).toContain('ran out of JavaScript heap (IPLAKE_ETL_HEAP_MB=64); raise IPLAKE_ETL_HEAP_MB');
    expect(isRunning(first)).toBe(false);

    const health = await fetch(`${await gateway.url()}/health`);
    expect(health.status).toBe(200);
    expect(await gateway.graphql('{ pipeline { tables { name } } }')).not.toHaveProperty('errors');
    // The schedule goes on in a new child (whose runs skip the lake until the dead run's lease expires).
    const second = await etlChildPid(gateway, 2);
    expect(second).not.toBe(first);
    await gateway.log('etl scheduled', 2);

    expect(await gateway.stop()).toEqual({ code: 0, signal: null });
    expect(gateway.logs.map((l) => l.msg)).toContain('gateway stopped');
    expect(isRunning(second)).toBe(false);
  });

  it('serve --etl-every: a gateway killed outright leaves no child behind (its stdin ends, it stops by itself)', async () => {
    const lake = await lakeWithIseFixture('killed-lake');
    // No cap: the child's `etl` runs the schedule on its main thread, which watches stdin just the same.
    const gateway = start(['serve', '--lake', lake, '--port', '0', '--etl-every', '1s'], { IPLAKE_ETL_HEAP_MB: '0' });
    const pid = await etlChildPid(gateway);
    await gateway.log('etl scheduled');
    expect(await gateway.killNow()).toEqual({ code: null, signal: 'SIGKILL' });
    await exitOf(pid);
    expect(isRunning(pid)).toBe(false);
  });

  it('etl --every --until-stdin-ends: stops after its run in progress and exits 0 once stdin ends', async () => {
    const lake = await lakeWithIseFixture('stdin-lake');
    const etl = start(['etl', '--lake', lake, '--every', '1s', '--json', '--until-stdin-ends'], {});
    const summary = await etl.until('the first summary', () => etl.stdout.split('\n').find((line) => line.startsWith('{')));
    expect(JSON.parse(summary)).toMatchObject({ status: 'completed', lines: { ise: 308 } });
    expect(await etl.endStdin()).toEqual({ code: 0, signal: null });
    expect(etl.logs.map((l) => l.msg)).toContain('stopping the schedule (waiting for a run in progress)');
  });

  it('demo: its one ETL run is on the main thread, the summary is printed, then it serves until SIGTERM', async () => {
    const lake = await lakeWithIseFixture('demo-lake');
    const demo = start(['demo', '--lake', lake, '--port', '0'], { IPLAKE_LOG_LEVEL: 'debug', IPLAKE_ETL_HEAP_MB: '96' });
    await demo.until('the demo is ready', () => (demo.stdout.includes('iplake is ready.') ? true : undefined));
    expect(demo.stdout).toMatch(/^etl run \S+: 1 landing object\(s\)/m);
    expect(demo.stdout).toContain('ise 308 (silver 129, quarantined 179)');
    // Not a TTY: progress goes to the log.
    expect(demo.logs.some((l) => l.msg === 'etl progress' && l.phase === 'done')).toBe(true);
    // In-thread, whatever the cap: no worker started.
    expect(demo.logs.map((l) => l.msg)).not.toContain('etl worker started');
    expect(await demo.graphql(whoHad)).toEqual(frsung);
    expect(await demo.stop()).toEqual({ code: 0, signal: null });
    expect(demo.logs.map((l) => l.msg)).toContain('gateway stopped');
  });
});
