/**
 * The ETL pipeline: landing → bronze → silver (+ quarantine) → gold, incremental, idempotent, crash-safe.
 *
 *   await ingestFiles(store, 'dhcp', ['/var/log/dhcpd.log']);           // copy into landing/
 *   const summary = await runEtl({ store, onProgress });                 // one run (resumes a crashed one first)
 *   const job = scheduleEtl({ store }, '5m');  ...  await job.stop();    // keep running, never overlapping
 *   const status = await readPipelineStatus(store);                      // for the gateway's `pipeline` query
 *   await compactTable(store, spec, { engine });  await vacuumTable(store, spec, retainMs);
 */
export { ingestFiles, discoverLanding, type LandingObject } from './landing.js';
export { runEtl, ETL_APP_ID } from './run.js';
export { scheduleEtl, parseEvery, type EtlSchedule, type ScheduleOptions } from './schedule.js';
export { readPipelineStatus, type PipelineStatus, type TableStatus } from './status.js';
export { compactTable, vacuumTable, type CompactResult, type CompactOptions } from './maintenance.js';
export { EtlBusyError } from './lease.js';
export { etlDefaults, resolveEtlOptions, landingSources, type EtlOptions, type LandingSource, type BusyPolicy } from './options.js';
export type { RunProgress } from './progress.js';
export type { RunSummary, RunCounters, IntervalCounts } from './summary.js';
export { readRecentSummaries } from './summary.js';
export { readLatestCheckpoint, type Checkpoint } from './checkpoint.js';
