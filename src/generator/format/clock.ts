/**
 * Timestamp spellings used by the log sources. The simulation runs in time order, so the day's spelling is
 * built once per day and the time of day from lookup tables: no Date object per second (Date plus toISOString per
 * second showed up as several percent of the generator's profile).
 */
import { flat } from './flat.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAY_SECONDS = 86_400;
const PAD2: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** A host clock at a fixed UTC offset (minutes east of UTC). */
export class HostClock {
  private readonly offsetSeconds: number;
  /** `+00:00`, `-05:00`: the ISE body spelling of the offset. */
  readonly offsetText: string;
  /** ` +00:00`: what follows the fraction of an ISE body timestamp. */
  private readonly offsetSuffix: string;
  /** Local day (days since the epoch) whose spellings are cached below. */
  private day = Number.NaN;
  /** `Mar  2 ` (RFC 3164: day padded with a space). */
  private syslogDay = '';
  /** `2026-03-02 `. */
  private isoDay = '';
  private syslogSecond = Number.NaN;
  private syslogText = '';
  private isoSecond = Number.NaN;
  /** `2026-03-02 08:32:59.` */
  private isoText = '';
  /** `hh:mm:ss` of the second last passed to moveTo. */
  private timeOfDay = '';

  constructor(offsetMinutes = 0) {
    this.offsetSeconds = offsetMinutes * 60;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    this.offsetText = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    this.offsetSuffix = ` ${this.offsetText}`;
  }

  /** RFC 3164 `Mmm dd hh:mm:ss` in the host's local time: no year, no zone, day padded with a space. */
  syslog(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.syslogSecond) {
      this.moveTo(second);
      this.syslogText = flat(this.syslogDay + this.timeOfDay);
      this.syslogSecond = second;
    }
    return this.syslogText;
  }

  /** ISE body timestamp `YYYY-MM-DD hh:mm:ss.mmm +hh:mm` (or 6 fractional digits when `micros` is given). */
  iseBody(ms: number, micros?: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.isoSecond) {
      this.moveTo(second);
      this.isoText = flat(`${this.isoDay}${this.timeOfDay}.`);
      this.isoSecond = second;
    }
    const millis = PAD3[ms - second * 1000] as string;
    return micros === undefined
      ? this.isoText + millis + this.offsetSuffix
      : this.isoText + millis + (PAD3[micros] as string) + this.offsetSuffix;
  }

  /** Caches the local day's spellings (once per day) and spells the local time of day of `second`. */
  private moveTo(second: number): void {
    const local = second + this.offsetSeconds;
    const day = Math.floor(local / DAY_SECONDS);
    if (day !== this.day) {
      const d = new Date(day * DAY_SECONDS * 1000);
      const date = d.getUTCDate();
      this.syslogDay = `${MONTHS[d.getUTCMonth()]} ${date < 10 ? ' ' : ''}${date} `;
      this.isoDay = `${d.toISOString().slice(0, 10)} `;
      this.day = day;
    }
    const s = local - day * DAY_SECONDS;
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor(s / 60) - hours * 60;
    this.timeOfDay = `${PAD2[hours] as string}:${PAD2[minutes] as string}:${PAD2[s % 60] as string}`;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
