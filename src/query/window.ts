import type { TimeWindow } from './types.js';

/** Gold tables are partitioned by UTC hour: dt = YYYY-MM-DD, hr = HH. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface HourPartition {
  dt: string;
  hr: string;
}

/** Epoch ms of the start of the UTC hour containing t. */
export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

export function partitionOf(t: number): HourPartition {
  const iso = new Date(hourStart(t)).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}

/** Epoch ms of the start of a partition's hour; NaN for values that are not a dt/hr pair. */
export function partitionStart(p: HourPartition): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.dt) || !/^\d{2}$/.test(p.hr)) return Number.NaN;
  return Date.parse(`${p.dt}T${p.hr}:00:00Z`);
}

/** Every hour partition the closed window [from, to] touches, oldest first. */
export function partitionsOf(window: TimeWindow): HourPartition[] {
  const out: HourPartition[] = [];
  for (let t = hourStart(window.from); t <= window.to; t += HOUR_MS) out.push(partitionOf(t));
  return out;
}

/** Number of hours a window touches: bounds the file list before it is built. */
export function hoursOf(window: TimeWindow): number {
  return Math.floor((hourStart(window.to) - hourStart(window.from)) / HOUR_MS) + 1;
}
