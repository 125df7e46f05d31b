/**
 * Golden test: every line of every ISE fixture file ends as a record or an explained reason, and the fields that
 * matter for attribution match the expectations in test/fixtures/golden/ise-*.json (one entry per result, in order).
 * The expectations were produced by the parser and then checked line by line against an independent regex extraction
 * of the raw lines (time with offset applied, host, IP, MAC, user) and by hand for the facts asserted below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIseLines } from '../../src/parsers/ise/index.js';
import type { IseRecord, ParseFailureReason, ParseResult } from '../../src/parsers/types.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const EXTERNAL = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'external');
const GOLDEN = path.join(REPO_ROOT, 'test', 'fixtures', 'golden');
const ISE_FOLDERS = ['apache-metron-ise', 'elastic-integrations-cisco-ise'];

interface GoldenFile {
  file: string;
  lineCount: number;
  expect: Record<string, unknown>[];
}

/** Lines of a fixture with their real byte offsets (a final newline ends the last line; it does not start another). */
function readLines(rel: string): { line: string; ref: { object: string; line: number; offset: number } }[] {
  const text = readFileSync(path.join(EXTERNAL, rel), 'utf8');
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  let offset = 0;
  return parts.map((line, i) => {
    const ref = { object: rel, line: i + 1, offset };
    offset += Buffer.byteLength(line, 'utf8') + 1;
    return { line, ref };
  });
}

function parseFile(rel: string): ParseResult<IseRecord>[] {
  return [...parseIseLines(readLines(rel))];
}

/** The attribution-relevant view of a result, in the golden files' shape. */
function view(r: ParseResult<IseRecord>): Record<string, unknown> {
  const lines = r.lines.map((l) => l.line);
  if (!r.ok) return { lines, failure: r.reason };
  const x = r.record;
  const v: Record<string, unknown> = { lines, source: x.source, eventTime: new Date(x.eventTime).toISOString(), host: x.host, messageCode: x.messageCode };
  if (x.source === 'ise_radius') v['statusType'] = x.statusType;
  v['ip'] = x.ip;
  v['mac'] = x.mac;
  if (x.source !== 'ise_profiler') {
    v['user'] = x.user?.key ?? null;
    v['userKind'] = x.user?.kind ?? null;
  }
  if (x.source === 'ise_radius' || x.source === 'ise_auth') {
    v['isVpn'] = x.isVpn;
    v['remoteAddress'] = x.remoteAddress;
  }
  return v;
}

const goldenFiles = readdirSync(GOLDEN)
  .filter((f) => f.startsWith('ise-') && f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(GOLDEN, f), 'utf8')) as GoldenFile);

const EXPLAINED: ReadonlySet<ParseFailureReason> = new Set(['unsupported_ise_category', 'orphan_segment']);

describe('golden: ISE fixtures', () => {
  it('has a golden file for every ISE fixture file', () => {
    const fixtures = ISE_FOLDERS.flatMap((d) => readdirSync(path.join(EXTERNAL, d)).filter((f) => !f.endsWith('.md')).map((f) => `${d}/${f}`));
    expect(goldenFiles.map((g) => g.file).sort()).toEqual(fixtures.sort());
  });

  for (const golden of goldenFiles) {
    it(`${golden.file}: every line is accounted for once and matches its expectation`, () => {
      const input = readLines(golden.file);
      expect(input).toHaveLength(golden.lineCount);
      const results = parseFile(golden.file);
      const seen = results.flatMap((r) => r.lines.map((l) => l.line)).sort((a, b) => a - b);
      expect(seen).toEqual(input.map((l) => l.ref.line));
      for (const r of results) {
        if (!r.ok) {
          expect(EXPLAINED.has(r.reason), `${r.reason}: ${r.detail}`).toBe(true);
          expect(r.raw).toEqual(r.lines.map((l) => input[l.line - 1]?.line));
        }
      }
      expect(results.map(view)).toEqual(golden.expect);
    });
  }

  it('parses the ISE parser over the DHCP fixtures into failures only, every line accounted for', () => {
    const others = readdirSync(EXTERNAL)
      .filter((d) => !ISE_FOLDERS.includes(d))
      .flatMap((d) => readdirSync(path.join(EXTERNAL, d)).filter((f) => !f.endsWith('.md')).map((f) => `${d}/${f}`));
    expect(others.length).toBeGreaterThan(0);
    for (const rel of others) {
      const input = readLines(rel);
      const results = parseFile(rel);
      expect(results.every((r) => !r.ok)).toBe(true);
      expect(results.flatMap((r) => r.lines.map((l) => l.line))).toEqual(input.map((l) => l.ref.line));
    }
  });
});

