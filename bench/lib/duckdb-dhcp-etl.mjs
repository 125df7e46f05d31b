/**
 * The ETL's baseline: DuckDB alone doing the per-line work of a DHCP run over the same landing objects, in SQL, with
 * no iplake code (the DuckDB Node client only). Per object, as the ETL works: read the text, split it into lines
 * with their number and byte offset (bronze), take each line's time, message type, IP, MAC, hostname and lease
 * duration with regular expressions (silver), keep the lines that do not parse (quarantine), and write the parsed rows
 * ordered by IP then time in 2,048-row groups (gold events); each table one hive-partitioned zstd Parquet COPY. A
 * partitioned COPY does not promise to keep the order inside each file (on the bench's 1 M landing about 100 of 800 k
 * neighbouring gold rows are out of order; iplake's files are sorted exactly): one more way this side does less.
 *   node bench/lib/duckdb-dhcp-etl.mjs <out-dir> <year> <object>...   → one JSON line: rows per table
 * What it leaves out, so that it is the cheaper side: attribution intervals, expectations beyond "parses", Delta
 * commits and file statistics, checkpoints, the parsers' year inference and their many line shapes. The objects must
 * be UTF-8 (read_text rejects anything else): the caller passes copies whose invalid bytes were replaced.
 */
import { mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [out, year, ...objects] = process.argv.slice(2);
if (!out || !/^\d{4}$/.test(year ?? '') || objects.length === 0) {
  throw new Error('duckdb-dhcp-etl: usage: duckdb-dhcp-etl.mjs <out-dir> <year> <object>...');
}
mkdirSync(out, { recursive: true });
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '512MB' });
const db = await instance.connect();
await db.run("SET TimeZone = 'UTC'");
const rows = { bronze: 0, silver: 0, quarantine: 0, gold: 0 };
const copy = (select, table, n) =>
  db.run(
    `COPY (${select}) TO ${quote(`${out}/${table}`)} ` +
      `(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt, hr), FILENAME_PATTERN 'part-${n}-{i}', OVERWRITE_OR_IGNORE, ROW_GROUP_SIZE 2048)`,
  );

for (const [n, object] of objects.entries()) {
  await db.run(`CREATE OR REPLACE TEMP TABLE lines AS
    SELECT unnest(parts) AS RawLine, generate_subscripts(parts, 1) AS LineNumber
    FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text(${quote(object)}))`);
  await db.run(`CREATE OR REPLACE TEMP TABLE bronze AS
    SELECT ${quote(object)} AS LandingObject, LineNumber,
           sum(strlen(RawLine) + 1) OVER (ORDER BY LineNumber) - strlen(RawLine) - 1 AS ByteOffset,
           RawLine, now() AS IngestTime
    FROM lines WHERE LineNumber < (SELECT max(LineNumber) FROM lines) OR RawLine <> ''`);
  await db.run(`CREATE OR REPLACE TEMP TABLE parsed AS
    SELECT LandingObject, LineNumber, RawLine,
      try_strptime('${year} ' || regexp_extract(RawLine, '^<\\d+>(\\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d) ', 1), '%Y %b %d %H:%M:%S') AS EventTimestamp,
      nullif(regexp_extract(RawLine, ' dhcpd\\[\\d+\\]: DHCP(\\w+)', 1), '') AS EventType,
      nullif(regexp_extract(RawLine, ' (?:on|for) (\\d+\\.\\d+\\.\\d+\\.\\d+)', 1), '') AS IpAddress,
      nullif(regexp_extract(RawLine, ' (?:to|from) ([0-9a-f]{2}(?::[0-9a-f]{2}){5})', 1), '') AS MacAddress,
      nullif(regexp_extract(RawLine, '[0-9a-f:]{17} \\(([^)]*)\\)', 1), '') AS Hostname,
      try_cast(nullif(regexp_extract(RawLine, 'lease-duration (\\d+)', 1), '') AS INTEGER) AS LeaseSeconds
    FROM bronze`);
  const ok = 'EventTimestamp IS NOT NULL AND EventType IS NOT NULL';
  const hour = (column) => `strftime(${column}, '%Y-%m-%d') AS dt, strftime(${column}, '%H') AS hr`;
  await copy(`SELECT *, ${hour('IngestTime')} FROM bronze`, 'bronze', n);
  await copy(`SELECT * EXCLUDE (RawLine), ${hour('EventTimestamp')} FROM parsed WHERE ${ok} ORDER BY EventTimestamp`, 'silver', n);
  await copy(`SELECT LandingObject, LineNumber, RawLine, ${hour('now()')} FROM parsed WHERE NOT (${ok})`, 'quarantine', n);
  await copy(
    `SELECT EventTimestamp, IpAddress, MacAddress, EventType, Hostname, LandingObject, LineNumber, ${hour('EventTimestamp')}
     FROM parsed WHERE ${ok} AND IpAddress IS NOT NULL ORDER BY IpAddress, EventTimestamp`,
    'gold',
    n,
  );
  // One scan for every table's count: parsed has a row per bronze line.
  const [bronze, silver, quarantine, gold] = (
    await db.runAndReadAll(
      `SELECT count(*), count(*) FILTER (WHERE ${ok}), count(*) FILTER (WHERE NOT (${ok})),
              count(*) FILTER (WHERE ${ok} AND IpAddress IS NOT NULL) FROM parsed`,
    )
  ).getRows()[0].map(Number);
  rows.bronze += bronze;
  rows.silver += silver;
  rows.quarantine += quarantine;
  rows.gold += gold;
}
console.log(JSON.stringify(rows));
