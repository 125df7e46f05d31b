import type { AttributionRow, EventPage, EventRow, TimeWindow } from '../query/index.js';

/**
 * The parent objects GraphQL field resolvers receive. Reports carry their window so nested fields
 * (`user { macs { ips } }`) ask the same question over the same time span, through the same loaders.
 */
export interface IpReportParent {
  ip: string;
  window: TimeWindow;
}

export interface UserReportParent {
  name: string;
  window: TimeWindow;
}

export interface MacReportParent {
  mac: string;
  window: TimeWindow;
}

/** A page plus a lazily computed total: totalCount costs a count query, so it runs only when selected. */
export interface ConnectionParent {
  page: EventPage;
  totalCount: () => Promise<number> | number;
}

export type AttributionParent = AttributionRow;
export type EventParent = EventRow;
