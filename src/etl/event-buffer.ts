import type { SilverSource } from '../parsers/types.js';
import type { AttributionEvent, EventType, RunEvents } from './attribution/types.js';

/**
 * A run's attribution events, held column by column until the gold step: typed arrays for numbers and
 * interned string ids for text. An event object with its lineage, user and strings costs several hundred
 * bytes of heap (and one held substring can pin its whole raw line); here one event costs about 100 bytes,
 * and the old generation holds a dozen arrays instead of a million small objects, so GC stays cheap.
 *
 * Lossless: `at(i)` deep-equals the event that was pushed (test/etl/event-buffer.test.ts).
 */
export class EventBuffer implements RunEvents {
  private count = 0;
  private capacity: number;
  private readonly strings = new StringTable();
  private readonly lastValues = new Array<string | null>(STRING_FIELDS).fill(null);
  private readonly lastIds = new Uint32Array(STRING_FIELDS);
  // One entry per event; string columns hold StringTable ids (0 = null).
  private time: Float64Array;
  private line: Float64Array;
  private leaseSeconds: Float64Array;
  private leaseStart: Float64Array;
  private leaseEnd: Float64Array;
  private sessionTimeSeconds: Float64Array;
  private ids: Uint32Array;
  /** Session ids (DHCP transaction ids) are nearly unique per event: interning them would only grow the table. */
  private readonly sessionIds: (string | null)[] = [];
  /** Bits: which of the four nullable numbers are null, and the user's presence / isPerson. */
  private flags: Uint8Array;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.time = new Float64Array(this.capacity);
    this.line = new Float64Array(this.capacity);
    this.leaseSeconds = new Float64Array(this.capacity);
    this.leaseStart = new Float64Array(this.capacity);
    this.leaseEnd = new Float64Array(this.capacity);
    this.sessionTimeSeconds = new Float64Array(this.capacity);
    this.ids = new Uint32Array(this.capacity * STRING_FIELDS);
    this.flags = new Uint8Array(this.capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Approximate bytes held: the columns plus the distinct strings. */
  get bytes(): number {
    return this.capacity * (6 * 8 + STRING_FIELDS * 4 + 1) + this.strings.bytes + this.sessionIds.length * SESSION_ID_BYTES;
  }

  push(event: AttributionEvent): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count;
    this.time[i] = event.time;
    this.line[i] = event.lineage.line;
    let flags = 0;
    if (event.leaseSeconds === null) flags |= NULL_LEASE_SECONDS;
    else this.leaseSeconds[i] = event.leaseSeconds;
    if (event.leaseStart === null) flags |= NULL_LEASE_START;
    else this.leaseStart[i] = event.leaseStart;
    if (event.leaseEnd === null) flags |= NULL_LEASE_END;
    else this.leaseEnd[i] = event.leaseEnd;
    if (event.sessionTimeSeconds === null) flags |= NULL_SESSION_TIME;
    else this.sessionTimeSeconds[i] = event.sessionTimeSeconds;
    const user = event.user;
    if (user !== null) flags |= user.isPerson ? HAS_USER | USER_IS_PERSON : HAS_USER;
    this.flags[i] = flags;
    const at = i * STRING_FIELDS;
    const ids = this.ids;
    ids[at + F_SOURCE] = this.intern(F_SOURCE, event.source);
    ids[at + F_EVENT_TYPE] = this.intern(F_EVENT_TYPE, event.eventType);
    ids[at + F_IP] = this.intern(F_IP, event.ip);
    ids[at + F_MAC] = this.intern(F_MAC, event.mac);
    ids[at + F_HOSTNAME] = this.intern(F_HOSTNAME, event.hostname);
    ids[at + F_LEASE_EVENT] = this.intern(F_LEASE_EVENT, event.leaseEvent);
    const sessionId = event.sessionId;
    this.sessionIds.push(sessionId === null || sessionId.length < 13 ? sessionId : detached(sessionId));
    ids[at + F_NAS_IP] = this.intern(F_NAS_IP, event.nasIp);
    ids[at + F_USER_RAW] = user === null ? 0 : this.intern(F_USER_RAW, user.raw);
    ids[at + F_USER_KEY] = user === null ? 0 : this.intern(F_USER_KEY, user.key);
    ids[at + F_OBJECT] = this.intern(F_OBJECT, event.lineage.object);
    this.count = i + 1;
  }

  /** Consecutive events often repeat a field's value (object, source, type, a device's address): skip the hash lookup then. */
  private intern(field: number, value: string | null): number {
    if (value === null) return 0;
    if (value === this.lastValues[field]) return this.lastIds[field] as number;
    const id = this.strings.id(value);
    this.lastValues[field] = value;
    this.lastIds[field] = id;
    return id;
  }

