import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MemoryIndexStats, ScanInstrumentation } from '../query/index.js';
import type { FileCacheStats } from '../storage/index.js';

/**
 * Prometheus metrics of one server. Each server owns its registry (several servers in one test process must
 * not share counters). Scan figures come from the query layer's instrumentation, cache figures from the file cache.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: Histogram<'route'>;
  readonly graphqlErrors: Counter<'code'>;
  private readonly scans: Counter<'table'>;
  private readonly scanFiles: Counter<'table'>;
  private readonly scanBytes: Counter<'table'>;
  private readonly scanSeconds: Histogram<'table'>;

  constructor(cacheStats?: () => FileCacheStats, memoryStats?: () => MemoryIndexStats | null) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'iplake_' });
    this.requests = new Counter({
      name: 'iplake_http_requests_total',
      help: 'HTTP requests by route, method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'iplake_http_request_duration_seconds',
      help: 'HTTP request latency by route.',
      labelNames: ['route'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'iplake_graphql_errors_total',
      help: 'GraphQL errors returned, by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    this.scans = new Counter({ name: 'iplake_scans_total', help: 'Parquet scans by gold table.', labelNames: ['table'], registers });
    this.scanFiles = new Counter({ name: 'iplake_scan_files_total', help: 'Data files scanned.', labelNames: ['table'], registers });
    this.scanBytes = new Counter({ name: 'iplake_scan_bytes_total', help: 'Bytes of data files scanned.', labelNames: ['table'], registers });
    this.scanSeconds = new Histogram({
      name: 'iplake_scan_duration_seconds',
      help: 'Time per scan, including fetching files into the local cache.',
      labelNames: ['table'],
      buckets: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3],
      registers,
    });
    if (cacheStats) {
      const gauge = statsGauge(this.registry, cacheStats);
      gauge('iplake_file_cache_hits', 'S3 data files served from the local cache (since start).', (s) => s.hits);
      gauge('iplake_file_cache_misses', 'S3 data files downloaded into the local cache (since start).', (s) => s.misses);
      gauge('iplake_file_cache_evictions', 'Files evicted from the local cache (since start).', (s) => s.evictions);
      gauge('iplake_file_cache_bytes', 'Bytes held in the local cache.', (s) => s.bytes);
    }
    if (memoryStats) {
      // The memory index (docs/gateway.md); every gauge reads 0 when it is turned off.
      const gauge = statsGauge(this.registry, memoryStats);
      gauge('iplake_memory_index_bytes', 'Bytes held by the memory index (chunks, key sketches, IP bounds).', (s) => s.bytes);
      gauge('iplake_memory_index_chunks', 'Resident chunks (2,048 rows of one gold file each).', (s) => s.files);
      gauge('iplake_memory_index_rows', 'Rows of the resident chunks.', (s) => s.rows);
      gauge('iplake_memory_index_hits', 'Chunks found resident (since start).', (s) => s.hits);
      gauge('iplake_memory_index_loads', 'Chunks loaded (since start).', (s) => s.loads);
      gauge('iplake_memory_index_fallbacks', 'Requests answered by DuckDB because their chunks would not fit (since start).', (s) => s.fallbacks);
      gauge('iplake_memory_index_deferred', 'Requests answered by DuckDB while their chunks loaded in the background (since start).', (s) => s.deferred);
      gauge('iplake_memory_index_background_pending', 'Background loads queued or running.', (s) => s.backgroundPending);
      gauge('iplake_memory_index_probes', 'Reads of only the asked keys\' rows that answered a request while its chunks loaded behind it (since start).', (s) => s.probes);
    }
  }

  /** Count every scan the query layer runs; returns the unsubscribe function. */
  observeScans(instrumentation: ScanInstrumentation): () => void {
    return instrumentation.onScan((e) => {
      this.scans.inc({ table: e.table });
      this.scanFiles.inc({ table: e.table }, e.files);
      this.scanBytes.inc({ table: e.table }, e.bytes);
      this.scanSeconds.observe({ table: e.table }, e.durationMs / 1000);
    });
  }
}

/** Makes gauges that read one figure of a source's stats when scraped (0 while the source has none). */
function statsGauge<S>(registry: Registry, stats: () => S | null): (name: string, help: string, pick: (s: S) => number) => void {
  return (name, help, pick) => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const snapshot = stats();
        this.set(snapshot === null ? 0 : pick(snapshot));
      },
    });
  };
}
