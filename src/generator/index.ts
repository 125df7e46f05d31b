/**
 * `iplake generate`: a deterministic enterprise log generator with ground truth.
 * Writes `out/dhcp/*.log` (Infoblox dhcpd syslog), `out/ise/*.log` (Cisco ISE remote syslog) and
 * `out/truth.jsonl` (the attribution intervals a correct ETL must compute from those logs).
 * The simulation and the truth run in the calling thread; with `threads: 2` (the default) a worker thread spells and
 * writes the log lines meanwhile (./threads), with the same bytes as `threads: 1`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEnterprise } from './enterprise.js';
import { LogFiles, type LogOutput, type LogResult } from './log-output.js';
import { resolveGenerateOptions, type GenerateOptions } from './options.js';
import { Backpressure, BufferedTextFile } from './output-files.js';
import { Rng, STREAM } from './rng.js';
import { Simulation } from './simulation.js';
import { WorkerLog } from './threads/worker-log.js';
import { TruthTracker, truthJsonLine } from './truth.js';

export { GENERATE_DEFAULTS, resolveGenerateOptions } from './options.js';
export type { GenerateOptions, ResolvedGenerateOptions } from './options.js';
export type { TruthInterval, TruthEndReason, TruthSource } from './truth.js';

export interface GenerateProgress {
  /** Simulated instant reached (ISO). */
  simulatedUntil: string;
  /** Share of the period simulated, 0..1. */
  fraction: number;
  lines: number;
}

export interface GenerateSummary {
  out: string;
  start: string;
  end: string;
  seed: number;
  devices: number;
  users: number;
  /** Paths relative to `out`, truth.jsonl last. */
  files: string[];
  lines: { dhcp: number; ise: number; total: number };
  /** Lines that cannot become records (truncated, garbage, orphan segments), included in `lines`. */
  malformedLines: number;
  /** Well-formed lines with nothing to attribute (named, CISE_Failed_Attempts), included in `lines`. */
  irrelevantLines: number;
  truthIntervals: { dhcp: number; ise_radius: number; total: number };
  durationMs: number;
  linesPerSecond: number;
}

const PROGRESS_EVERY_LINES = 250_000;

export async function generate(
  options: GenerateOptions,
  onProgress?: (progress: GenerateProgress) => void,
): Promise<GenerateSummary> {
  const started = performance.now();
  const o = resolveGenerateOptions(options);
  try {
    await mkdir(join(o.out, 'dhcp'), { recursive: true });
    await mkdir(join(o.out, 'ise'), { recursive: true });
  } catch (err) {
    throw new Error(`generate: cannot create output directory ${o.out}: ${(err as Error).message}`);
  }

  const enterprise = buildEnterprise(o.devices, o.users, o.iseSegmentBytes, new Rng(o.seed, STREAM.world));
  const truthPressure = new Backpressure();
  const truthFile = new BufferedTextFile(join(o.out, 'truth.jsonl'), truthPressure.waits);
  const truth = new TruthTracker(o.lookBackMs, o.graceMs, (interval) => truthFile.line(truthJsonLine(interval)));
  const log: LogOutput = o.threads === 2 ? new WorkerLog(o) : new LogFiles(o, enterprise);

  const period = o.endMs - o.startMs;
  let nextProgress = PROGRESS_EVERY_LINES;
  let lastDay = -1;
  let result: LogResult;
  try {
    const sim = new Simulation(o, enterprise, log.events, truth, new Rng(o.seed, STREAM.behaviour), new Rng(o.seed, STREAM.ids));
    for (;;) {
      // Steps are synchronous; yield only when an output is full (bounded memory).
      let more = true;
      for (let i = 0; i < 2048 && (more = sim.step()); i++) {
        if (log.congested || truthPressure.congested) break;
      }
      if (log.congested) await log.drained();
      if (truthPressure.congested) await truthPressure.drained();
      if (!more) break;
      const lines = log.lines;
      if (onProgress && (lines >= nextProgress || sim.dayIndex !== lastDay)) {
        nextProgress = lines + PROGRESS_EVERY_LINES;
        lastDay = sim.dayIndex;
        const now = Math.min(sim.now, o.endMs);
        onProgress({ simulatedUntil: new Date(now).toISOString(), fraction: (now - o.startMs) / period, lines });
      }
    }
    truth.finish();
    result = await log.finish();
    await truthFile.close();
    await truthPressure.drained();
  } catch (err) {
    await log.abort();
    await Promise.allSettled([truthFile.close(), ...truthPressure.waits.splice(0)]);
    throw err;
  }
  // Reported once everything is written: a worker's line count is only final now.
  onProgress?.({ simulatedUntil: new Date(o.endMs).toISOString(), fraction: 1, lines: result.counts.dhcp + result.counts.ise });

  const durationMs = performance.now() - started;
  const counts = result.counts;
  const lines = counts.dhcp + counts.ise;
  return {
    out: o.out,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.endMs).toISOString(),
    seed: o.seed,
    devices: o.devices,
    users: o.users,
    files: [...result.files, 'truth.jsonl'],
    lines: { dhcp: counts.dhcp, ise: counts.ise, total: lines },
    malformedLines: counts.malformed,
    irrelevantLines: counts.irrelevant,
    truthIntervals: { dhcp: truth.counts.dhcp, ise_radius: truth.counts.ise_radius, total: truth.counts.dhcp + truth.counts.ise_radius },
    durationMs,
    linesPerSecond: durationMs > 0 ? Math.round(lines / (durationMs / 1000)) : lines,
  };
}
