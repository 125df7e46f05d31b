import type { AttributionRow } from '../types.js';
import { Postings, StringColumn } from './string-column.js';

/** Columns read from an ip_attribution_gold file, in this order (times as epoch microseconds; a null End stays null). */
export const ATTRIBUTION_FILE_SQL = [
  '"IntervalId"', '"IpAddress"', '"MacAddress"', '"UserName"', '"UserKey"', '"Hostname"', '"Source"',
  'epoch_us("Start")::DOUBLE', 'epoch_us("End")::DOUBLE', '"EndReason"', '"Evidence"::DOUBLE', '"SessionId"', '"UserSource"',
] as const;

/** One ip_attribution_gold data file held in memory, columnar, with lookups from IP, MAC and user key to rows. */
export class AttributionFile {
  readonly rows: number;
  readonly byIp: Postings;
  readonly byMac: Postings;
  readonly byUser: Postings;
  readonly bytes: number;

  constructor(
    readonly intervalId: StringColumn,
    readonly ip: StringColumn,
    readonly mac: StringColumn,
    readonly userName: StringColumn,
    readonly userKey: StringColumn,
    readonly hostname: StringColumn,
    readonly source: StringColumn,
    readonly startMicros: Float64Array,
    /** NaN while the interval is open. */
    readonly endMicros: Float64Array,
    readonly endReason: StringColumn,
    readonly evidence: Float64Array,
    readonly sessionId: StringColumn,
    readonly userSource: StringColumn,
  ) {
    this.rows = startMicros.length;
    this.byIp = Postings.build(ip);
    this.byMac = Postings.build(mac);
    this.byUser = Postings.build(userKey);
    const strings = [intervalId, ip, mac, userName, userKey, hostname, source, endReason, sessionId, userSource];
    this.bytes = 256 + startMicros.byteLength + endMicros.byteLength + evidence.byteLength +
      this.byIp.bytes + this.byMac.bytes + this.byUser.bytes + strings.reduce((n, c) => n + c.bytes, 0);
  }

  /** Build from DuckDB's columns in ATTRIBUTION_FILE_SQL order. */
  static fromColumns(columns: readonly (readonly unknown[])[]): AttributionFile {
    const str = (i: number): StringColumn => StringColumn.build(columns[i] ?? []);
    const num = (i: number): Float64Array => Float64Array.from(columns[i] ?? [], (v) => (v === null ? Number.NaN : Number(v)));
    return new AttributionFile(str(0), str(1), str(2), str(3), str(4), str(5), str(6), num(7), num(8), str(9), num(10), str(11), str(12));
  }

  toRow(row: number): AttributionRow {
    const end = this.endMicros[row] as number;
    return {
      intervalId: this.intervalId.text(row),
      ip: this.ip.text(row),
      mac: this.mac.value(row),
      userName: this.userName.value(row),
      hostname: this.hostname.value(row),
      source: this.source.text(row),
      start: Math.floor((this.startMicros[row] as number) / 1000),
      end: Number.isNaN(end) ? null : Math.floor(end / 1000),
      endReason: this.endReason.text(row),
      evidence: this.evidence[row] as number,
      sessionId: this.sessionId.value(row),
      userSource: this.userSource.value(row),
    };
  }
}
