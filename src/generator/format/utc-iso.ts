/**
 * `Date.prototype.toISOString` spellings (`2026-03-02T08:32:59.123Z`) without a Date per call: the truth writes two
 * per interval, and its instants fall on a handful of days, so each day's prefix is spelled once.
 */
const DAY_MS = 86_400_000;
const PAD2: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export class UtcIsoFormatter {
  /** Day (days since the epoch) → `YYYY-MM-DDT`; bounded by the days of the generated period. */
  private readonly dayPrefixes = new Map<number, string>();

  /** Same text as `new Date(ms).toISOString()` for integer `ms`. */
  format(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    let prefix = this.dayPrefixes.get(day);
    if (prefix === undefined) {
      prefix = new Date(day * DAY_MS).toISOString().slice(0, -13); // drop `00:00:00.000Z`
      this.dayPrefixes.set(day, prefix);
    }
    const inDay = ms - day * DAY_MS;
    const seconds = Math.floor(inDay / 1000);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor(seconds / 60) - hours * 60;
    return prefix + PAD2[hours] + ':' + PAD2[minutes] + ':' + PAD2[seconds % 60] + '.' + PAD3[inDay - seconds * 1000] + 'Z';
  }
}
