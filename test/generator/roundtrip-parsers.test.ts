import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthInterval } from '../../src/generator/index.js';
import { parseDhcpLine } from '../../src/parsers/index.js';
import { IseReassembler } from '../../src/parsers/ise/index.js';
import type { DhcpRecord, IseRecord, ParseContext, ParseResult } from '../../src/parsers/types.js';
import { generateInto, logFiles, readLines, readTruth, type Generated } from './helpers.js';

// The real parsers read the generated logs back; the truth's interval endpoints and users must be recoverable.
let gen: Generated;
let truth: TruthInterval[];
const dhcp: DhcpRecord[] = [];
const ise: IseRecord[] = [];
const failures = { dhcp: 0, ise: 0 };

beforeAll(async () => {
  gen = await generateInto({ start: '2026-03-02T00:00:00Z', days: 3, devices: 300, seed: 21 });
  truth = await readTruth(gen.dir);
  const ctx: ParseContext = { ingestTime: Date.parse(gen.summary.end), timeZone: 'UTC' };
  for (const file of await logFiles(gen.dir, 'dhcp')) {
    (await readLines(file)).forEach((line, i) => {
      const r = parseDhcpLine(line, { object: file, line: i + 1, offset: 0 }, ctx);
      if (r.ok) dhcp.push(r.record);
      else failures.dhcp++;
    });
  }
  for (const file of await logFiles(gen.dir, 'ise')) {
    const reassembler = new IseReassembler();
    const take = (results: Iterable<ParseResult<IseRecord>>): void => {
      for (const r of results) {
        if (r.ok) ise.push(r.record);
        else failures.ise++;
      }
    };
    (await readLines(file)).forEach((line, i) => take(reassembler.push(line, { object: file, line: i + 1, offset: 0 }, ctx)));
    take(reassembler.flush());
  }
});
afterAll(async () => gen?.cleanup());

const ms = (iso: string): number => Date.parse(iso);

describe('generator output read by the real parsers', () => {
  it('parses every line except the noise into records', () => {
    expect(dhcp.length).toBeGreaterThan(5000);
    expect(ise.length).toBeGreaterThan(500);
    // Failures are only the injected noise (malformed lines, named lines; failed attempts may or may not be records).
    expect(failures.dhcp + failures.ise).toBeLessThanOrEqual(gen.summary.malformedLines + gen.summary.irrelevantLines);
    expect(failures.dhcp + failures.ise).toBeGreaterThanOrEqual(gen.summary.malformedLines);
  });

  it('recovers each DHCP interval: opening ACK at its start, and the RELEASE, superseding ACK or last grant at its end', () => {
    const acks = dhcp.filter((r) => r.messageType === 'DHCPACK' && !r.informAck);
    const key = (r: DhcpRecord): string => `${r.ip}|${r.mac}|${r.eventTime}`;
    const ackAt = new Map(acks.map((r) => [key(r), r]));
    const releaseAt = new Set(dhcp.filter((r) => r.messageType === 'DHCPRELEASE').map(key));
    for (const i of truth.filter((t) => t.source === 'dhcp')) {
      expect(ackAt.has(`${i.ip}|${i.mac}|${ms(i.start)}`), JSON.stringify(i)).toBe(true);
      const end = ms(i.end!);
      if (i.endReason === 'release') expect(releaseAt.has(`${i.ip}|${i.mac}|${end}`)).toBe(true);
      if (i.endReason === 'superseded') expect(acks.some((r) => r.ip === i.ip && r.mac !== i.mac && r.eventTime === end)).toBe(true);
      if (i.endReason === 'lease_end') {
        const grants = acks.filter((r) => r.ip === i.ip && r.mac === i.mac && r.eventTime >= ms(i.start) && r.eventTime < end);
        expect(Math.max(...grants.map((r) => r.eventTime + (r.leaseSeconds ?? 0) * 1000))).toBe(end);
      }
    }
  });

  it('recovers each RADIUS session from its Start and Stop records', () => {
    const acct = ise.filter((r): r is Extract<IseRecord, { source: 'ise_radius' }> => r.source === 'ise_radius');
    const radius = truth.filter((t) => t.source === 'ise_radius');
    expect(radius.length).toBeGreaterThan(10);
    for (const i of radius) {
      const start = acct.find((r) => r.statusType === 'Start' && r.eventTime === ms(i.start) && r.ip === i.ip);
      expect(start, JSON.stringify(i)).toBeDefined();
      expect(start!.mac).toBe(i.mac);
      expect(start!.user?.raw).toBe(i.userName);
      expect(start!.user?.key).toBe(i.userKey);
      const stop = acct.find((r) => r.statusType === 'Stop' && r.sessionId === start!.sessionId);
      if (i.end === null) expect(stop).toBeUndefined();
      else expect(stop?.eventTime).toBe(ms(i.end));
    }
  });

  it('finds, for every DHCP interval, the person the truth names as the last one ISE saw on the MAC in the window', () => {
    const seen = new Map<string, { t: number; raw: string; key: string }[]>();
    for (const r of ise) {
      if (r.source === 'ise_profiler' || !r.user?.isPerson || !r.mac) continue;
      seen.set(r.mac, [...(seen.get(r.mac) ?? []), { t: r.eventTime, raw: r.user.raw, key: r.user.key }]);
    }
    for (const i of truth.filter((t) => t.source === 'dhcp')) {
      const s = ms(i.start);
      const last = (seen.get(i.mac) ?? []).filter((x) => x.t >= s - 86_400_000 && x.t <= s + 300_000).sort((a, b) => a.t - b.t).at(-1);
      expect([last?.raw ?? null, last?.key ?? null], JSON.stringify(i)).toEqual([i.userName, i.userKey]);
    }
  });
});
