import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IseReassembler, parseIseLines, type IseParserOptions } from '../../src/parsers/ise/index.js';
import type { IseRadiusAccountingRecord, IseRecord, LineRef, ParseResult } from '../../src/parsers/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'external');
const BODY0 = '2024-03-03 11:37:34.978 +01:00 0000083490 3001 NOTICE Radius-Accounting: RADIUS Accounting stop request, ';

function seg(id: string, total: number, n: number, body: string, host = 'ise-node-1', category = 'RADIUS_Accounting'): string {
  return `<181>Mar  3 11:37:34 ${host} CISE_${category} ${id} ${total} ${n} ${body}`;
}

function ref(line: number, object = 'landing/ise/a.log'): LineRef {
  return { object, line, offset: line * 100 };
}

function run(lines: string[], opts: Partial<IseParserOptions> = {}): ParseResult<IseRecord>[] {
  return [...parseIseLines(lines.map((line, i) => ({ line, ref: ref(i + 1) })), undefined, opts)];
}

/** Every input line ends in exactly one result. */
function expectAccounted(results: ParseResult<IseRecord>[], count: number): void {
  const seen = results.flatMap((r) => r.lines.map((l) => l.line)).sort((a, b) => a - b);
  expect(seen).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  for (const r of results) if (!r.ok) expect(r.raw.length).toBe(r.lines.length);
}

function radius(r: ParseResult<IseRecord> | undefined): IseRadiusAccountingRecord {
  if (r === undefined || !r.ok || r.record.source !== 'ise_radius') throw new Error(`expected a RADIUS record, got ${JSON.stringify(r)}`);
  return r.record;
}

const PART0 = `${BODY0}User-Name=frsung, Calling-Station-ID=10-68-3f-75-35-0c,`;
const PART1 = 'NAS-IP-Address=171.70.35.137, Framed-IP-Address=10.33.250.89,';
const PART2 = 'Acct-Status-Type=Stop, Acct-Session-Time=1192, Acct-Terminate-Cause=Idle Timeout, undefined-52=';

