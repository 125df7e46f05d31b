import type { DataFile } from '../table/types.js';
import type { Snapshot } from '../table/index.js';
import type { AttributionEvent, AttributionOptions, IncrementPlan } from './attribution/index.js';

/**
 * Which files of ip_attribution_gold can hold the stored intervals an increment needs (priorIntervalNeeded), so a
 * run reads the recent end of the lake instead of all of it. Every interval is stored in every hour from its Start's
 * on (see placement.ts), so one copy is found in the hour of its Start and one in the hour of its last stored instant;
 * the stored intervals are deduplicated by IntervalId, so any one copy will do:
 *
 * - DHCP leases of a planned IP that end at or after the IP's earliest new event: their last stored hour (the hour of
 *   End − 1 ms) is at or after the hour of `earliest − 1 ms`, unless `maxHours` cut the copies short; such a lease
 *   is found through the stats of the file holding its last copy (Start ≥ maxHours − 1 hours before that file's hour).
 * - Leases a new sighting s may re-stitch start in [s − grace, s + look-back]: the hours of those windows.
 * - Sessions of a touched key: each starts at the time of one of the key's stored accounting records (a Start), or at
 *   a record's time minus its Acct-Session-Time (a missed Start): the hours of those instants. The stored records of
 *   every touched key are read from silver anyway (sessions are recomputed whole), so this costs no extra read.
 */
export interface PriorFilesInput {
  plan: IncrementPlan;
  /** The stored accounting records of the plan's session keys (all of them). */
  sessionEvents: readonly AttributionEvent[];
  options: AttributionOptions;
  /** Hard limit on the hours one interval is copied into (PlacementLimits.maxHours). */
  maxHours: number;
}

const hourMs = 3_600_000;
const hourOf = (instant: number): number => Math.floor(instant / hourMs);

export function priorIntervalFiles(snapshot: Snapshot, input: PriorFilesInput): DataFile[] {
  const { plan, options, maxHours } = input;
  const hours = new Set<number>();

  // Re-stitch windows, merged so that a MAC seen every minute adds each hour once.
  const sightings = [...plan.sightingMacs.values()].flat().sort((a, b) => a - b);
  const grace = options.stitchGraceSeconds * 1000;
  const lookBack = options.stitchLookBackSeconds * 1000;
  let coveredTo = -Infinity;
  for (const s of sightings) {
    const last = hourOf(s + lookBack);
    for (let hour = Math.max(hourOf(s - grace), coveredTo + 1); hour <= last; hour++) hours.add(hour);
    coveredTo = Math.max(coveredTo, last);
  }

  for (const event of input.sessionEvents) {
    hours.add(hourOf(event.time));
    hours.add(hourOf(event.time - (event.sessionTimeSeconds ?? 0) * 1000));
  }

  let earliest = Infinity;
  for (const t of plan.dhcpEarliest.values()) earliest = Math.min(earliest, t);
  const dhcpFromHour = Number.isFinite(earliest) ? hourOf(earliest - 1) : Infinity;
  // Files before dhcpFromHour can only hold a needed lease as the last copy of one that maxHours cut short.
  const capped = Number.isFinite(earliest)
    ? new Set(
        snapshot
          .prune({ ranges: [{ column: 'End', min: earliest }, { column: 'Start', max: (dhcpFromHour - maxHours + 1) * hourMs }] })
          .map((f) => f.path),
      )
    : new Set<string>();

  return snapshot.files.filter((file) => {
    const hour = hourOfPartition(file);
    if (hour === null) return true;
    if (hour >= dhcpFromHour || hours.has(hour)) return true;
    return capped.has(file.path) && mayHoldCappedCopy(file, hour, maxHours);
  });
}

/** A lease cut short by maxHours has its last copy in the hour maxHours − 1 after its Start's hour. */
function mayHoldCappedCopy(file: DataFile, hour: number, maxHours: number): boolean {
  const min = file.stats?.minValues['Start'];
  if (typeof min !== 'number') return true;
  return hourOf(min) <= hour - maxHours + 1;
}

/** The hour index of a (dt, hr) partition; null when the file is not in one (kept: unknown is not "cannot match"). */
function hourOfPartition(file: DataFile): number | null {
  const { dt, hr } = file.partitionValues;
  if (dt === undefined || hr === undefined) return null;
  const ms = Date.parse(`${dt}T${hr}:00:00Z`);
  return Number.isNaN(ms) ? null : hourOf(ms);
}
