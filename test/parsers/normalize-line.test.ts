import { describe, expect, it } from 'vitest';
import { checkLine, resolveParserLimits } from '../../src/parsers/normalize/index.js';

describe('checkLine', () => {
  it('passes ordinary lines, including one with a stray replacement character', () => {
    expect(checkLine('<30>Mar 27 08:32:59 host dhcpd[1]: DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 via eth0')).toBeNull();
    expect(checkLine('<30>Mar 27 08:32:59 host dhcpd[1]: DHCPACK on 1.2.3.4 to 00:50:56:83:6c:a0 (caf\ufffd) via eth0\r')).toBeNull();
  });
  it('classifies empty, binary and oversized lines', () => {
    expect(checkLine('')?.reason).toBe('empty_line');
    expect(checkLine('   \t')?.reason).toBe('empty_line');
    expect(checkLine('abc\u0000def')?.reason).toBe('binary_garbage');
    expect(checkLine('\ufffd\ufffd\u0001\u0002\u0003\ufffd\ufffd')?.reason).toBe('binary_garbage');
    expect(checkLine('x'.repeat(70_000))?.reason).toBe('line_too_long');
    expect(checkLine('x'.repeat(100), resolveParserLimits({ maxLineLength: 50 }))?.reason).toBe('line_too_long');
  });
  it('rejects nonsensical limits with context', () => {
    expect(() => resolveParserLimits({ maxLineLength: 0 })).toThrow(/maxLineLength/);
  });
});
