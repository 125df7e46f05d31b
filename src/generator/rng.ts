/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) so that a (seed, stream) pair always
 * yields the same sequence on every platform. Math.random is never used: output must be byte-identical.
 */
/** Named streams of the seed: changing one subsystem's draws never shifts another's. */
export const STREAM = { world: 1, behaviour: 2, ids: 3, noise: 4 } as const;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` separates independent sequences (world, behaviour, noise) drawn from one user seed. */
  constructor(seed: number, stream = 0) {
    let s = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // xoshiro must not start all-zero
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('generator: Rng.pick called with an empty list');
    return item;
  }

  /** Eight random lower-case hex digits (DHCP TransID). */
  hex8(): string {
    return hex8(this.u32());
  }

  /** Lower-case hex string of `digits` random digits. */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += this.hex8();
    return out.length === digits ? out : out.slice(0, digits);
  }
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight lower-case hex digits of an unsigned 32-bit integer: a draw can travel as a number and be spelled later. */
export function hex8(x: number): string {
  return (HEX_BYTE[x >>> 24] as string) + HEX_BYTE[(x >>> 16) & 255] + HEX_BYTE[(x >>> 8) & 255] + HEX_BYTE[x & 255];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
