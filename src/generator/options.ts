/**
 * Options of `iplake generate`, with every default in one place.
 * Output is a pure function of the resolved options: same options → byte-identical files.
 */
export interface GenerateOptions {
  /** Output directory; receives dhcp/, ise/ and truth.jsonl. */
  out: string;
  /** First instant of the generated period (ISO 8601). Default: UTC midnight `days` days before today. */
  start?: string;
  /** Length of the period in whole days. */
  days?: number;
  /** Number of endpoints: laptops, phones and wired IoT devices. */
  devices?: number;
  /** Number of people. Default: devices / 2. */
  users?: number;
  /** PRNG seed. */
  seed?: number;
  /** Share of extra malformed or irrelevant lines mixed into the logs (0 = clean data). */
  noiseRate?: number;
  /** Maximum message length of the ISE node that segments its messages (the other node uses 8192). */
  iseSegmentBytes?: number;
  /** Stitching window used for the truth's user names: must match the ETL's (docs/attribution.md). */
  stitchLookBackSeconds?: number;
  stitchGraceSeconds?: number;
  /**
   * 2: the simulation runs in the calling thread while a worker thread renders and writes the logs; 1: all in the
   * calling thread. The output is the same either way.
   */
  threads?: 1 | 2;
}

export const GENERATE_DEFAULTS = {
  days: 7,
  devices: 500,
  seed: 1,
  noiseRate: 0.005,
  iseSegmentBytes: 1024,
  stitchLookBackSeconds: 86_400,
  stitchGraceSeconds: 300,
  threads: 2,
} as const;

export interface ResolvedGenerateOptions {
  out: string;
  startMs: number;
  endMs: number;
  days: number;
  devices: number;
  users: number;
  seed: number;
  noiseRate: number;
  iseSegmentBytes: number;
  lookBackMs: number;
  graceMs: number;
  threads: 1 | 2;
}

const DAY_MS = 86_400_000;

/** Validates and fills defaults. `now` only feeds the default start; it never reaches the simulation. */
export function resolveGenerateOptions(options: GenerateOptions, now: number = Date.now()): ResolvedGenerateOptions {
  if (typeof options.out !== 'string' || options.out.length === 0) {
    throw new Error('generate: option "out" (output directory) is required');
  }
  const days = positiveInteger('days', options.days ?? GENERATE_DEFAULTS.days);
  const devices = positiveInteger('devices', options.devices ?? GENERATE_DEFAULTS.devices);
  const users = positiveInteger('users', options.users ?? Math.max(1, Math.floor(devices / 2)));
  const seed = options.seed ?? GENERATE_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new Error(`generate: seed must be an integer, got ${String(seed)}`);
  const noiseRate = options.noiseRate ?? GENERATE_DEFAULTS.noiseRate;
  if (!(noiseRate >= 0 && noiseRate <= 0.5)) {
    throw new Error(`generate: noiseRate must be between 0 and 0.5, got ${String(noiseRate)}`);
  }
  const iseSegmentBytes = options.iseSegmentBytes ?? GENERATE_DEFAULTS.iseSegmentBytes;
  if (!Number.isInteger(iseSegmentBytes) || iseSegmentBytes < 512) {
    throw new Error(`generate: iseSegmentBytes must be an integer ≥ 512, got ${String(iseSegmentBytes)}`);
  }
  const lookBack = options.stitchLookBackSeconds ?? GENERATE_DEFAULTS.stitchLookBackSeconds;
  const grace = options.stitchGraceSeconds ?? GENERATE_DEFAULTS.stitchGraceSeconds;
  if (!(lookBack >= 0) || !(grace >= 0)) throw new Error('generate: stitch windows must be ≥ 0 seconds');
  const threads = options.threads ?? GENERATE_DEFAULTS.threads;
  if (threads !== 1 && threads !== 2) throw new Error(`generate: threads must be 1 or 2, got ${String(threads)}`);

  let startMs: number;
  if (options.start === undefined) {
    // Default: the `days` whole UTC days before today, so year-less syslog clocks stay within the last 12 months.
    startMs = Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
  } else {
    startMs = Date.parse(options.start);
    if (Number.isNaN(startMs)) throw new Error(`generate: start "${options.start}" is not an ISO 8601 date/time`);
  }
  // DHCP syslog clocks have whole seconds: keep the simulation on the same grid.
  startMs = Math.floor(startMs / 1000) * 1000;
  return {
    out: options.out,
    startMs,
    endMs: startMs + days * DAY_MS,
    days,
    devices,
    users,
    seed,
    noiseRate,
    iseSegmentBytes,
    lookBackMs: lookBack * 1000,
    graceMs: grace * 1000,
    threads,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`generate: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}
