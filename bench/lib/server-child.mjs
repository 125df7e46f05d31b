/**
 * The gateway process the benchmark talks to: the compiled build (`dist/`, what `iplake serve` runs), not the
 * TypeScript sources through tsx, whose module hooks add per-call costs the product does not have.
 *   node bench/lib/server-child.mjs <lake-uri> <cache-dir>     (run `npm run build` first; `npm run bench` does)
 * S3 settings come from the environment (AWS_ENDPOINT_URL_S3 etc.), as for `iplake serve`.
 * IPLAKE_BENCH_MEMORY_INDEX_BYTES overrides the memory index budget (0 compares against DuckDB-only answers).
 */
import { startServer } from '../../dist/server/index.js';

const [lake, cacheDir] = process.argv.slice(2);
if (!lake || !cacheDir) throw new Error('server-child: usage: server-child.mjs <lake-uri> <cache-dir>');
const memory = process.env.IPLAKE_BENCH_MEMORY_INDEX_BYTES;
const server = await startServer({ lake, cacheDir, port: 0, memoryIndexBytes: memory === undefined ? undefined : Number(memory) });
console.log(`listening ${server.url}`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