describe('IseReassembler: joining segments', () => {
  it('joins three segments in order, emitting only once the last one is known to be over', () => {
    const r = new IseReassembler();
    expect(r.push(seg('0000000001', 3, 0, PART0), ref(1))).toEqual([]);
    expect(r.push(seg('0000000001', 3, 1, PART1), ref(2))).toEqual([]);
    expect(r.push(seg('0000000001', 3, 2, PART2), ref(3))).toEqual([]);
    expect(r.pendingMessages).toBe(1);
    const out = r.flush();
    expect(out).toHaveLength(1);
    const rec = radius(out[0]);
    expect(rec.segments).toBe(3);
    expect(out[0]?.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(rec.user?.key).toBe('frsung');
    expect(rec.mac).toBe('10:68:3f:75:35:0c');
    expect(rec.ip).toBe('10.33.250.89');
    expect(rec.nasIp).toBe('171.70.35.137');
    expect(rec.statusType).toBe('Stop');
    expect(rec.sessionTimeSeconds).toBe(1192);
    expect(rec.terminateCause).toBe('Idle Timeout');
    expect(rec.eventTime).toBe(Date.parse('2024-03-03T10:37:34.978Z'));
    expect(r.pendingMessages).toBe(0);
  });

  it('returns a finished message from the push of the following line', () => {
    const r = new IseReassembler();
    r.push(seg('0000000001', 2, 0, PART0), ref(1));
    expect(r.push(seg('0000000001', 2, 1, PART2), ref(2))).toEqual([]);
    const out = r.push('<30>Mar  3 11:37:35 dhcp1 dhcpd[1]: DHCPACK on 10.0.0.1 to 00:11:22:33:44:55 via eth0', ref(3));
    expect(out.map((o) => (o.ok ? o.record.source : o.reason))).toEqual(['ise_radius', 'not_ise']);
    expect(r.flush()).toEqual([]);
  });

  it('joins segments that arrive out of order', () => {
    const results = run([seg('0000000007', 3, 2, PART2), seg('0000000007', 3, 0, PART0), seg('0000000007', 3, 1, PART1)]);
    expect(results).toHaveLength(1);
    const rec = radius(results[0]);
    expect([rec.ip, rec.mac, rec.statusType]).toEqual(['10.33.250.89', '10:68:3f:75:35:0c', 'Stop']);
    expect(results[0]?.lines.map((l) => l.line)).toEqual([1, 2, 3]);
  });

  it('keeps messages apart by (host, category, msg_id) when they interleave', () => {
    const results = run([
      seg('0000000042', 2, 0, `${BODY0}User-Name=alice,`, 'ise-a'),
      seg('0000000042', 2, 0, `${BODY0}User-Name=bob,`, 'ise-b'),
      seg('0000000042', 2, 1, 'Framed-IP-Address=10.0.0.2', 'ise-b'),
      seg('0000000042', 2, 1, 'Framed-IP-Address=10.0.0.1', 'ise-a'),
    ]);
    expectAccounted(results, 4);
    const byUser = new Map(results.map((r) => [radius(r).user?.key, radius(r)]));
    expect(byUser.get('alice')?.ip).toBe('10.0.0.1');
    expect(byUser.get('alice')?.host).toBe('ise-a');
    expect(byUser.get('bob')?.ip).toBe('10.0.0.2');
  });

  it('still finds a message that shared its id with one that has since completed', () => {
    // ise-a's message completes first; ise-b's (held while ise-a's had the id) and ise-c's (arriving after) complete later.
    const results = run([
      seg('0000000043', 2, 0, `${BODY0}User-Name=alice,`, 'ise-a'),
      seg('0000000043', 2, 0, `${BODY0}User-Name=bob,`, 'ise-b'),
      seg('0000000043', 2, 1, 'Framed-IP-Address=10.0.0.1', 'ise-a'),
      seg('0000000043', 2, 0, `${BODY0}User-Name=carol,`, 'ise-c'),
      seg('0000000043', 2, 1, 'Framed-IP-Address=10.0.0.3', 'ise-c'),
      seg('0000000043', 2, 1, 'Framed-IP-Address=10.0.0.2', 'ise-b'),
    ]);
    expectAccounted(results, 6);
    expect(results.map((r) => [radius(r).host, radius(r).user?.key, radius(r).ip])).toEqual([
      ['ise-a', 'alice', '10.0.0.1'],
      ['ise-c', 'carol', '10.0.0.3'],
      ['ise-b', 'bob', '10.0.0.2'],
    ]);
  });

  it('glues a value that a segment boundary cut in two', () => {
    const results = run([seg('0000000003', 2, 0, `${BODY0}User-Name=frsung, Framed-IP-Address=10.33.2`), seg('0000000003', 2, 1, '50.89, Acct-Status-Type=Stop')]);
    expect(radius(results[0]).ip).toBe('10.33.250.89');
  });

  it('accepts a continuation after a double space', () => {
    const results = run([seg('0000949245', 2, 0, `${BODY0}User-Name=frsung,`), seg('0000949245', 2, 1, ' SelectedAccessService=802.1x, Framed-IP-Address=10.1.2.3')]);
    const rec = radius(results[0]);
    expect(rec.attributes['SelectedAccessService']).toBe('802.1x');
    expect(rec.ip).toBe('10.1.2.3');
  });
});

describe('IseReassembler: parts that never come', () => {
  it('fails a continuation whose segment 0 never arrives as orphan_segment (Elastic radius fixture)', () => {
    const file = path.join(FIXTURES, 'elastic-integrations-cisco-ise', 'test-pipeline-radius-accounting.log');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    const results = run(lines);
    expectAccounted(results, 3);
    const orphan = results.find((r) => !r.ok);
    expect(orphan).toMatchObject({ ok: false, reason: 'orphan_segment', raw: [lines[2]], lines: [ref(3)] });
    expect(results.filter((r) => r.ok)).toHaveLength(2);
  });

  it('emits a message missing only trailing segments as a partial record, dropping a value the loss may have cut', () => {
    // Segment 1 ends inside a value ("…250.8" could be the start of "…250.89"): that value must not be trusted.
    const results = run([seg('0000000011', 3, 0, PART0), seg('0000000011', 3, 1, 'NAS-IP-Address=171.70.35.137, Framed-IP-Address=10.33.250.8')]);
    expectAccounted(results, 2);
    const rec = radius(results[0]);
    expect(rec.segments).toBe(2);
    expect(rec.user?.key).toBe('frsung');
    expect(rec.mac).toBe('10:68:3f:75:35:0c');
    expect(rec.nasIp).toBe('171.70.35.137');
    expect(rec.ip).toBeNull();
    expect(rec.attributes['Framed-IP-Address']).toBeUndefined();
  });

  it('keeps the last value of a partial record when its segment ended on a separator', () => {
    const results = run([seg('0000000012', 3, 0, PART0), seg('0000000012', 3, 1, PART1)]);
    const rec = radius(results[0]);
    expect(rec.segments).toBe(2);
    expect(rec.ip).toBe('10.33.250.89');
  });

  it('fails a message missing a middle segment as incomplete_message, keeping every raw line', () => {
    const lines = [seg('0000000013', 3, 0, PART0), seg('0000000013', 3, 2, PART2)];
    const results = run(lines);
    expect(results).toEqual([expect.objectContaining({ ok: false, reason: 'incomplete_message', raw: lines, lines: [ref(1), ref(2)] })]);
  });

  it('fails a second copy of a segment as duplicate_segment and completes from the first', () => {
    const results = run([seg('0000000014', 2, 0, PART0), seg('0000000014', 2, 0, PART0), seg('0000000014', 2, 1, PART1)]);
    expectAccounted(results, 3);
    expect(results.map((r) => (r.ok ? r.record.source : r.reason))).toEqual(['duplicate_segment', 'ise_radius']);
    expect(results[0]?.lines).toEqual([ref(2)]);
    expect(results[1]?.lines).toEqual([ref(1), ref(3)]);
  });

  it('gives up a message once its missing parts are more than maxLineDistance lines late', () => {
    const r = new IseReassembler({ maxLineDistance: 3 });
    const out: ParseResult<IseRecord>[] = [];
    out.push(...r.push(seg('0000000015', 2, 0, PART0), ref(1)));
    for (let i = 2; i <= 5; i++) out.push(...r.push(`<30>Mar  3 11:37:3${i} dhcp1 dhcpd[1]: noise ${i}`, ref(i)));
    expect(out.map((o) => (o.ok ? o.record.source : o.reason))).toEqual(['not_ise', 'not_ise', 'not_ise', 'not_ise', 'ise_radius']);
    expect(r.pendingMessages).toBe(0);
    out.push(...r.push(seg('0000000015', 2, 1, PART1), ref(6)));
    out.push(...r.flush());
    expect(out[out.length - 1]).toMatchObject({ ok: false, reason: 'orphan_segment', lines: [ref(6)] });
    expectAccounted(out, 6);
  });

  it('never holds more than maxPendingMessages unfinished messages', () => {
    const r = new IseReassembler({ maxPendingMessages: 2 });
    const out: ParseResult<IseRecord>[] = [];
    for (let i = 1; i <= 5; i++) {
      out.push(...r.push(seg(`000000010${i}`, 2, 1, PART1), ref(i)));
      expect(r.pendingMessages).toBeLessThanOrEqual(2);
    }
    out.push(...r.flush());
    expectAccounted(out, 5);
    expect(out.every((o) => !o.ok && o.reason === 'orphan_segment')).toBe(true);
  });

  it('treats a part announcing a different total as another message', () => {
    const results = run([seg('0000000016', 2, 0, PART0), seg('0000000016', 3, 1, PART1)]);
    expectAccounted(results, 2);
    expect(results.map((r) => (r.ok ? r.record.segments : r.reason))).toEqual([1, 'orphan_segment']);
  });
});

describe('IseReassembler: physical continuation lines', () => {
  it('joins a line ending in a backslash with the next one (value with an embedded newline)', () => {
    const results = run([
      seg('0000000021', 1, 0, `${BODY0}lldpSystemDescription=Cisco IOS Software\\`),
      'Technical Support: http://www.cisco.com/techsupport\\',
      'Compiled Mon 01-Jan-24, User-Name=bob, Framed-IP-Address=10.9.9.9,',
    ]);
    expectAccounted(results, 3);
    const rec = radius(results[0]);
    expect(rec.attributes['lldpSystemDescription']).toBe('Cisco IOS Software\nTechnical Support: http://www.cisco.com/techsupport\nCompiled Mon 01-Jan-24');
    expect(rec.user?.key).toBe('bob');
    expect(rec.ip).toBe('10.9.9.9');
  });

  it('attaches headerless lines to the segment before them, or refuses them when that is switched off', () => {
    const lines = [seg('0000000022', 1, 0, `${BODY0}User-Name=bob, Description=first line`), 'second line of the description, Framed-IP-Address=10.9.9.8,'];
    const joined = run(lines);
    expect(joined).toHaveLength(1);
    expect(radius(joined[0]).ip).toBe('10.9.9.8');
    const strict = run(lines, { headerlessContinuations: false });
    expect(strict.map((r) => (r.ok ? r.record.source : r.reason))).toEqual(['ise_radius', 'not_ise']);
    expect(radius(strict[0]).ip).toBeNull();
  });

  it('never continues a line that starts a new syslog message, nor across landing objects', () => {
    const r = new IseReassembler();
    const out = [
      ...r.push(seg('0000000023', 1, 0, `${BODY0}User-Name=bob\\`), ref(1, 'a.log')),
      ...r.push('<30>Mar  3 11:37:35 dhcp1 dhcpd[1]: DHCPINFORM from 10.0.0.1 via eth0', ref(2, 'a.log')),
      ...r.push(seg('0000000024', 1, 0, `${BODY0}User-Name=eve\\`), ref(1, 'b.log')),
      ...r.push('tail of a value', ref(1, 'c.log')),
      ...r.flush(),
    ];
    expect(out.map((o) => (o.ok ? o.record.source : o.reason))).toEqual(['ise_radius', 'not_ise', 'ise_radius', 'not_ise']);
  });

  it('handles the Elastic device-sensor fragments: one orphan continuation carrying all seven lines', () => {
    const file = path.join(FIXTURES, 'elastic-integrations-cisco-ise', 'test-pipeline-device-sensor-fragments.log');
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    expect(lines).toHaveLength(7);
    const results = run(lines);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, reason: 'orphan_segment', raw: lines });
    expectAccounted(results, 7);
  });

  it('caps how many lines one segment may absorb', () => {
    const lines = [seg('0000000025', 1, 0, `${BODY0}User-Name=bob\\`), ...Array.from({ length: 5 }, (_, i) => `fragment ${i}\\`)];
    const results = run(lines, { maxContinuationLines: 2 });
    expectAccounted(results, 6);
    expect(results.map((r) => (r.ok ? r.record.source : r.reason))).toEqual(['ise_radius', 'not_ise', 'not_ise', 'not_ise']);
    expect(results[0]?.lines).toHaveLength(3);
  });
});

