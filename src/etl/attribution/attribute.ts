import { computeIntervals } from './computeIntervals.js';
import { resolveAttributionOptions, type AttributionOptions } from './options.js';
import { SightingIndex, stitchUsers } from './stitch.js';
import type { AttributionEvent, Interval } from './types.js';

/** The whole attribution of a set of events: intervals, then users stitched onto the DHCP leases. */
export function attributeEvents(events: readonly AttributionEvent[], options: Partial<AttributionOptions> = {}): Interval[] {
  const resolved = resolveAttributionOptions(options);
  return stitchUsers(computeIntervals(events, resolved), new SightingIndex(events), resolved);
}
