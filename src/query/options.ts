/** Tunables of the query layer; every default lives here (the server's options take theirs from this). */
export const queryLayerDefaults = {
  /**
   * Bytes of hot gold files the memory index may hold (columnar, interned); 0 disables it and every request
   * goes to DuckDB. A request whose files would take more than half of it is answered by DuckDB.
   */
  memoryIndexBytes: 256 * 1024 ** 2,
  /**
   * Files a request may wait to load into the memory index. A request missing more (a wide window asked for the
   * first time) is answered by DuckDB while its files load in the background, so no request pays for a bulk load.
   */
  memoryIndexSyncLoadFiles: 8,
  /**
   * How long a gold table's checked snapshot answers requests before the next request checks the log again. A
   * check is one read of the next log version (on S3 a GET, most of a warm request's time); 0 checks on every
   * request. A commit becomes visible at most this long after it lands (the embedded ETL's at once).
   */
  snapshotMaxAgeMs: 1000,
} as const;
