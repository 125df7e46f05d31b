/**
 * Defaults of the command line that are not the server's or the ETL's own
 * (those live in `serverDefaults` in src/server/options.ts and `etlDefaults` in src/etl/options.ts).
 */
export const defaults = {
  lake: './lake',
  logLevel: 'info',
  /** What `iplake demo` (and so `npm start`) generates on an empty lake. */
  demo: { days: 3, devices: 300, seed: 1 },
} as const;
