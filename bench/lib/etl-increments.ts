import { createReadStream } from 'node:fs';
import { link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ipAttributionGold } from '../../src/lake/gold.js';
import { LocalStore } from '../../src/storage/local.js';
import { DeltaTable } from '../../src/table/index.js';
import { etlJson, linesOf, type Landing } from './etl-command.js';
import { summarize, type Summary } from './stats.js';

/**
 * The ETL as a schedule runs it (`iplake etl --every 5m`): small increments that arrive in order, on a lake that
 * already holds days. The landing's last day is cut at 12:00 (syslog clock): everything before the cut is the base,
 * loaded by one untimed `iplake etl`; then each five-minute slice after the cut is landed as new objects and loaded by
 * its own `iplake etl --json`, timed as its own process (start-up included, as a schedule pays it).
 */
export interface IncrementTiming {
  sliceMinutes: number;
  baseLines: number;
  /** One entry per slice, in order. */
  runs: { lines: number; wallMs: number; cpuMs: number; partitionsRewritten: number }[];
  wall: Summary;
  cpu: Summary;
  /** Live ip_attribution_gold files after the base, and after the last slice (growth = files a run leaves behind). */
  attributionFilesAfterBase: number;
  attributionFilesAfterSlices: number;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const header = /^<\d+>([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):/;

export async function measureIncrements(landing: Landing, scratch: string, slices: number, sliceMinutes = 5): Promise<IncrementTiming> {
  const { start, days } = landing.manifest;
  const lastDay = new Date(Date.parse(start) + (days - 1) * 86_400_000);
  const lastDate = lastDay.toISOString().slice(0, 10);
  const day = { month: months[lastDay.getUTCMonth()] as string, date: lastDay.getUTCDate() };
  await rm(scratch, { recursive: true, force: true });
  try {
    // Base: every object whose name is not of the last day is linked whole; the last day's objects are split.
    for (const source of ['dhcp', 'ise'] as const) {
      const from = path.join(landing.lakeRoot, 'landing', source);
      for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const base = path.join(scratch, 'landing', source, 'base', entry.name);
        await mkdir(path.dirname(base), { recursive: true });
        if (!entry.name.includes(lastDate)) await link(file, base);
        else await splitObject(file, base, (n) => path.join(scratch, 'slices', String(n).padStart(3, '0'), source, entry.name), day, slices, sliceMinutes);
      }
    }
    const { summary: baseSummary } = await etlJson(scratch);
    const attributionFilesAfterBase = await attributionFiles(scratch);
    const runs: IncrementTiming['runs'] = [];
    for (let n = 0; n < slices; n += 1) {
      const dir = path.join(scratch, 'slices', String(n).padStart(3, '0'));
      for (const source of ['dhcp', 'ise'] as const) {
        const files = await readdir(path.join(dir, source)).catch(() => [] as string[]);
        for (const name of files) {
          const target = path.join(scratch, 'landing', source, `slice-${String(n).padStart(3, '0')}`, name);
          await mkdir(path.dirname(target), { recursive: true });
          await link(path.join(dir, source, name), target);
        }
      }
      const started = performance.now();
      const { summary, usage } = await etlJson(scratch);
      runs.push({ lines: linesOf(summary), wallMs: Math.round(performance.now() - started), cpuMs: usage.cpuMs, partitionsRewritten: summary.intervals.partitions });
    }
    return {
      sliceMinutes,
      baseLines: linesOf(baseSummary),
      runs,
      wall: summarize(runs.map((r) => r.wallMs)),
      cpu: summarize(runs.map((r) => r.cpuMs)),
      attributionFilesAfterBase,
      attributionFilesAfterSlices: await attributionFiles(scratch),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function attributionFiles(lake: string): Promise<number> {
  return (await DeltaTable.open(new LocalStore(lake), ipAttributionGold)).snapshot().files.length;
}

/**
 * Lines before the cut (12:00 of `day`) to `base`, lines of slice n (sliceMinutes each from the cut) to `sliceFile(n)`,
 * later lines nowhere. A line without a syslog clock (the generator's garbage) follows the line before it. Holds the
 * object's lines in memory until it is split (a generated day of one log server: tens of MB at most).
 */
async function splitObject(
  file: string,
  base: string,
  sliceFile: (n: number) => string,
  day: { month: string; date: number },
  slices: number,
  sliceMinutes: number,
): Promise<void> {
  const out = new Map<number, string[]>();
  let current = -1;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const m = header.exec(line);
    if (m) {
      const sameDay = m[1] === day.month && Number(m[2]) === day.date;
      const minute = Number(m[3]) * 60 + Number(m[4]);
      current = !sameDay || minute < 720 ? -1 : Math.floor((minute - 720) / sliceMinutes);
    }
    if (current >= slices) continue;
    let lines = out.get(current);
    if (lines === undefined) out.set(current, (lines = []));
    lines.push(line);
  }
  for (const [n, lines] of out) {
    const target = n < 0 ? base : sliceFile(n);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, lines.map((l) => `${l}\n`).join(''));
  }
}
