import { compareBytewise } from '../../table/index.js';
import type { EventRow } from '../types.js';
import { Postings, StringColumn } from './string-column.js';

/** Columns read from an ip_lookup_gold file, in this order (times as epoch microseconds, exact in a double). */
export const EVENT_FILE_SQL = [
  'epoch_us("EventTimestamp")::DOUBLE', '"IpAddress"', '"MacAddress"', '"UserName"', '"UserKey"', '"Hostname"',
  '"EventType"', '"Source"', '"SessionId"', '"BronzeTable"', '"LandingObject"', '"LineNumber"::DOUBLE',
] as const;

/**
 * One ip_lookup_gold data file held in memory, columnar: interned strings, times as microseconds (the
 * precision DuckDB compares at), lookups from IP, MAC and user key to rows, and each row's rank in the
 * event order (timestamp, source, landing object, line, type) so rows of one file compare by one number.
 */
export class EventFile {
  readonly rows: number;
  readonly byIp: Postings;
  readonly byMac: Postings;
  readonly byUser: Postings;
  /** Row ids in event order. */
  readonly order: Uint32Array;
  /** Position of each row in `order`. */
  readonly rank: Uint32Array;
  readonly bytes: number;

  constructor(
    readonly micros: Float64Array,
    readonly ip: StringColumn,
    readonly mac: StringColumn,
    readonly userName: StringColumn,
    readonly userKey: StringColumn,
    readonly hostname: StringColumn,
    readonly eventType: StringColumn,
    readonly source: StringColumn,
    readonly sessionId: StringColumn,
    readonly bronzeTable: StringColumn,
    readonly landingObject: StringColumn,
    readonly lineNumber: Float64Array,
  ) {
    this.rows = micros.length;
    this.byIp = Postings.build(ip);
    this.byMac = Postings.build(mac);
    this.byUser = Postings.build(userKey);
    // Dictionaries are sorted bytewise, so comparing codes compares the strings.
    const s = source.codes;
    const l = landingObject.codes;
    const t = eventType.codes;
    this.order = Uint32Array.from({ length: this.rows }, (_, i) => i).sort(
      (a, b) =>
        (micros[a] as number) - (micros[b] as number) || (s[a] as number) - (s[b] as number) ||
        (l[a] as number) - (l[b] as number) || (lineNumber[a] as number) - (lineNumber[b] as number) ||
        (t[a] as number) - (t[b] as number),
    );
    this.rank = new Uint32Array(this.rows);
    this.order.forEach((row, position) => (this.rank[row] = position));
    const strings = [ip, mac, userName, userKey, hostname, eventType, source, sessionId, bronzeTable, landingObject];
    this.bytes = 256 + micros.byteLength + lineNumber.byteLength + this.order.byteLength + this.rank.byteLength +
      this.byIp.bytes + this.byMac.bytes + this.byUser.bytes + strings.reduce((n, c) => n + c.bytes, 0);
  }

  /** Build from DuckDB's columns in EVENT_FILE_SQL order. */
  static fromColumns(columns: readonly (readonly unknown[])[]): EventFile {
    const str = (i: number): StringColumn => StringColumn.build(columns[i] ?? []);
    const num = (i: number): Float64Array => Float64Array.from(columns[i] ?? [], Number);
    return new EventFile(num(0), str(1), str(2), str(3), str(4), str(5), str(6), str(7), str(8), str(9), str(10), num(11));
  }

  toRow(row: number): EventRow {
    return {
      timestamp: Math.floor((this.micros[row] as number) / 1000),
      ip: this.ip.value(row),
      mac: this.mac.value(row),
      userName: this.userName.value(row),
      hostname: this.hostname.value(row),
      eventType: this.eventType.text(row),
      source: this.source.text(row),
      sessionId: this.sessionId.value(row),
      lineage: {
        bronzeTable: this.bronzeTable.text(row),
        landingObject: this.landingObject.text(row),
        lineNumber: this.lineNumber[row] as number,
      },
    };
  }
}

/** One row of one resident file. */
export interface EventRef {
  file: EventFile;
  row: number;
}

/** Event order across files: rows of one file by rank, others by the key's columns (strings bytewise). */
export function compareEvents(a: EventRef, b: EventRef): number {
  const dt = (a.file.micros[a.row] as number) - (b.file.micros[b.row] as number);
  if (dt !== 0) return dt;
  if (a.file === b.file) return (a.file.rank[a.row] as number) - (b.file.rank[b.row] as number);
  return (
    compareBytewise(a.file.source.text(a.row), b.file.source.text(b.row)) ||
    compareBytewise(a.file.landingObject.text(a.row), b.file.landingObject.text(b.row)) ||
    (a.file.lineNumber[a.row] as number) - (b.file.lineNumber[b.row] as number) ||
    compareBytewise(a.file.eventType.text(a.row), b.file.eventType.text(b.row))
  );
}
