/**
 * "No silent drops", checked from the tables themselves: for every landing source, each bronze line is
 * accounted for exactly once — in a silver row (ISE messages list all their segment lines) or in a quarantine
 * row — and nothing in silver or quarantine points at a line bronze does not have.
 */
import { sqlStringList, type Engine } from '../../src/engine/index.js';
import { bronzeTables, quarantine, silverTables } from '../../src/lake/index.js';
import type { ObjectStore } from '../../src/storage/types.js';
import { scanPaths, type LocalFileSource, type TableSpec } from '../../src/table/index.js';
import { openIfExists } from './table-hash.js';

export interface LineAccount {
  source: 'dhcp' | 'ise';
  bronzeLines: number;
  /** Line references from silver rows and quarantine rows. */
  silverLines: number;
  quarantinedLines: number;
  /** Bronze lines no silver or quarantine row accounts for (must be 0). */
  unaccounted: number;
  /** Bronze lines accounted for more than once (must be 0). */
  duplicated: number;
  /** References to lines bronze does not have (must be 0). */
  dangling: number;
}

/** `read_parquet([...])` of a table's latest snapshot, or undefined when it has no files. */
async function source(store: ObjectStore, spec: TableSpec, cache?: LocalFileSource): Promise<string | undefined> {
  const table = await openIfExists(store, spec);
  const files = table?.snapshot().files ?? [];
  if (!table || files.length === 0) return undefined;
  return `read_parquet(${sqlStringList(await scanPaths(table, files, cache))}, hive_partitioning = false)`;
}

/** Line references of a silver/quarantine relation: every line of multi-line records. */
const lineRefs = (relation: string, where = 'TRUE'): string => `
  SELECT LandingObject AS o, unnest(CASE WHEN LineNumbers IS NULL THEN [LineNumber]
         ELSE list_transform(string_split(LineNumbers, ','), x -> trim(x)::BIGINT) END) AS n
  FROM ${relation} WHERE ${where} AND LineCount > 0`;

export async function accountLines(engine: Engine, store: ObjectStore, cache?: LocalFileSource): Promise<LineAccount[]> {
  const out: LineAccount[] = [];
  for (const src of ['dhcp', 'ise'] as const) {
    const bronze = await source(store, bronzeTables[src === 'dhcp' ? 0 : 1], cache);
    const silverRelations: string[] = [];
    for (const t of silverTables) {
      if (!t.source.startsWith(src)) continue;
      const rel = await source(store, t.spec, cache);
      if (rel) silverRelations.push(lineRefs(rel));
    }
    const q = await source(store, quarantine, cache);
    const empty = 'SELECT NULL::VARCHAR AS o, NULL::BIGINT AS n WHERE FALSE';
    const silverSql = silverRelations.length > 0 ? silverRelations.join(' UNION ALL ') : empty;
    const quarantineSql = q ? lineRefs(q, `Source = '${src}'`) : empty;
    const bronzeSql = bronze ? `SELECT LandingObject AS o, LineNumber AS n FROM ${bronze}` : empty;
    const [row] = await engine.query<Record<string, number | bigint>>(`
      WITH b AS (${bronzeSql}), s AS (${silverSql}), q AS (${quarantineSql}),
      refs AS (SELECT * FROM s UNION ALL SELECT * FROM q),
      counted AS (SELECT o, n, count(*) AS k FROM refs GROUP BY o, n)
      SELECT
        (SELECT count(*) FROM b) AS bronze,
        (SELECT count(*) FROM s) AS silver,
        (SELECT count(*) FROM q) AS quarantined,
        (SELECT count(*) FROM b ANTI JOIN counted c ON b.o = c.o AND b.n = c.n) AS unaccounted,
        (SELECT count(*) FROM counted WHERE k > 1) AS duplicated,
        (SELECT count(*) FROM counted c ANTI JOIN b ON b.o = c.o AND b.n = c.n) AS dangling`);
    if (!row) throw new Error(`line accounting: no result for ${src}`);
    out.push({
      source: src,
      bronzeLines: Number(row.bronze),
      silverLines: Number(row.silver),
      quarantinedLines: Number(row.quarantined),
      unaccounted: Number(row.unaccounted),
      duplicated: Number(row.duplicated),
      dangling: Number(row.dangling),
    });
  }
  return out;
}
