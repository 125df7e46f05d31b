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
} as const;
