/**
 * A DHCP scope's (or the VPN pool's) addresses. Free addresses are handed out oldest-freed first, as ISC dhcpd
 * does, so an address moves to another device some time after its holder left. An address freed less than
 * `reuseGapMs` ago is not handed out: two binding events on one IP within the same syslog second would have
 * no defined order for the ETL.
 */
import { ipv4 } from './enterprise.js';
import { flat } from './format/flat.js';

export const NO_ADDRESS = -1;

export class AddressPool {
  /** Device holding (or being offered) each address, or -1. */
  readonly holder: Int32Array;
  /** When each address was last freed (epoch ms). */
  readonly freedAt: Float64Array;
  /** Last syslog second with a binding event (ACK, RELEASE, EXPIRE) on each address. */
  readonly lastBindingSecond: Float64Array;
  /** Bound addresses whose holder has left without releasing them, oldest first: superseding candidates. */
  readonly lingering = new Map<number, number>();
  private readonly texts: string[];
  private readonly queue: number[] = [];
  private readonly queueStamp: number[] = [];
  private readonly stamp: Int32Array;
  private head = 0;

  constructor(readonly firstAddress: number, readonly size: number, private readonly reuseGapMs: number) {
    this.holder = new Int32Array(size).fill(NO_ADDRESS);
    this.freedAt = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.lastBindingSecond = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.stamp = new Int32Array(size);
    this.texts = addressTexts(firstAddress, size);
    for (let i = 0; i < size; i++) {
      this.queue.push(i);
      this.queueStamp.push(0);
    }
  }

  text(index: number): string {
    return this.texts[index] as string;
  }

  isFreeForReuse(index: number, now: number): boolean {
    return this.holder[index] === NO_ADDRESS && (this.freedAt[index] as number) <= now - this.reuseGapMs;
  }

  /** Takes a specific free address (a client asking for its previous one). */
  claim(index: number, device: number): void {
    this.holder[index] = device;
  }

  /** Oldest address freed at least `reuseGapMs` ago, or -1 when none is. */
  takeOldestFree(device: number, now: number): number {
    while (this.head < this.queue.length) {
      const index = this.queue[this.head] as number;
      const stamp = this.queueStamp[this.head] as number;
      if (this.holder[index] !== NO_ADDRESS || this.stamp[index] !== stamp) {
        this.head++;
        continue;
      }
      if ((this.freedAt[index] as number) > now - this.reuseGapMs) return NO_ADDRESS;
      this.head++;
      this.compact();
      this.holder[index] = device;
      return index;
    }
    return NO_ADDRESS;
  }

  free(index: number, now: number): void {
    this.holder[index] = NO_ADDRESS;
    this.freedAt[index] = now;
    this.lingering.delete(index);
    const stamp = (this.stamp[index] as number) + 1;
    this.stamp[index] = stamp;
    this.queue.push(index);
    this.queueStamp.push(stamp);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.queueStamp.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** Dotted spellings of `size` consecutive addresses from `firstAddress`, each flat (it goes into many lines). */
export function addressTexts(firstAddress: number, size: number): string[] {
  const texts: string[] = [];
  for (let i = 0; i < size; i++) texts.push(flat(ipv4(firstAddress + i)));
  return texts;
}
