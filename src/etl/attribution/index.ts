/** Attribution: pure rules from events to "who held this IP when" intervals (docs/attribution.md). No I/O. */
export type {
  AttributionEvent,
  AttributionUser,
  EndReason,
  EventType,
  Interval,
  IntervalSource,
  Lineage,
  RunEvents,
  UserSource,
} from './types.js';
export { defaultAttributionOptions, resolveAttributionOptions, type AttributionOptions } from './options.js';
export { eventTypeOf } from './eventTypes.js';
export { blankEvent, toAttributionEvent, type EventCore } from './fromRecord.js';
export { compareEvents, effectiveTime, sortUniqueEvents } from './order.js';
export { intervalIdOf } from './intervalId.js';
export { computeIntervals, compareIntervals } from './computeIntervals.js';
export { sessionKeyOf } from './radiusSessions.js';
export { isSighting, SightingIndex, sightingOf, stitchUsers, type Sighting } from './stitch.js';
export { attributeEvents } from './attribute.js';
export {
  containsInstant,
  hourPartitionOf,
  hourPartitionsOf,
  hourRangeOf,
  hoursAddedByReach,
  intervalsAt,
  openIntervalReach,
  partitionKey,
  partitionToRead,
  type HourPartition,
  type TimeSpan,
} from './partitions.js';
export { evidenceKeyOfEvent, evidenceKeyOfInterval, lastEvidenceByKey } from './lastEvidence.js';
export { eventOfSilverRow, silverEventColumns, type SilverCell } from './silverRow.js';
export { fromAttributionGoldRow, toAttributionGoldRow, type AttributionGoldRow } from './goldRow.js';
export {
  applyIncrement,
  eventNeeds,
  needsEvent,
  planIncrement,
  priorIntervalNeeded,
  stitchedMacs,
  type EventNeeds,
  type IncrementInput,
  type IncrementPlan,
  type IncrementResult,
} from './incremental.js';