describe('IseReassembler: refusals that need no buffering', () => {
  it('refuses segments of unused categories at once, never holding them', () => {
    const r = new IseReassembler();
    const out = [
      ...r.push(seg('0000000031', 3, 0, `${BODY0}User-Name=x,`, 'ise-node-1', 'Failed_Attempts'), ref(1)),
      ...r.push(seg('0000000031', 3, 1, 'A=b,', 'ise-node-1', 'Failed_Attempts'), ref(2)),
    ];
    expect(r.pendingMessages).toBe(0);
    out.push(...r.flush());
    expect(out.map((o) => (o.ok ? '' : o.reason))).toEqual(['unsupported_ise_category', 'unsupported_ise_category']);
  });

  it('refuses impossible segment numbers as unparseable_header', () => {
    const results = run([seg('0000000032', 2, 5, PART1), seg('0000000033', 0, 0, PART1), seg('0000000034', 100000, 0, PART0)]);
    expect(results.map((r) => (r.ok ? '' : r.reason))).toEqual(['unparseable_header', 'unparseable_header', 'unparseable_header']);
  });

  it('strips a CR left by a CRLF splitter', () => {
    const line = `${seg('0000000035', 1, 0, `${BODY0}User-Name=bob, Framed-IP-Address=10.1.1.1`)}\r`;
    const results = run([line]);
    expect(radius(results[0]).ip).toBe('10.1.1.1');
    expect(results[0]?.lines).toEqual([ref(1)]);
  });
});
