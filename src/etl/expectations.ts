import type { CellValue } from '../engine/index.js';
import type { Expectation, SilverRow, SilverTable } from '../lake/silver.js';
import type { LineRef } from '../parsers/types.js';

/** Per table, per expectation: how many rows failed it this run. */
export type ExpectationTally = Record<string, Record<string, { action: Expectation['action']; failed: number }>>;

const noCells: readonly CellValue[] = [];

/** A row view: the SilverRow rules read (column getters on a shared prototype), backed by the row's cells. */
interface CellsView {
  cells: readonly CellValue[];
  /** Per column slot (see slotOf): the column's index in `cells`, or -1 when the table has no such column. */
  positions: Int32Array;
}

/**
 * One prototype for the views of every table, with a getter per column name any table has. Rules such as the
 * time rules are shared by all silver tables: with a prototype per table their property loads saw five shapes
 * (megamorphic, a slow generic lookup per row); with one shared shape they stay monomorphic.
 */
const viewPrototype: object = {};
const slots = new Map<string, number>();

function slotOf(column: string): number {
  let slot = slots.get(column);
  if (slot === undefined) {
    const at = slots.size;
    slot = at;
    slots.set(column, at);
    Object.defineProperty(viewPrototype, column, {
      get(this: CellsView): CellValue | undefined {
        const index = this.positions[at];
        // A column the table lacks reads as a missing property would.
        return index === undefined || index < 0 ? undefined : (this.cells[index] ?? null);
      },
      enumerable: true,
    });
  }
  return slot;
}

/**
 * A silver table's expectations, ready for the hot path. Rules are written against rows keyed by column
 * name; rows travel as arrays in column order. Rather than building an object per row, the checker
 * points one view at the row's cells: each column name is a getter reading its index.
 */
export class ExpectationChecker {
  private readonly view: CellsView;

  constructor(readonly table: SilverTable) {
    const columnSlots = table.spec.columns.map((column) => slotOf(column.name));
    const positions = new Int32Array(slots.size).fill(-1);
    columnSlots.forEach((slot, i) => {
      positions[slot] = i;
    });
    const view = Object.create(viewPrototype) as CellsView;
    view.cells = noCells;
    view.positions = positions;
    this.view = view;
  }

  /**
   * Apply the rules to one row (cells in spec.columns order), in declaration order. Every failing rule
   * is counted; the first failing `drop` rule decides where the row goes; a failing `fail` rule stops
   * the run. Returns the rule that dropped the row, or null when the row is kept.
   */
  check(cells: readonly CellValue[], tally: ExpectationTally, at: LineRef): Expectation | null {
    const { table, view } = this;
    view.cells = cells;
    let dropped: Expectation | null = null;
    for (const expectation of table.expectations) {
      if (expectation.holds(view as unknown as SilverRow)) continue;
      count(tally, table.spec.name, expectation);
      if (expectation.action === 'fail') {
        throw new Error(
          `etl: expectation ${expectation.name} of silver/${table.spec.name} failed at ${at.object}:${at.line} and is declared 'fail'; ` +
            'the run stops so nothing half-valid is committed — fix the input or the parser, then re-run',
        );
      }
      if (expectation.action === 'drop' && dropped === null) dropped = expectation;
    }
    view.cells = noCells; // the view must not keep the row alive
    return dropped;
  }
}

function count(tally: ExpectationTally, table: string, expectation: Expectation): void {
  const rules = (tally[table] ??= {});
  const entry = (rules[expectation.name] ??= { action: expectation.action, failed: 0 });
  entry.failed += 1;
}
