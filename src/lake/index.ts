import type { TableSpec } from '../table/types.js';
import { bronzeTables, dhcpBronze, iseBronze } from './bronze.js';
import { goldTables, ipAttributionGold, ipLookupGold } from './gold.js';
import { quarantine, silverTables } from './silver.js';

/**
 * The catalogue: every table of the lake, layer by layer. Paths are `<layer>/<name>` under the lake root.
 */
export { dhcpBronze, iseBronze, bronzeTables } from './bronze.js';
export {
  dhcpSilver,
  iseAuthSilver,
  isePostureSilver,
  iseProfilerSilver,
  iseRadiusSilver,
  quarantine,
  silverTables,
  silverTableOf,
  type Expectation,
  type ExpectationAction,
  type Lineage,
  type SilverRow,
  type SilverTable,
} from './silver.js';
export { ipAttributionGold, ipLookupGold, goldTables } from './gold.js';

export const allTables: readonly TableSpec[] = [
  ...bronzeTables,
  ...silverTables.map((t) => t.spec),
  quarantine,
  ...goldTables,
];

export const tablePath = (spec: TableSpec): string => `${spec.layer}/${spec.name}`;

/** Look a table up by `<layer>/<name>` or by bare name. */
export function findTable(name: string): TableSpec | undefined {
  return allTables.find((t) => t.name === name || tablePath(t) === name);
}

// Named here so a reader of this file sees the whole lake at a glance.
export const lakeLayout = {
  bronze: [dhcpBronze.name, iseBronze.name],
  silver: [...silverTables.map((t) => t.spec.name), quarantine.name],
  gold: [ipLookupGold.name, ipAttributionGold.name],
} as const;
