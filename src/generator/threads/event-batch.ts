/**
 * Log events as compact batches of numbers: a Float64Array (every field is an integer below 2^53, timestamps
 * included) that is transferred to the worker, not cloned, and comes back for reuse. A DHCP event takes 5 slots,
 * an ISE event 16; the first slot says which.
 */
import { DHCP_KIND_COUNT, ISE_KIND_COUNT, IseEvent, type DhcpKind, type IseKind, type LogEvents } from '../log-events.js';

/** 256 KiB per batch: a few thousand events, so posting costs little per event and memory stays small. */
export const BATCH_SLOTS = 32_768;

/** First slot of an ISE event; DHCP events use their kind (0 .. DHCP_KIND_COUNT - 1). */
const ISE_OPCODE = DHCP_KIND_COUNT;
const DHCP_SLOTS = 5;
const ISE_SLOTS = 16;

/** Records events into batches; `send` takes a full (or final) batch, `next` supplies an empty one. */
export class BatchRecorder implements LogEvents {
  private batch: Float64Array;
  private used = 0;

  constructor(private readonly next: () => Float64Array, private readonly send: (batch: Float64Array, used: number) => void) {
    this.batch = next();
  }

  dhcp(t: number, dev: number, kind: DhcpKind, address: number, transId: number): void {
    if (this.used + DHCP_SLOTS > this.batch.length) this.flush();
    const b = this.batch;
    const i = this.used;
    b[i] = kind;
    b[i + 1] = t;
    b[i + 2] = dev;
    b[i + 3] = address;
    b[i + 4] = transId;
    this.used = i + DHCP_SLOTS;
  }

  ise(e: IseEvent): void {
    if (this.used + ISE_SLOTS > this.batch.length) this.flush();
    const b = this.batch;
    const i = this.used;
    b[i] = ISE_OPCODE;
    b[i + 1] = e.kind;
    b[i + 2] = e.t;
    b[i + 3] = e.dev;
    b[i + 4] = e.micros;
    b[i + 5] = e.cpm0;
    b[i + 6] = e.cpm1;
    b[i + 7] = e.cpm2;
    b[i + 8] = e.acsBoot;
    b[i + 9] = e.acsCounter;
    b[i + 10] = e.latency;
    b[i + 11] = e.address;
    b[i + 12] = e.publicIp;
    b[i + 13] = e.session;
    b[i + 14] = e.sessionTime;
    // b[i + 15] is spare: keeps ISE events at a round size.
    this.used = i + ISE_SLOTS;
  }

  /** Hands over the batch being filled, if it holds anything. */
  flush(): void {
    if (this.used === 0) return;
    const batch = this.batch;
    const used = this.used;
    this.used = 0;
    this.send(batch, used);
    this.batch = this.next();
  }
}

/** Reports the first `used` slots of `batch` to `into`, in order; `scratch` carries each ISE event. */
export function replayBatch(batch: Float64Array, used: number, into: LogEvents, scratch: IseEvent = new IseEvent()): void {
  let i = 0;
  while (i < used) {
    const op = batch[i] as number;
    if (op < DHCP_KIND_COUNT) {
      into.dhcp(batch[i + 1] as number, batch[i + 2] as number, op as DhcpKind, batch[i + 3] as number, batch[i + 4] as number);
      i += DHCP_SLOTS;
      continue;
    }
    if (op !== ISE_OPCODE || i + ISE_SLOTS > used) throw new Error(`generator: corrupt event batch (opcode ${op} at slot ${i} of ${used})`);
    const kind = batch[i + 1] as number;
    if (!(kind >= 0 && kind < ISE_KIND_COUNT)) throw new Error(`generator: corrupt event batch (ISE kind ${kind} at slot ${i})`);
    const e = scratch;
    e.kind = kind as IseKind;
    e.t = batch[i + 2] as number;
    e.dev = batch[i + 3] as number;
    e.micros = batch[i + 4] as number;
    e.cpm0 = batch[i + 5] as number;
    e.cpm1 = batch[i + 6] as number;
    e.cpm2 = batch[i + 7] as number;
    e.acsBoot = batch[i + 8] as number;
    e.acsCounter = batch[i + 9] as number;
    e.latency = batch[i + 10] as number;
    e.address = batch[i + 11] as number;
    e.publicIp = batch[i + 12] as number;
    e.session = batch[i + 13] as number;
    e.sessionTime = batch[i + 14] as number;
    into.ise(e);
    i += ISE_SLOTS;
  }
}
