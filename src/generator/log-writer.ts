/**
 * Routes generated lines to one file per source host per UTC day (`dhcp/infoblox-01-2026-03-07.log`,
 * `ise/ise-psn01-2026-03-07.log`), adds the DHCP syslog header, and mixes in the noise lines.
 * Lines arrive in global time order, so each file is in time order and a day's files close for good
 * as soon as the first line of the next day arrives.
 */
import { join } from 'node:path';
import type { Enterprise } from './enterprise.js';
import { HostClock } from './format/clock.js';
import { flat } from './format/flat.js';
import { IseNodeFramer, type IseMessage } from './format/ise-syslog.js';
import { BufferedTextFile, type Backpressure } from './output-files.js';
import { NoiseMaker } from './noise.js';
import type { Rng } from './rng.js';

const DAY_MS = 86_400_000;

export interface LineCounts {
  dhcp: number;
  ise: number;
  /** Lines no parser can turn into a record: truncated, garbage, orphan segments. */
  malformed: number;
  /** Well-formed lines that carry nothing for attribution: named DNS lines, CISE_Failed_Attempts. */
  irrelevant: number;
}

interface Channel {
  dir: 'dhcp' | 'ise';
  tag: string;
  day: number;
  file: BufferedTextFile | null;
}

export class LogWriter {
  readonly counts: LineCounts = { dhcp: 0, ise: 0, malformed: 0, irrelevant: 0 };
  /** Relative paths of every file written, in creation order. */
  readonly files: string[] = [];
  readonly framers: IseNodeFramer[];
  private readonly dhcpChannels: Channel[];
  private readonly iseChannels: Channel[];
  private readonly dhcpClock = new HostClock(0);
  private readonly dhcpPids: number[];
  private readonly noise: NoiseMaker;
  private readonly prefixCache: ({ header: string; pid: number; prefix: string } | undefined)[] = [];
  private readonly headerCache: ({ second: number; header: string } | undefined)[] = [];

  constructor(
    private readonly outDir: string,
    private readonly enterprise: Enterprise,
    private readonly rng: Rng,
    private readonly noiseRate: number,
    private readonly backpressure: Backpressure,
  ) {
    this.dhcpChannels = enterprise.dhcpServers.map((s) => ({ dir: 'dhcp', tag: s.fileTag, day: -1, file: null }));
    this.iseChannels = enterprise.iseNodes.map((n) => ({ dir: 'ise', tag: n.host, day: -1, file: null }));
    this.dhcpPids = enterprise.dhcpServers.map(() => rng.range(1000, 32000));
    this.framers = enterprise.iseNodes.map((n) => new IseNodeFramer(n, rng.range(10_000, 9_000_000), rng.range(100_000, 90_000_000)));
    this.noise = new NoiseMaker(rng, enterprise);
  }

  /** Writes one dhcpd message (the text after `dhcpd[pid]: `) as logged by DHCP server `server` at `t`. */
  dhcp(server: number, t: number, message: string): void {
    const header = this.dhcpHeader(server, t);
    const file = this.fileFor(this.dhcpChannels, server, t);
    file.line(this.dhcpPrefix(server, header) + message);
    this.counts.dhcp++;
    if (this.noiseRate > 0 && this.rng.float() < this.noiseRate) this.dhcpNoise(server, t, file, header);
  }

  /** Frames and writes one ISE message from node `node`; returns the number of lines (segments). */
  ise(node: number, t: number, micros: number, message: IseMessage): number {
    const framer = this.framers[node] as IseNodeFramer;
    const file = this.fileFor(this.iseChannels, node, t);
    const lines = framer.frame(t, micros, message, file);
    this.counts.ise += lines;
    if (this.noiseRate > 0 && this.rng.float() < this.noiseRate) this.iseNoise(node, t, file);
    return lines;
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const ch of [...this.dhcpChannels, ...this.iseChannels]) {
      if (ch.file) closing.push(ch.file.close());
      ch.file = null;
    }
    await Promise.all(closing);
  }

  /** `<30>… host dhcpd[pid]: `, rebuilt only when the second (or the pid) changes. */
  private dhcpPrefix(server: number, header: string): string {
    const cached = this.prefixCache[server];
    if (cached !== undefined && cached.header === header && cached.pid === this.dhcpPids[server]) return cached.prefix;
    const pid = this.dhcpPids[server] as number;
    const prefix = flat(`${header}dhcpd[${pid}]: `);
    this.prefixCache[server] = { header, pid, prefix };
    return prefix;
  }

  private dhcpHeader(server: number, t: number): string {
    const second = Math.floor(t / 1000);
    const cached = this.headerCache[server];
    if (cached !== undefined && cached.second === second) return cached.header;
    const host = this.enterprise.dhcpServers[server]?.syslogHost ?? 'dhcp';
    const header = `<30>${this.dhcpClock.syslog(t)} ${host} `;
    this.headerCache[server] = { second, header };
    return header;
  }

  private dhcpNoise(server: number, t: number, file: BufferedTextFile, header: string): void {
    const noise = this.noise.dhcp(server, header, this.dhcpPids[server] as number);
    file.line(noise.line);
    this.counts.dhcp++;
    this.counts[noise.kind]++;
  }

  private iseNoise(node: number, t: number, file: BufferedTextFile): void {
    const framer = this.framers[node] as IseNodeFramer;
    const noise = this.noise.ise(framer, t);
    for (const line of noise.lines) file.line(line);
    this.counts.ise += noise.lines.length;
    this.counts[noise.kind] += noise.lines.length;
  }

  private fileFor(channels: Channel[], index: number, t: number): BufferedTextFile {
    const ch = channels[index];
    if (ch === undefined) throw new Error(`generator: no log channel ${index}`);
    const day = Math.floor(t / DAY_MS);
    if (ch.file !== null && ch.day === day) return ch.file;
    if (ch.file !== null) {
      // A day's file never receives another line once the next day has begun: close it in the background.
      this.backpressure.waits.push(ch.file.close());
      if (ch.dir === 'dhcp') this.dhcpPids[index] = this.rng.range(1000, 32000); // dhcpd restarts now and then
    }
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const rel = `${ch.dir}/${ch.tag}-${date}.log`;
    ch.file = new BufferedTextFile(join(this.outDir, rel), this.backpressure.waits);
    ch.day = day;
    this.files.push(rel);
    return ch.file;
  }
}