describe('golden: facts checked by hand', () => {
  const metron = parseFile('apache-metron-ise/IseParserTest.txt');
  const records = metron.flatMap((r) => (r.ok ? [r.record] : []));

  it('Metron RADIUS Start for frsung: ip, MAC, time with offset applied, status', () => {
    const start = records.find((r) => r.source === 'ise_radius' && r.user?.key === 'frsung');
    expect(start).toMatchObject({
      source: 'ise_radius',
      host: 'npf-sjca-pdp01',
      ip: '10.33.250.89',
      mac: '10:68:3f:75:35:0c',
      statusType: 'Start',
      sessionId: '53e32404/10:68:3f:75:35:0c/12262',
      nasIp: '171.70.35.137',
    });
    expect(new Date(start?.eventTime ?? 0).toISOString()).toBe('2014-08-07T07:00:20.554Z');
  });

  it('Metron RADIUS Stop whose user is a MAC: not a person, session time kept', () => {
    const stop = records.find((r) => r.source === 'ise_radius' && r.messageId === '0000370858');
    expect(stop).toMatchObject({ statusType: 'Stop', ip: '10.56.129.30', mac: '98:d6:f7:5e:67:1e', sessionTimeSeconds: 1192, terminateCause: 'Idle Timeout' });
    expect(stop?.source === 'ise_radius' && stop.user).toMatchObject({ kind: 'mac', isPerson: false });
  });

  it('Metron profiler: escaped commas unescaped, MAC normalised, host name from EndpointProperty', () => {
    const first = records.find((r) => r.source === 'ise_profiler');
    expect(first).toMatchObject({ ip: '10.56.111.14', mac: '3c:97:0e:c3:f8:f1', nadAddress: '10.56.72.127', endpointPolicy: 'Nortel-Device' });
    expect(first?.attributes['EndpointOUI']).toBe('Wistron InfoComm(Kunshan)Co.,Ltd.');
    expect(records.filter((r) => r.source === 'ise_profiler')).toHaveLength(8);
    expect(records.some((r) => r.source === 'ise_profiler' && r.hostname === 'ANOY-WS01' && r.ip === '10.56.129.143')).toBe(true);
  });

  it('Metron counts: 110 passed authentications, 12 accounting records (3 Start, 3 Stop, 6 Interim)', () => {
    expect(records.filter((r) => r.source === 'ise_auth')).toHaveLength(110);
    const statuses = records.flatMap((r) => (r.source === 'ise_radius' ? [r.statusType] : []));
    expect(statuses.filter((s) => s === 'Start')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'Stop')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'Interim-Update')).toHaveLength(6);
  });

  it('Elastic ASA VPN 5200: public IP as remoteAddress, MAC from mdm-tlv, AD DNs unescaped', () => {
    const rec = parseFile('elastic-integrations-cisco-ise/test-pipeline-passed-authentications.log').flatMap((r) => (r.ok ? [r.record] : []))[4];
    expect(rec).toMatchObject({ source: 'ise_auth', isVpn: true, remoteAddress: '81.2.69.145', mac: '04:68:74:a2:c2:67', ip: null, hostname: 'User1' });
    expect(rec?.attributes['AD-User-Resolved-DNs']).toBe('CN=User1 ,OU=New Users,OU=PEOPLE,DC=Example,DC=com');
    expect(new Date(rec?.eventTime ?? 0).toISOString()).toBe('2025-03-03T16:11:58.840Z');
  });

  it('Elastic accounting with microseconds: truncated to ms, offset applied', () => {
    const start = parseFile('elastic-integrations-cisco-ise/test-pipeline-radius-accounting.log')[0];
    expect(start?.ok && new Date(start.record.eventTime).toISOString()).toBe('2020-04-27T19:11:47.028Z');
  });
});
