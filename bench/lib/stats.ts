/** Latency summaries. Medians and p95 by nearest rank: with 20-odd samples interpolation adds nothing. */
export interface Summary {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('bench: no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { runs: sorted.length, medianMs: round(rank(0.5)), p95Ms: round(rank(0.95)), minMs: round(sorted[0] as number) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 3) : Number.NaN;
}
