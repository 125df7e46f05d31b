/**
 * A seeded corpus of hostile log lines: real DHCP and ISE lines (external fixtures, generator output) mutated in
 * the ways broken shippers, attackers and disks mutate them, plus pure garbage and megabyte lines.
 * Same seed ⇒ same bytes, so a failure can be replayed. Lines are Buffers without their '\n'.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomInt } from '../helpers/random.js';

export type CorpusSource = 'dhcp' | 'ise';

export interface CorpusOptions {
  /** Lines per source (megabyte lines included). */
  lines: number;
  random: () => number;
  /** Real lines to mutate, per source. */
  base: Record<CorpusSource, readonly string[]>;
  /** Lines of 1–2 MB per source. */
  megabyteLines?: number;
}

/** Byte sequences that are not valid UTF-8: stray continuation, overlong '/', surrogate, truncated 4-byte, 0xFF. */
const INVALID_UTF8 = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xff], [0xc3, 0x28], [0xfe, 0xfe]];
/** Text that is valid but awkward: NUL, BOM, RTL override, emoji, combining marks, CR, tabs, escapes, SQL and JSON. */
const AWKWARD = ['\0', '\uFEFF', '\u202E', '😀', 'e\u0301', '\r', '\t\t', '\\,', '\\\\', "'; DROP TABLE x; --", '{"a":', '%s%n', '${jndi:ldap://x}', '\u0000\u0000'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** One mutation of a real line; each kind is a way real input goes wrong. */
function mutate(random: () => number, line: Buffer, source: CorpusSource): Buffer {
  const at = (): number => randomInt(random, 0, Math.max(0, line.length));
  switch (randomInt(random, 0, 13)) {
    case 0: // flip random bytes
      return Buffer.from(line.map((b) => (random() < 0.02 ? randomInt(random, 1, 255) : b)));
    case 1: // cut short (a shipper's buffer limit, a disk full)
      return line.subarray(0, at());
    case 2: // NUL bytes inside
      return Buffer.concat([line.subarray(0, at()), Buffer.alloc(randomInt(random, 1, 8)), line.subarray(at())]);
    case 3: // invalid UTF-8 inside
      return Buffer.concat([line.subarray(0, at()), Buffer.from(pick(random, INVALID_UTF8)), line.subarray(at())]);
    case 4: // awkward but valid text inside
      return Buffer.concat([line.subarray(0, at()), Buffer.from(pick(random, AWKWARD)), line.subarray(at())]);
    case 5: // a field repeated many times (attribute floods)
      return Buffer.concat([line, ...Array.from({ length: randomInt(random, 10, 400) }, () => line.subarray(line.length >> 1))]);
    case 6: // two lines glued together
      return Buffer.concat([line.subarray(0, at()), line]);
    case 7: // digits replaced: impossible dates, IPs, MACs, counters
      return Buffer.from(line.toString('latin1').replace(/\d/g, (d) => (random() < 0.3 ? String(randomInt(random, 0, 9)) + (random() < 0.2 ? '99999' : '') : d)), 'latin1');
    case 8: // ISE segment header games: segment numbers and counts out of range, shared message ids
      return source === 'ise'
        ? Buffer.from(line.toString('latin1').replace(/ (\d+) (\d+) (\d+) /, () => ` ${pick(random, ['0', '1', '4294967296', '-1'])} ${pick(random, ['0', '99999', '1', '2'])} ${pick(random, ['0', '7', '-3', '999999999'])} `), 'latin1')
        : Buffer.from(line.toString('latin1').replace(/(\d+\.\d+\.\d+\.\d+)/, pick(random, ['999.1.1.1', '::ffff:1.2.3.4', '1.2.3', 'fe80::1%eth0', '0.0.0.0'])), 'latin1');
    case 9: // separators swapped or doubled
      return Buffer.from(line.toString('latin1').replace(/[,= :]/g, (c) => (random() < 0.1 ? pick(random, [',,', '==', '', ';', c + c]) : c)), 'latin1');
    case 10: // leading / trailing whitespace and CR
      return Buffer.concat([Buffer.from(pick(random, ['', ' ', '\t', '   '])), line, Buffer.from(pick(random, ['\r', ' ', '\t', '']))]);
    case 11: // random printable garbage
      return Buffer.from(Array.from({ length: randomInt(random, 0, 300) }, () => randomInt(random, 32, 126)));
    case 12: // random bytes (anything but the line separator)
      return Buffer.from(Array.from({ length: randomInt(random, 1, 300) }, () => {
        const b = randomInt(random, 0, 255);
        return b === 0x0a ? 0x0b : b;
      }));
    default: // a syslog header with an empty or absurd body
      return Buffer.from(`<${randomInt(random, 0, 999)}>Nov ${randomInt(random, 0, 40)} 25:61:61 host ${pick(random, ['', 'dhcpd[1]:', 'CISE_RADIUS_Accounting 1 1 0', 'x'.repeat(2000)])}`);
  }
}

/** A line of `size` bytes that starts like a real one: the parsers see a plausible header, then a flood. */
function megabyteLine(random: () => number, base: string, size: number): Buffer {
  const head = Buffer.from(base.slice(0, 200));
  const filler = Buffer.alloc(Math.max(0, size - head.length), pick(random, ['A', ',', '=', '\\', 'é']));
  return Buffer.concat([head, filler]).subarray(0, size);
}

export function hostileCorpus(options: CorpusOptions): Record<CorpusSource, Buffer[]> {
  const out: Record<CorpusSource, Buffer[]> = { dhcp: [], ise: [] };
  for (const source of ['dhcp', 'ise'] as const) {
    const base = options.base[source].filter((l) => l.length > 0);
    if (base.length === 0) throw new Error(`hostile corpus: no base lines for ${source}`);
    const big = options.megabyteLines ?? 2;
    for (let i = 0; i < big; i += 1) out[source].push(megabyteLine(options.random, pick(options.random, base), randomInt(options.random, 1 << 20, 2 << 20)));
    while (out[source].length < options.lines) {
      const line = Buffer.from(pick(options.random, base), 'latin1');
      // A share of lines stays intact (so silver is not empty), the rest is mutated once or several times.
      let mutated = options.random() < 0.15 ? line : mutate(options.random, line, source);
      if (options.random() < 0.2) mutated = mutate(options.random, mutated, source);
      // The line separator cannot be inside a line; everything else can.
      out[source].push(Buffer.from(mutated.map((b) => (b === 0x0a ? 0x20 : b))));
    }
  }
  return out;
}

/** Lines of real logs to start from: every non-empty line of the given files. */
export async function baseLines(files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) out.push(...(await readFile(file, 'latin1')).split('\n').filter((l) => l.trim().length > 0));
  return out;
}

