/**
 * Byte-for-byte regression guard: the digests below were recorded from the generator *before* its throughput
 * work (string caching, flat fragments, typed-array heap, chunked writes), so any optimisation that changes a
 * single output byte fails here. If the generator's behaviour is changed on purpose, re-record them and say so.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInto, type Generated } from './helpers.js';

const runs: Generated[] = [];
afterAll(async () => Promise.all(runs.map((r) => r.cleanup())));

async function digests(g: Generated): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of g.summary.files) out[f] = createHash('sha256').update(await readFile(join(g.dir, f))).digest('hex');
  return out;
}

describe('generator golden output', () => {
  it('is unchanged with heavy noise and an ISE node that splits nearly every message (512-byte segments)', async () => {
    const g = await generateInto({ start: '2026-03-02T00:00:00Z', days: 2, devices: 120, seed: 9, noiseRate: 0.2, iseSegmentBytes: 512 });
    runs.push(g);
    expect(await digests(g)).toEqual({
      'dhcp/infoblox-01-2026-03-02.log': 'd5a71eaac38f7e152a9c5d6a6de5a9eec3bdb27766f49734dc4f8e0dec22a6d5',
      'dhcp/infoblox-01-2026-03-03.log': '8c00538eeea66843f9490b1c87003b2b32f008f1e8602156cd15e761de92f93d',
      'dhcp/infoblox-02-2026-03-02.log': 'b00f6ef88584495e95359a1975ef827af0d9b16d0eff8b49dcca5785b799ce98',
      'dhcp/infoblox-02-2026-03-03.log': '1c0f0e5f9460d038735a23f3fd7b89acd6067b39afcf508a4abc4dcf8281106c',
      'ise/ise-psn01-2026-03-02.log': '38f7321eb5242bf12f5456303703c418f1d35fac65402df0e19b86fdf7de4198',
      'ise/ise-psn01-2026-03-03.log': '3da7b289d373f43e85240277c76c678293c5fca38ee27a0bfd89030ccb929258',
      'ise/ise-psn02-2026-03-02.log': 'ec668d10afb3c4ebc23825cadee0f4b232ed9e74ef16ccf90f70be18fc402edf',
      'ise/ise-psn02-2026-03-03.log': '4917d50e2d05e6fd2605d815ed31b53fca31065b79fcf65f65ee9bfc4af0ffb7',
      'truth.jsonl': '4b54adee677851e57b7549eb974297974e325a84daafa871b63e2ac5cd4cc7bd',
    });
    expect(g.summary.malformedLines).toBeGreaterThan(0);
  });

  it('is unchanged with default noise and segmenting over three days', async () => {
    const g = await generateInto({ start: '2026-03-02T00:00:00Z', days: 3, devices: 300, seed: 5 });
    runs.push(g);
    expect(await digests(g)).toEqual(GOLDEN_DEFAULTS);
  });
});

const GOLDEN_DEFAULTS: Record<string, string> = {
  'dhcp/infoblox-01-2026-03-02.log': '98c22904bc04a8cbf95ad43b21f0687c5def124fda36dfffdeb71b9cf4084219',
  'dhcp/infoblox-01-2026-03-03.log': '7fd311bd595e5d02f48ecb23e44dd13fd7111d10c4b35c98c95e1495918324bc',
  'dhcp/infoblox-01-2026-03-04.log': 'ab6111d72cd4fb0ede647688d8c18bee172e0a8a2128475f17a4e0b8b67707b7',
  'dhcp/infoblox-02-2026-03-02.log': 'b2950a512e6dfa5c7f99ed525b30f6f8afb22fa364481787b6aabf6e1a107779',
  'dhcp/infoblox-02-2026-03-03.log': '5b3f62cf48daa9cef2ca2d52ff72815e4b5a18026c459814853f0fd16a44804d',
  'dhcp/infoblox-02-2026-03-04.log': '123bfc354a866821139f549e5162c9f18c98a37dafea1b8be1378460a3d10206',
  'ise/ise-psn01-2026-03-02.log': '2114d824d4a75c9529252365c25bfcd81befa7dcc40a23173f8e26e51c02266e',
  'ise/ise-psn01-2026-03-03.log': '868951fd7522d1cb0a98c7341b268908a18945873b7147a3fa0b0e09765c3c37',
  'ise/ise-psn01-2026-03-04.log': 'b4330a8f044ccc16241bf1ea16324d26bdb8515f547f0352c4770165f86129d5',
  'ise/ise-psn02-2026-03-02.log': '134e55d1517fbfcec0701a8872fda6326ba83e676dd1d76d6e6ed2d86bb45e95',
  'ise/ise-psn02-2026-03-03.log': '8c1f05c2bf821f45438a1bae4926061588f5b448f197abbf485a94e812dd9a80',
  'ise/ise-psn02-2026-03-04.log': 'f310d43e32065da23c0fea39c20ba72f01a8d4a0cf8f4b4041fd54851b36ffb5',
  'truth.jsonl': '7a2c1fad0e17083ff0f3afbe80e88c771fc0a5fcf2bdeea23c1b2bd62d311107',
};
