/**
 * Test helpers: run the generator into a temp directory and read its output back with small, independent
 * regex readers (deliberately sharing no code with src/generator, so they check the generator from outside).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type GenerateOptions, type GenerateSummary, type TruthInterval } from '../../src/generator/index.js';

export interface Generated {
  dir: string;
  summary: GenerateSummary;
  cleanup: () => Promise<void>;
}

export async function generateInto(options: Omit<GenerateOptions, 'out'>): Promise<Generated> {
  const dir = await mkdtemp(join(tmpdir(), 'iplake-gen-test-'));
  const summary = await generate({ ...options, out: dir });
  return { dir, summary, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Files are one byte per character (garbage lines carry invalid UTF-8 on purpose). */
export async function readLines(path: string): Promise<string[]> {
  const text = (await readFile(path)).toString('latin1');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export async function logFiles(dir: string, source: 'dhcp' | 'ise'): Promise<string[]> {
  return (await readdir(join(dir, source))).sort().map((f) => join(dir, source, f));
}

export async function readTruth(dir: string): Promise<TruthInterval[]> {
  return (await readLines(join(dir, 'truth.jsonl'))).map((l) => JSON.parse(l) as TruthInterval);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3164 time (UTC, no year) → epoch ms, with the year given. */
export function syslogTime(year: number, month: string, day: string, hms: string): number {
  return Date.parse(`${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.trim().padStart(2, '0')}T${hms}Z`);
}

export const DHCP_HEADER = /^<30>([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\S+)(?: (\d+\.\d+\.\d+\.\d+))? (dhcpd|named)\[(\d+)\]: (.*)$/;

export interface DhcpEvent {
  t: number;
  type: string;
  ip: string;
  mac: string;
  lease: number | null;
  renew: boolean;
  line: string;
}

const DHCP_BINDING = /^(DHCPACK) on (\S+) to (\S+) (?:\(\S+\) )?via \S+ relay \S+ lease-duration (\d+)( \(RENEW\))?|^(DHCPRELEASE) of (\S+) from (\S+) |^(DHCPEXPIRE) on (\S+) to (\S+)$/;

/** The binding-relevant DHCP events (ACK with lease, RELEASE, EXPIRE) of one DHCP log file. */
export function dhcpBindingEvents(lines: string[], year: number): DhcpEvent[] {
  const events: DhcpEvent[] = [];
  for (const line of lines) {
    const h = DHCP_HEADER.exec(line);
    if (!h || h[6] !== 'dhcpd') continue;
    const m = DHCP_BINDING.exec(h[8] as string);
    if (!m) continue;
    const t = syslogTime(year, h[1] as string, h[2] as string, h[3] as string);
    if (m[1]) events.push({ t, type: 'DHCPACK', ip: m[2]!, mac: m[3]!, lease: Number(m[4]), renew: m[5] !== undefined, line });
    else if (m[6]) events.push({ t, type: 'DHCPRELEASE', ip: m[7]!, mac: m[8]!, lease: null, renew: false, line });
    else events.push({ t, type: 'DHCPEXPIRE', ip: m[10]!, mac: m[11]!, lease: null, renew: false, line });
  }
  return events;
}

export const ISE_HEADER = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ )?(?:<(\d+)>)?([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\S+) (CISE_\w+) (\d{10}) (\d) (\d) (.*)$/;
export const ISE_BODY = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{3})(\d{3})? ([+-]\d\d:\d\d) (\d{10}) (\d+) (NOTICE|INFO |WARN ) (.*)$/;

export interface IseMessage {
  host: string;
  category: string;
  messageId: string;
  t: number;
  code: number;
  text: string;
  /** Repeated keys keep every value. */
  attrs: Map<string, string[]>;
  segments: number;
}

/**
 * Reassembles the ISE messages of one file (segments share host, category and msg_id), skipping malformed lines.
 * Splits attributes on ", " not preceded by a backslash.
 */
export function iseMessages(lines: string[]): IseMessage[] {
  const parts = new Map<string, { total: number; segs: string[]; host: string; category: string; id: string }>();
  const out: IseMessage[] = [];
  for (const line of lines) {
    const h = ISE_HEADER.exec(line);
    if (!h) continue;
    const [host, category, id, total, seg, rest] = [h[5]!, h[6]!, h[7]!, Number(h[8]), Number(h[9]), h[10]!];
    const key = `${host}|${category}|${id}`;
    let p = parts.get(key);
    if (!p) {
      p = { total, segs: [], host, category, id };
      parts.set(key, p);
    }
    p.segs[seg] = rest;
    if (p.segs.filter((s) => s !== undefined).length < total) continue;
    parts.delete(key);
    const body = ISE_BODY.exec(p.segs[0] ?? '');
    if (!body) continue;
    const joined = [body[9]!, ...p.segs.slice(1)].join(' ');
    const pieces = joined.split(/(?<!\\), ?/);
    const attrs = new Map<string, string[]>();
    for (const piece of pieces.slice(1)) {
      const eq = piece.indexOf('=');
      if (eq < 0) continue;
      const k = piece.slice(0, eq).trim();
      const list = attrs.get(k) ?? [];
      list.push(piece.slice(eq + 1).replace(/,$/, ''));
      attrs.set(k, list);
    }
    out.push({
      host: p.host,
      category: p.category,
      messageId: p.id,
      t: Date.parse(`${body[1]}T${body[2]}.${body[3]}${body[5]}`),
      code: Number(body[7]),
      text: pieces[0] ?? '',
      attrs,
      segments: p.total,
    });
  }
  return out;
}

export function first(attrs: Map<string, string[]>, key: string): string | undefined {
  return attrs.get(key)?.[0];
}

/** `aa-bb-…`, `AA:BB:…`, `aabbcc…` → `aa:bb:cc:dd:ee:ff`. */
export function canonicalMac(text: string): string {
  const hex = text.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return hex.match(/../g)?.join(':') ?? '';
}
