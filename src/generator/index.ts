/**
 * `iplake generate`: a deterministic enterprise log generator with ground truth.
 * Writes `out/dhcp/*.log` (Infoblox dhcpd syslog), `out/ise/*.log` (Cisco ISE remote syslog) and
 * `out/truth.jsonl` (the attribution intervals a correct ETL must compute from those logs).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEnterprise } from './enterprise.js';
import { LogWriter } from './log-writer.js';
import { resolveGenerateOptions, type GenerateOptions } from './options.js';
import { Backpressure, BufferedTextFile } from './output-files.js';
import { Rng } from './rng.js';
import { Simulation } from './simulation.js';
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

/** Named streams of the seed: changing one subsystem's draws never shifts another's. */
const STREAM = { world: 1, behaviour: 2, ids: 3, noise: 4 } as const;
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
  const backpressure = new Backpressure();
  const writer = new LogWriter(o.out, enterprise, new Rng(o.seed, STREAM.noise), o.noiseRate, backpressure);
  const truthFile = new BufferedTextFile(join(o.out, 'truth.jsonl'), backpressure.waits);
  const truth = new TruthTracker(o.lookBackMs, o.graceMs, (interval) => truthFile.line(truthJsonLine(interval)));
  const sim = new Simulation(o, enterprise, writer, truth, new Rng(o.seed, STREAM.behaviour), new Rng(o.seed, STREAM.ids));

  const period = o.endMs - o.startMs;
  const totalLines = (): number => writer.counts.dhcp + writer.counts.ise;
  let nextProgress = PROGRESS_EVERY_LINES;
  let lastDay = -1;
  try {
    for (;;) {
      // Steps are synchronous; yield to the streams only when one of them is full (bounded memory).
      let more = true;
      for (let i = 0; i < 2048 && (more = sim.step()); i++) {
        if (backpressure.congested) break;
      }
      if (backpressure.congested) await backpressure.drained();
      const lines = totalLines();
      if (onProgress && (lines >= nextProgress || sim.dayIndex !== lastDay || !more)) {
        nextProgress = lines + PROGRESS_EVERY_LINES;
        lastDay = sim.dayIndex;
        const now = Math.min(sim.now, o.endMs);
        onProgress({ simulatedUntil: new Date(now).toISOString(), fraction: (now - o.startMs) / period, lines });
      }
      if (!more) break;
    }
    truth.finish();
    await backpressure.drained();
  } finally {
    await writer.close();
    await truthFile.close();
    await backpressure.drained();
  }

  const durationMs = performance.now() - started;
  const lines = totalLines();
  return {
    out: o.out,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.endMs).toISOString(),
    seed: o.seed,
    devices: o.devices,
    users: o.users,
    files: [...writer.files, 'truth.jsonl'],
    lines: { dhcp: writer.counts.dhcp, ise: writer.counts.ise, total: lines },
    malformedLines: writer.counts.malformed,
    irrelevantLines: writer.counts.irrelevant,
    truthIntervals: { dhcp: truth.counts.dhcp, ise_radius: truth.counts.ise_radius, total: truth.counts.dhcp + truth.counts.ise_radius },
    durationMs,
    linesPerSecond: durationMs > 0 ? Math.round(lines / (durationMs / 1000)) : lines,
  };
}
