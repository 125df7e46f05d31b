import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { measureEtlCommand, runNodeScript, type EtlCommandTiming, type Landing } from './etl-command.js';
import { ratio, round, summarize, type Summary } from './stats.js';

/**
 * The ETL against its standing baseline: `iplake etl --json` over a landing's DHCP objects alone, and DuckDB alone
 * doing the per-line work of that run in SQL over the same objects (bench/lib/duckdb-dhcp-etl.mjs: bronze, parsed
 * silver, quarantine and gold events ordered by IP, no attribution, commits or statistics), each its own process, in
 * alternating rounds so that both sides see the same machine. DHCP because its lines are one per event: a regular
 * expression per field parses them, where ISE's multi-segment messages have no fair SQL equivalent.
 */
export interface EtlBaselineTiming {
  objects: number;
  lines: number;
  rounds: number;
  iplake: SideTiming;
  duckdb: SideTiming & { rows: BaselineRows };
  /** Medians: iplake's wall time and CPU time over DuckDB's (above 1 = iplake slower). */
  wallRatio: number;
  cpuRatio: number;
}

export interface SideTiming {
  wall: Summary;
  cpu: Summary;
  /** Lines per second of wall time, at the median wall time. */
  linesPerSecond: number;
  /** CPU per raw line (all threads), at the median CPU time. */
  cpuMicrosPerLine: number;
  /** Highest peak RSS of the rounds. */
  peakRssMB: number;
}

export interface BaselineRows {
  bronze: number;
  silver: number;
  quarantine: number;
  gold: number;
}

const baselineScript = new URL('./duckdb-dhcp-etl.mjs', import.meta.url).pathname;

export async function measureEtlBaseline(landing: Landing, scratch: string, rounds: number): Promise<EtlBaselineTiming> {
  const input = path.join(scratch, 'duckdb-input');
  const output = path.join(scratch, 'duckdb-output');
  await rm(scratch, { recursive: true, force: true });
  try {
    const objects = await utf8Copies(path.join(landing.lakeRoot, 'landing', 'dhcp'), input);
    const year = landing.manifest.start.slice(0, 4);
    const ours: EtlCommandTiming[] = [];
    const theirs: { wallMs: number; cpuMs: number; peakRssMB: number; rows: BaselineRows }[] = [];
    for (let round = 0; round < rounds; round += 1) {
      ours.push(await measureEtlCommand(landing, path.join(scratch, 'iplake-lake'), ['dhcp']));
      await rm(output, { recursive: true, force: true });
      const started = performance.now();
      const { stdout, usage } = await runNodeScript(baselineScript, [output, year, ...objects]);
      theirs.push({
        wallMs: Math.round(performance.now() - started),
        cpuMs: usage.cpuMs,
        peakRssMB: Math.round(usage.peakRssKB / 1024),
        rows: JSON.parse(stdout.trim()) as BaselineRows,
      });
    }
    const lines = ours[0]?.lines ?? 0;
    const rows = theirs[0]?.rows as BaselineRows;
    if (rows.bronze !== lines) throw new Error(`bench: DuckDB read ${rows.bronze} DHCP lines, iplake ${lines}: not the same input`);
    const iplake = side(lines, ours);
    const duckdb = { ...side(lines, theirs), rows };
    return {
      objects: objects.length,
      lines,
      rounds,
      iplake,
      duckdb,
      wallRatio: ratio(iplake.wall.medianMs, duckdb.wall.medianMs),
      cpuRatio: ratio(iplake.cpu.medianMs, duckdb.cpu.medianMs),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function side(lines: number, runs: readonly { wallMs: number; cpuMs: number; peakRssMB: number }[]): SideTiming {
  const wall = summarize(runs.map((r) => r.wallMs));
  const cpu = summarize(runs.map((r) => r.cpuMs));
  return {
    wall,
    cpu,
    linesPerSecond: Math.round((lines * 1000) / wall.medianMs),
    cpuMicrosPerLine: round((cpu.medianMs * 1000) / lines, 1),
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
  };
}

/**
 * Copies of the DHCP objects with every invalid UTF-8 sequence replaced by U+FFFD (DuckDB's read_text rejects a file
 * holding one; the generator writes a few binary lines on purpose), streamed, in name order. Returns their paths.
 */
async function utf8Copies(from: string, to: string): Promise<string[]> {
  await mkdir(to, { recursive: true });
  const files = (await readdir(from, { withFileTypes: true, recursive: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const copies: string[] = [];
  for (const file of files) {
    if (!file.endsWith('.log')) throw new Error(`bench: the DuckDB baseline reads plain text objects, not ${file}`);
    const copy = path.join(to, path.basename(file));
    await pipeline(createReadStream(file, { encoding: 'utf8' }), createWriteStream(copy));
    copies.push(copy);
  }
  return copies;
}
