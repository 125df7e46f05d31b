import { normalizeUser } from '../parsers/normalize/index.js';
import { EVENT_ORDER } from './columns.js';
import type { EventKey } from './cursor.js';
import { and, col, equals, sqlString, tsLiteral } from './sql.js';
import type { EventFilter } from './types.js';

/** The UserKey a user name is looked up by: the lower-case account, as the ETL stores it. */
export function userKeyOf(name: string): string {
  return normalizeUser(name)?.key ?? name.trim().toLowerCase();
}

/** WHERE conditions for an event filter (the window is closed: from ≤ EventTimestamp ≤ to). */
export function eventConditions(filter: EventFilter): string[] {
  const conditions = [
    `${col('EventTimestamp')} >= ${tsLiteral(filter.from)}`,
    `${col('EventTimestamp')} <= ${tsLiteral(filter.to)}`,
  ];
  if (filter.ip !== undefined) conditions.push(equals('IpAddress', filter.ip));
  if (filter.mac !== undefined) conditions.push(equals('MacAddress', filter.mac));
  if (filter.userName !== undefined) conditions.push(equals('UserKey', userKeyOf(filter.userName)));
  if (filter.source !== undefined) conditions.push(equals('Source', filter.source));
  if (filter.eventType !== undefined) conditions.push(equals('EventType', filter.eventType));
  return conditions;
}

/**
 * Keyset condition: rows strictly after the cursor in EVENT_ORDER. The leading `EventTimestamp >= t`
 * duplicates the first term on purpose: it is a plain column-vs-constant comparison DuckDB pushes into the
 * Parquet reader to skip row groups, which the nested OR alone does not allow.
 */
export function afterCondition(key: EventKey): string {
  const values = [
    tsLiteral(key.timestamp),
    sqlString(key.source),
    sqlString(key.landingObject),
    String(Math.trunc(key.lineNumber)),
    sqlString(key.eventType),
  ];
  let expr = `${col(EVENT_ORDER[4])} > ${values[4]}`;
  for (let i = 3; i >= 0; i -= 1) {
    const c = col(EVENT_ORDER[i] as string);
    expr = `${c} > ${values[i]} OR (${c} = ${values[i]} AND (${expr}))`;
  }
  return and([`${col('EventTimestamp')} >= ${values[0]}`, expr]);
}

export function orderBy(prefix = ''): string {
  return EVENT_ORDER.map((c) => `${prefix}${col(c)}`).join(', ');
}
