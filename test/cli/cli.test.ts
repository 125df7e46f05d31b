import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

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

  it('generates, ingests and runs the ETL end to end with a JSON summary', async () => {
    const out = path.join(dir, 'logs');
    const lake = path.join(dir, 'lake');
    const gen = await runCli(['generate', '--out', out, '--days', '1', '--devices', '20', '--seed', '7']);
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
});
