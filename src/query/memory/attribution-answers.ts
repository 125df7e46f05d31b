import { compareBytewise } from '../../table/index.js';
import type { AttributionRow, EntityKind, TimeWindow } from '../types.js';
import type { AttributionFile } from './attribution-file.js';

/**
 * Attribution intervals of each key that overlap the window (Start ≤ to, End null or > from), from resident
 * ip_attribution_gold files: the in-memory twin of the session's `attributions-by-*` statement. An interval
 * is stored in every hour it overlaps; the first copy found stands for all (the copies are identical).
 */
export function attributionsByKey(
  files: readonly AttributionFile[],
  kind: EntityKind,
  keys: readonly string[],
  window: TimeWindow,
): Map<string, AttributionRow[]> {
  const out = new Map<string, AttributionRow[]>();
  const from = window.from * 1000;
  const to = window.to * 1000;
  for (const key of new Set(keys)) {
    const seen = new Set<string>();
    const list: AttributionRow[] = [];
    for (const file of files) {
      const column = kind === 'ip' ? file.ip : kind === 'mac' ? file.mac : file.userKey;
      const postings = kind === 'ip' ? file.byIp : kind === 'mac' ? file.byMac : file.byUser;
      for (const row of postings.rowsOf(column.codeOf(key))) {
        const end = file.endMicros[row] as number;
        if ((file.startMicros[row] as number) > to || !(Number.isNaN(end) || end > from)) continue;
        const id = file.intervalId.text(row);
        if (seen.has(id)) continue;
        seen.add(id);
        list.push(file.toRow(row));
      }
    }
    if (list.length === 0) continue;
    list.sort((a, b) => a.start - b.start || compareBytewise(a.ip, b.ip) || compareBytewise(a.intervalId, b.intervalId));
    out.set(key, list);
  }
  return out;
}
