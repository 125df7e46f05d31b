/**
 * Timestamp spellings used by the log sources, cached per second because the same second is
 * formatted many times in a row (the simulation runs in time order).
 */
import { flat } from './flat.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A host clock at a fixed UTC offset (minutes east of UTC). */
export class HostClock {
  private readonly offsetMs: number;
  /** `+00:00`, `-05:00`: the ISE body spelling of the offset. */
  readonly offsetText: string;
  private syslogSecond = Number.NaN;
  private syslogText = '';
  private isoSecond = Number.NaN;
  private isoText = '';

  constructor(offsetMinutes = 0) {
    this.offsetMs = offsetMinutes * 60_000;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    this.offsetText = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  }

  /** RFC 3164 `Mmm dd hh:mm:ss` in the host's local time: no year, no zone, day padded with a space. */
  syslog(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.syslogSecond) {
      const d = new Date(second * 1000 + this.offsetMs);
      const day = d.getUTCDate();
      this.syslogText = flat(`${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' : ''}${day} ${hms(d)}`);
      this.syslogSecond = second;
    }
    return this.syslogText;
  }

  /** ISE body timestamp `YYYY-MM-DD hh:mm:ss.mmm +hh:mm` (or 6 fractional digits when `micros` is given). */
  iseBody(ms: number, micros?: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.isoSecond) {
      const iso = new Date(second * 1000 + this.offsetMs).toISOString();
      this.isoText = flat(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
      this.isoSecond = second;
    }
    const millis = ms - second * 1000;
    const frac = micros === undefined ? pad3(millis) : pad3(millis) + pad3(micros);
    return `${this.isoText}.${frac} ${this.offsetText}`;
  }
}

function hms(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}
