import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastWeekday, repoRoot, runCli } from '../helpers/cli.js';

/** The ETL worker's start-up line (debug level): the cap it was given and the heap limit V8 actually applies. */
async function etlWorkerHeap(lake: string, heapMb: string): Promise<{ heapCapMb: number; v8HeapLimitMb: number }> {
  const r = await runCli(['etl', '--lake', lake, '--json'], { IPLAKE_LOG_LEVEL: 'debug', IPLAKE_ETL_HEAP_MB: heapMb });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).status).toBe('idle');
  const started = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; heapCapMb: number; v8HeapLimitMb: number })
    .find((l) => l.msg === 'etl worker started');
  expect(started, r.stderr).toBeDefined();
  return started as { heapCapMb: number; v8HeapLimitMb: number };
}

describe('iplake CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iplake-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every command in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['serve', 'etl', 'ingest', 'generate', 'compact', 'vacuum', 'demo']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    }
  });

  it('rejects an unknown command with exit code 2 and the overview', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Commands:');
  });

  it('explains a bad lake URI in one line, without a stack trace', async () => {
    const r = await runCli(['etl', '--lake', 'ftp://example/lake']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lake \/ IPLAKE_LAKE: .*s3:\/\//);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown flag and a bad --every', async () => {
    const unknown = await runCli(['etl', '--frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frob'");
    const every = await runCli(['etl', '--lake', path.join(dir, 'lake'), '--every', 'soon']);
    expect(every.code).toBe(2);
    expect(every.stderr).toContain('--every: "soon" is not a duration');
  });

  it('runs the ETL in a worker whose heap IPLAKE_ETL_HEAP_MB caps, and rejects a bad value in one line', async () => {
    const lake = path.join(dir, 'empty-lake');
    const small = await etlWorkerHeap(lake, '128');
    expect(small.heapCapMb).toBe(128);
    // V8's limit is the old generation plus the young one: at least the cap, far below the next size.
    expect(small.v8HeapLimitMb).toBeGreaterThanOrEqual(128);
    expect(small.v8HeapLimitMb).toBeLessThan(256);
    const large = await etlWorkerHeap(lake, '1024');
    expect(large.v8HeapLimitMb).toBeGreaterThanOrEqual(1024);
    expect(large.v8HeapLimitMb).toBeLessThan(1536);

    const bad = await runCli(['etl', '--lake', lake], { IPLAKE_ETL_HEAP_MB: '16' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('iplake etl: IPLAKE_ETL_HEAP_MB: "16" is not a whole number of MB ≥ 64 (or 0 for no cap)');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('generates, ingests and runs the ETL end to end with a JSON summary', async () => {
    const out = path.join(dir, 'logs');
    const lake = path.join(dir, 'lake');
    // A weekday: on a weekend day 20 devices log too little for what follows (the default start is yesterday).
    const gen = await runCli(['generate', '--out', out, '--start', lastWeekday(), '--days', '1', '--devices', '20', '--seed', '7']);
    expect(gen.code, gen.stderr).toBe(0);
    const generated = JSON.parse(gen.stdout) as { lines: { dhcp: number; ise: number; total: number } };
    expect(generated.lines.total).toBeGreaterThan(100);

    const files = (await import('node:fs/promises')).readdir;
    const dhcpFiles = (await files(path.join(out, 'dhcp'))).map((f) => path.join(out, 'dhcp', f));
    const iseFiles = (await files(path.join(out, 'ise'))).map((f) => path.join(out, 'ise', f));
    expect((await runCli(['ingest', '--lake', lake, '--source', 'dhcp', ...dhcpFiles])).code).toBe(0);
    expect((await runCli(['ingest', '--lake', lake, '--source', 'ise', ...iseFiles])).code).toBe(0);

    const etl = await runCli(['etl', '--lake', lake, '--json']);
    expect(etl.code, etl.stderr).toBe(0);
    const summary = JSON.parse(etl.stdout) as {
      status: string;
      lines: { dhcp: number; ise: number };
      silverLines: { dhcp: number; ise: number };
      quarantinedLines: { dhcp: number; ise: number };
    };
    expect(summary.status).toBe('completed');
    expect(summary.lines.dhcp + summary.lines.ise).toBe(generated.lines.total);
    for (const source of ['dhcp', 'ise'] as const) {
      expect(summary.silverLines[source] + summary.quarantinedLines[source]).toBe(summary.lines[source]);
    }
    const again = await runCli(['etl', '--lake', lake, '--json']);
    expect(JSON.parse(again.stdout).status).toBe('idle');
    const truth = await readFile(path.join(out, 'truth.jsonl'), 'utf8');
    expect(truth.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('etl --every prints each run and stops cleanly on SIGTERM, with the heap cap and without it', async () => {
    for (const heapMb of ['256', '0']) {
      const lake = path.join(dir, `every-lake-${heapMb}`);
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/iplake.js'), 'etl', '--lake', lake, '--every', '1s', '--json'], {
        cwd: repoRoot,
        env: { ...process.env, IPLAKE_LOG_FORMAT: 'json', IPLAKE_ETL_HEAP_MB: heapMb },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // The first run's summary: the schedule is up.
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) resolve();
        }),
      );
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
      expect(JSON.parse(stdout.split('\n')[0] as string).status).toBe('idle');
      const messages = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages).toEqual(['etl scheduled', 'stopping the schedule (waiting for a run in progress)']);
    }
  });
});
