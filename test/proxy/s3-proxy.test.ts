import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type S3Harness } from '../helpers/s3.js';

/** The proxy over plain HTTP (no SDK): what it enforces and injects is visible on the wire. */
describe('s3 test proxy', () => {
  let h: S3Harness;
  beforeAll(async () => {
    h = await startS3({ bucket: 'proxy-test' });
  });
  afterAll(async () => {
    await h.stop();
  });

  const put = (key: string, body: string, conditional: boolean) =>
    fetch(`${h.endpoint}/proxy-test/${key}`, {
      method: 'PUT',
      body,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...(conditional ? { 'if-none-match': '*' } : {}) },
    });

  it('serialises concurrent If-None-Match: * PUTs per key: one 200, the rest 412', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => put('race/k', `writer ${i}`, true)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(11);
    const refused = await responses.find((r) => r.status === 412)!.text();
    expect(refused).toContain('<Code>PreconditionFailed</Code>');
    // Unconditional PUTs still overwrite, as on S3.
    expect((await put('race/k', 'plain', false)).status).toBe(200);
    const stored = await fetch(`${h.endpoint}/proxy-test/race/k`, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(await stored.text()).toBe('plain');
  });

  it('injects S3-style errors and counts them', async () => {
    h.proxy.setFaults({ failRate: 1, statuses: [503] });
    const res = await put('fault/k', 'x', false);
    h.proxy.setFaults({});
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('<Code>SlowDown</Code>');
    expect(h.proxy.counters().failed[503]).toBe(1);
  });

  it('resets connections when asked', async () => {
    h.proxy.setFaults({ resetRate: 1 });
    const outcome = await put('fault/reset', 'x', false).then(
      () => 'answered',
      () => 'reset',
    );
    h.proxy.setFaults({});
    expect(outcome).toBe('reset');
    expect(h.proxy.counters().resets).toBe(1);
  });
});
