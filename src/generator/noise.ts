/**
 * Malformed and irrelevant lines, as real feeds carry them. Each is built so that it can never change the
 * attribution truth: truncations cut inside the message keyword/address or the ISE body timestamp (so no
 * parser can read a binding out of them), orphan segments carry no user or IP, and irrelevant lines
 * (named, TrustSec failed attempts) name no person and bind nothing.
 */
import type { Enterprise } from './enterprise.js';
import { failedAttempt } from './format/ise-messages.js';
import type { IseNodeFramer } from './format/ise-syslog.js';
import type { Rng } from './rng.js';

export type NoiseKind = 'malformed' | 'irrelevant';

const QUERY_NAMES = ['www.example.com', 'login.microsoftonline.com', 'outlook.office365.com', 'updates.corp.example.com',
  'wpad.corp.example.com', '_ldap._tcp.dc._msdcs.corp.example.com'] as const;

export class NoiseMaker {
  constructor(private readonly rng: Rng, private readonly enterprise: Enterprise) {}

  dhcp(server: number, header: string, pid: number): { kind: NoiseKind; line: string } {
    const r = this.rng.float();
    if (r < 0.4) {
      const client = `10.64.${this.rng.int(8)}.${this.rng.range(10, 250)}`;
      const name = this.rng.pick(QUERY_NAMES);
      const serverIp = this.enterprise.dhcpServers[server]?.serverIp ?? '10.0.0.11';
      return {
        kind: 'irrelevant',
        line: `${header}named[${pid + 7}]: client ${client}#${this.rng.range(1024, 65535)} (${name}): query: ${name} IN A + (${serverIp})`,
      };
    }
    if (r < 0.7) {
      const text = `DHCPREQUEST for 10.${64 + this.rng.int(2)}.${this.rng.int(8)}.${this.rng.range(10, 250)} from 00:50:56:00:00:01`;
      // Cut within "DHCPREQUEST for 10.6": the address is never complete.
      return { kind: 'malformed', line: `${header}dhcpd[${pid}]: ${text.slice(0, this.rng.range(4, 19))}` };
    }
    return { kind: 'malformed', line: this.garbage() };
  }

  ise(framer: IseNodeFramer, t: number): { kind: NoiseKind; lines: string[] } {
    const r = this.rng.float();
    const node = framer.node;
    if (r < 0.4) {
      const ids = { cpm: this.rng.hex(24), acs: `${node.host}/${this.rng.range(100000000, 999999999)}/${this.rng.range(1, 9999999)}`, configVersion: 240, latency: this.rng.range(1, 30) };
      const lines: string[] = [];
      framer.frame(t, 0, failedAttempt(`10.56.72.${this.rng.range(1, 254)}`, node, ids), { line: (text) => lines.push(text) });
      return { kind: 'irrelevant', lines };
    }
    const head = `${framer.relayHeader(t)}${framer.ownHeader(t, 'INFO')}`;
    if (r < 0.7) {
      // Cut inside the body timestamp: the header survives, the time and everything after it do not.
      const ts = framer.bodyTimestamp(t, 0);
      return { kind: 'malformed', lines: [`${head}CISE_Profiler ${framer.takeMessageId()} 1 0 ${ts.slice(0, this.rng.range(1, 18))}`] };
    }
    if (r < 0.85) {
      // A continuation whose segment 0 never arrives (the Elastic sample has one): reassembly must give up on it.
      return {
        kind: 'malformed',
        lines: [`${head}CISE_Profiler ${framer.takeMessageId()} 2 1 EndpointSourceEvent=SNMPQuery Probe, EndpointIdentityGroup=Profiled, ProfilerServer=${node.host}.corp.example.com,`],
      };
    }
    return { kind: 'malformed', lines: [this.garbage()] };
  }

  /**
   * Binary junk without line breaks: NUL and control bytes, and bytes 0x80–0xFF that are not valid UTF-8
   * (the files are written one byte per character, see BufferedTextFile.line).
   */
  private garbage(): string {
    const n = this.rng.range(12, 120);
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = this.rng.int(100);
      s += c < 8 ? '\u0000' : c < 20 ? String.fromCharCode(0x80 + this.rng.int(128)) : c < 26 ? String.fromCharCode(1 + this.rng.int(8)) : String.fromCharCode(33 + this.rng.int(94));
    }
    return s;
  }
}
