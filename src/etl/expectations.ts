import type { Expectation, SilverRow, SilverTable } from '../lake/silver.js';

/** Per table, per expectation: how many rows failed it this run. */
export type ExpectationTally = Record<string, Record<string, { action: Expectation['action']; failed: number }>>;

/**
 * Apply a table's expectations to one row, in declaration order. Every failing rule is counted;
 * the first failing `drop` rule decides where the row goes; a failing `fail` rule stops the run.
 * Returns the rule that dropped the row, or null when the row is kept.
 */
export function checkExpectations(
  table: SilverTable,
  row: SilverRow,
  tally: ExpectationTally,
  where: () => string,
): Expectation | null {
  let dropped: Expectation | null = null;
  for (const expectation of table.expectations) {
    if (expectation.holds(row)) continue;
    count(tally, table.spec.name, expectation);
    if (expectation.action === 'fail') {
      throw new Error(
        `etl: expectation ${expectation.name} of silver/${table.spec.name} failed at ${where()} and is declared 'fail'; ` +
          'the run stops so nothing half-valid is committed — fix the input or the parser, then re-run',
      );
    }
    if (expectation.action === 'drop' && dropped === null) dropped = expectation;
  }
  return dropped;
}

function count(tally: ExpectationTally, table: string, expectation: Expectation): void {
  const rules = (tally[table] ??= {});
  const entry = (rules[expectation.name] ??= { action: expectation.action, failed: 0 });
  entry.failed += 1;
}
