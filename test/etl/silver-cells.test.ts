import { describe, expect, it } from 'vitest';
import type { CellValue, PlainRow } from '../../src/engine/index.js';
import { ExpectationChecker, type ExpectationTally } from '../../src/etl/expectations.js';
import { recordOfSilverRow } from '../../src/etl/silver-records.js';
import { silverTableOf, silverTables, type SilverRow, type SilverTable } from '../../src/lake/silver.js';
import type { DhcpRecord, IseRecord, LineRef } from '../../src/parsers/types.js';
import { IseReassembler } from '../../src/parsers/index.js';
import { parseFixtureRecords } from './helpers.js';

/**
 * Silver rows are built as arrays in column order (toCells), for speed. These tests pin that order to the
 * column names: every real fixture record, turned into cells and read back by column name through the
 * independent inverse mapping (recordOfSilverRow), must give the record back.
 */

const ingestTime = Date.UTC(2026, 10, 28);

function parsedRecords(): { record: DhcpRecord | IseRecord; lines: LineRef[] }[] {
  return parseFixtureRecords(ingestTime);
}

const named = (table: SilverTable, cells: readonly CellValue[]): SilverRow =>
  Object.fromEntries(table.spec.columns.map((c, i) => [c.name, cells[i] ?? null]));

const records = parsedRecords();

describe('silver toCells', () => {
  it('covers every silver table with real fixture records', () => {
    const sources = new Set(records.map((r) => r.record.source));
    expect([...sources].sort()).toEqual(silverTables.map((t) => t.source).sort());
  });

  it('puts every value under its column: reading the cells back by name gives the record', () => {
    for (const { record, lines } of records) {
      const table = silverTableOf(record.source);
      const cells = table.toCells(record, { ingestTime, object: lines[0]?.object ?? '', lines });
      expect(cells).toHaveLength(table.spec.columns.length);
      const row = named(table, cells);
      expect(recordOfSilverRow(record.source, row as PlainRow)).toEqual(record);
      expect(row.IngestTime).toBe(ingestTime);
      expect(row.LineNumber).toBe(lines[0]?.line);
      expect(row.ByteOffset).toBe(lines[0]?.offset);
      expect(row.LineCount).toBe(lines.length);
      expect(row.LineNumbers).toBe(lines.length > 1 ? lines.map((l) => l.line).join(',') : null);
    }
  });

  it('gives each column a value of its declared type, and a value wherever the column is not nullable', () => {
    const jsType = { string: 'string', long: 'number', integer: 'number', double: 'number', timestamp: 'number', boolean: 'boolean' } as const;
    for (const { record, lines } of records) {
      const table = silverTableOf(record.source);
      const cells = table.toCells(record, { ingestTime, object: lines[0]?.object ?? '', lines });
      table.spec.columns.forEach((column, i) => {
        const value = cells[i];
        if (value === null) {
          expect(column.nullable, `${table.spec.name}.${column.name} is null`).toBe(true);
          return;
        }
        expect(typeof value, `${table.spec.name}.${column.name}`).toBe(jsType[column.type as keyof typeof jsType]);
      });
    }
  });

  it('lists every bronze line of a segmented ISE message in LineNumbers', () => {
    const head = 'Aug  7 00:00:00 ise01 CISE_RADIUS_Accounting 0000370853 2';
    const reassembler = new IseReassembler();
    const results = [
      ...reassembler.push(
        `${head} 0 2014-08-07 00:00:00.609 -07:00 0011266578 3000 NOTICE Radius-Accounting: RADIUS Accounting start request, User-Name=maswank, Acct-Status-Type=Start,`,
        { object: 'k', line: 7, offset: 700 },
      ),
      ...reassembler.push(`${head} 1 Framed-IP-Address=10.34.76.5, Acct-Session-Id=abc,`, { object: 'k', line: 9, offset: 900 }),
      ...reassembler.flush(),
    ];
    const result = results[0];
    expect(results).toHaveLength(1);
    if (!result?.ok) throw new Error('test: the two segments should make one record');
    const table = silverTableOf(result.record.source);
    const row = named(table, table.toCells(result.record, { ingestTime, object: 'k', lines: result.lines }));
    expect(row).toMatchObject({ IpAddress: '10.34.76.5', LineNumber: 7, ByteOffset: 700, LineCount: 2, LineNumbers: '7,9', Segments: 2 });
  });
});

describe('ExpectationChecker', () => {
  it('decides exactly as the rules do on a row keyed by name, and counts every failing rule', () => {
    let drops = 0;
    for (const table of silverTables) {
      const checker = new ExpectationChecker(table as SilverTable);
      const tally: ExpectationTally = {};
      const expected: Record<string, number> = {};
      for (const { record, lines } of records.filter((r) => r.record.source === table.source)) {
        const cells = (table as SilverTable).toCells(record, { ingestTime, object: 'k', lines });
        const row = named(table as SilverTable, cells);
        const failing = table.expectations.filter((e) => !e.holds(row));
        for (const e of failing) expected[e.name] = (expected[e.name] ?? 0) + 1;
        const dropped = checker.check(cells, tally, lines[0] as LineRef);
        expect(dropped?.name ?? null).toBe(failing.find((e) => e.action === 'drop')?.name ?? null);
        if (dropped) drops += 1;
      }
      const counted = Object.fromEntries(Object.entries(tally[table.spec.name] ?? {}).map(([name, e]) => [name, e.failed]));
      expect(counted).toEqual(expected);
    }
    // The fixtures include profiler events without an IP: the drop path is exercised.
    expect(drops).toBeGreaterThan(0);
  });

  it("stops the run on a failing 'fail' rule, naming the table, the rule and the line", () => {
    const base = silverTableOf('dhcp');
    const strict: SilverTable = {
      ...base,
      expectations: [{ name: 'hostname_required', action: 'fail', holds: (row) => typeof row.Hostname === 'string' }],
    };
    const entry = records.find((r) => r.record.source === 'dhcp' && (r.record as DhcpRecord).hostname === null);
    expect(entry).toBeDefined();
    const { record, lines } = entry as { record: DhcpRecord; lines: LineRef[] };
    const cells = strict.toCells(record, { ingestTime, object: 'k', lines });
    const at = lines[0] as LineRef;
    expect(() => new ExpectationChecker(strict).check(cells, {}, at)).toThrow(
      `etl: expectation hostname_required of silver/dhcp_silver failed at ${at.object}:${at.line} and is declared 'fail'`,
    );
  });
});