export interface CorpusFile {
  path: string;
  source: CorpusSource;
  /** The lines a correct reader must find, in order (a trailing CR is part of the line ending, not the line). */
  lines: Buffer[];
  /** A gzip cut short: its remainder must be quarantined as unreadable. */
  truncatedGzip: boolean;
}

/**
 * Write the corpus into `parts` files per source, plus per source: one gzip file cut short, one file whose last line
 * has no '\n', and one empty file.
 */
export async function writeCorpus(corpus: Record<CorpusSource, Buffer[]>, dir: string, parts: number): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  const stripCr = (l: Buffer): Buffer => (l[l.length - 1] === 0x0d ? l.subarray(0, -1) : l);
  for (const source of ['dhcp', 'ise'] as const) {
    const lines = corpus[source];
    const size = Math.ceil(lines.length / parts);
    for (let p = 0; p < parts; p += 1) {
      const part = lines.slice(p * size, (p + 1) * size);
      const file = path.join(dir, `${source}-hostile-${p}.log`);
      await writeFile(file, Buffer.concat(part.flatMap((l) => [l, Buffer.from('\n')])));
      files.push({ path: file, source, lines: part.map(stripCr), truncatedGzip: false });
    }
    const tail = lines.slice(0, 5);
    const noNewline = path.join(dir, `${source}-no-final-newline.log`);
    await writeFile(noNewline, Buffer.concat(tail.flatMap((l, i) => (i < tail.length - 1 ? [l, Buffer.from('\n')] : [l]))));
    files.push({ path: noNewline, source, lines: tail.map(stripCr), truncatedGzip: false });
    const empty = path.join(dir, `${source}-empty.log`);
    await writeFile(empty, Buffer.alloc(0));
    files.push({ path: empty, source, lines: [], truncatedGzip: false });
    const zipped = gzipSync(Buffer.concat(lines.slice(0, 400).flatMap((l) => [l, Buffer.from('\n')])));
    const gz = path.join(dir, `${source}-truncated.log.gz`);
    await writeFile(gz, zipped.subarray(0, Math.floor(zipped.length / 2)));
    files.push({ path: gz, source, lines: [], truncatedGzip: true });
  }
  return files;
}
