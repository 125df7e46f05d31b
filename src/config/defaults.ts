/**
 * Defaults of the command line that are not the server's or the ETL's own
 * (those live in `serverDefaults` in src/server/options.ts and `etlDefaults` in src/etl/options.ts).
 */
export const defaults = {
  lake: './lake',
  logLevel: 'info',
  /** What `iplake demo` (and so `npm start`) generates on an empty lake. */
  demo: { days: 3, devices: 300, seed: 1 },
  /**
   * V8 old-generation cap (MB) of `iplake etl`, which runs the ETL in a worker thread with this limit
   * (IPLAKE_ETL_HEAP_MB; 0 runs it in the CLI's own thread under V8's default limit, sized from the machine's
   * memory). A run's live heap is 40–200 MB on 100,000 devices (256 runs out on 4.1 M lines, 384 gave the same peak RSS
   * at 10 M lines); uncapped, V8 lets the heap grow far past that before a major GC. `iplake etl` on 1.08 M lines: peak RSS 1,128 / 1,305 MB uncapped, 865 / 850 MB
   * at 512 (384: 937), for 9–13 % more CPU (measured on a loaded box; V8 collects more often near the cap).
   */
  etlHeapMb: 512,
  /** A smaller cap is taken for a mistake (a value meant in GB, say) rather than run out of memory mid-run. */
  etlHeapMinMb: 64,
} as const;
