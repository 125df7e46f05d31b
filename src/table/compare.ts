/**
 * Compare strings in UTF-8 byte order, the order of Parquet statistics and DuckDB's VARCHAR.
 * JS `<` compares UTF-16 code units, which puts U+E000..U+FFFF after astral characters; code points do not.
 */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) rank above every BMP code unit in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Compare two stats values of one column: numbers numerically, strings bytewise. */
export function compareStatValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareBytewise(String(a), String(b));
}