  /** The i-th event, as a fresh object (callers may keep or change it). */
  at(i: number): AttributionEvent {
    if (i < 0 || i >= this.count || !Number.isInteger(i)) throw new RangeError(`event buffer: no event ${i} (holds ${this.count})`);
    const s = this.strings;
    const at = i * STRING_FIELDS;
    const ids = this.ids;
    const flags = this.flags[i] as number;
    return {
      time: this.time[i] as number,
      source: s.value(ids[at + F_SOURCE] as number) as SilverSource,
      eventType: s.value(ids[at + F_EVENT_TYPE] as number) as EventType,
      ip: s.value(ids[at + F_IP] as number),
      mac: s.value(ids[at + F_MAC] as number),
      user:
        (flags & HAS_USER) === 0
          ? null
          : {
              raw: s.value(ids[at + F_USER_RAW] as number) as string,
              key: s.value(ids[at + F_USER_KEY] as number) as string,
              isPerson: (flags & USER_IS_PERSON) !== 0,
            },
      hostname: s.value(ids[at + F_HOSTNAME] as number),
      leaseSeconds: (flags & NULL_LEASE_SECONDS) !== 0 ? null : (this.leaseSeconds[i] as number),
      leaseStart: (flags & NULL_LEASE_START) !== 0 ? null : (this.leaseStart[i] as number),
      leaseEnd: (flags & NULL_LEASE_END) !== 0 ? null : (this.leaseEnd[i] as number),
      leaseEvent: s.value(ids[at + F_LEASE_EVENT] as number),
      sessionId: this.sessionIds[i] ?? null,
      sessionTimeSeconds: (flags & NULL_SESSION_TIME) !== 0 ? null : (this.sessionTimeSeconds[i] as number),
      nasIp: s.value(ids[at + F_NAS_IP] as number),
      lineage: { object: s.value(ids[at + F_OBJECT] as number) as string, line: this.line[i] as number },
    };
  }

  *[Symbol.iterator](): IterableIterator<AttributionEvent> {
    for (let i = 0; i < this.count; i += 1) yield this.at(i);
  }

  /** The distinct landing objects of the events, without making event objects. */
  objects(): Set<string> {
    const ids = new Set<number>();
    for (let i = 0; i < this.count; i += 1) ids.add(this.ids[i * STRING_FIELDS + F_OBJECT] as number);
    return new Set([...ids].map((id) => this.strings.value(id) as string));
  }

  /** Every event as objects, in push order: for consumers that still take an array. */
  toArray(): AttributionEvent[] {
    const events = new Array<AttributionEvent>(this.count);
    for (let i = 0; i < this.count; i += 1) events[i] = this.at(i);
    return events;
  }

  private grow(): void {
    this.capacity *= 2;
    const n = this.count;
    this.time = grown(this.time, new Float64Array(this.capacity), n);
    this.line = grown(this.line, new Float64Array(this.capacity), n);
    this.leaseSeconds = grown(this.leaseSeconds, new Float64Array(this.capacity), n);
    this.leaseStart = grown(this.leaseStart, new Float64Array(this.capacity), n);
    this.leaseEnd = grown(this.leaseEnd, new Float64Array(this.capacity), n);
    this.sessionTimeSeconds = grown(this.sessionTimeSeconds, new Float64Array(this.capacity), n);
    this.ids = grown(this.ids, new Uint32Array(this.capacity * STRING_FIELDS), n * STRING_FIELDS);
    this.flags = grown(this.flags, new Uint8Array(this.capacity), n);
  }
}

// String fields of an event, as offsets into its slot of `ids`.
const F_SOURCE = 0;
const F_EVENT_TYPE = 1;
const F_IP = 2;
const F_MAC = 3;
const F_HOSTNAME = 4;
const F_LEASE_EVENT = 5;
const F_NAS_IP = 6;
const F_USER_RAW = 7;
const F_USER_KEY = 8;
const F_OBJECT = 9;
const STRING_FIELDS = 10;

/** A session id string and its array slot, roughly. */
const SESSION_ID_BYTES = 48;

const NULL_LEASE_SECONDS = 1;
const NULL_LEASE_START = 2;
const NULL_LEASE_END = 4;
const NULL_SESSION_TIME = 8;
const HAS_USER = 16;
const USER_IS_PERSON = 32;

function grown<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T, length: number): T {
  to.set(from.subarray(0, length));
  return to;
}

/** Distinct strings by id (0 is null). Each is stored as its own copy, never a slice of a whole raw line. */
class StringTable {
  bytes = 0;
  private readonly ids = new Map<string, number>();
  private readonly values: (string | null)[] = [null];

  id(value: string | null): number {
    if (value === null) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      const own = detached(value);
      id = this.values.length;
      this.values.push(own);
      this.ids.set(own, id);
      // String, map entry and array slot, roughly.
      this.bytes += 2 * own.length + 64;
    }
    return id;
  }

  value(id: number): string | null {
    return this.values[id] ?? null;
  }
}

/**
 * A copy of `value` that shares no memory with a longer string. V8 makes substrings of 13+ characters as
 * views of their parent, so a parser's session id can keep its whole raw line alive; a UTF-8 round trip copies.
 * Paid once per distinct string only; a string with surrogates (maybe a lone one, which has no exact UTF-8 form) is kept as it is.
 */
function detached(value: string): string {
  return value.length < 13 || SURROGATE.test(value) ? value : Buffer.from(value, 'utf8').toString('utf8');
}

const SURROGATE = /[\uD800-\uDFFF]/;
