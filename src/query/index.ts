/**
 * The query layer between resolvers and storage. Resolvers call a per-request QuerySession and never see files:
 *
 *   const layer = new QueryLayer({ store, engine, files: cache });
 *   const q = layer.session({ signal, timeoutMs });
 *   await q.whoHad(ip, atMs);                                   // batched per instant
 *   await q.attributions('ip' | 'mac' | 'user', value, { from, to });   // batched per (kind, window)
 *   await q.related(kind, value, window);                       // distinct ips/macs/userNames
 *   await q.entityEvents(kind, value, window, { first, after }); // batched pages + totalCount
 *   await q.events(filter, { first, after }); await q.countEvents(filter); await q.eventCounts(filter, 'hour');
 *   await q.tables();                                           // gold table versions for `pipeline`
 *   layer.snapshotFreshness(); await layer.refreshSnapshots();  // snapshot age; re-check now (embedded ETL)
 *   layer.instrumentation.onScan((e) => ...);                   // one event per Parquet scan
 */
export { QueryLayer, type QueryLayerOptions, type SessionOptions, type TableFreshness } from './query-layer.js';
export { queryLayerDefaults } from './options.js';
export type { MemoryIndexStats } from './memory/memory-index.js';
export { QuerySession, type EntityEventPage, type TableState } from './session.js';
export { ScanInstrumentation, type ScanEvent, type ScanListener, type ScanTotals } from './instrumentation.js';
export { QueryInputError, QueryTimeoutError } from './errors.js';
export { encodeCursor, decodeCursor, type EventKey } from './cursor.js';
export { userKeyOf } from './event-sql.js';
export { HOUR_MS, DAY_MS, hoursOf } from './window.js';
export type * from './types.js';
export { readLastRun } from './pipeline-runs.js';
