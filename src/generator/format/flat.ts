/**
 * V8 keeps concatenations as ropes (trees of pieces) and walks the whole tree every time the string is encoded.
 * Text that goes into many lines (per-device fragments, per-second headers, addresses) is made flat once here,
 * so each line copies one contiguous piece instead of re-walking a rope of small, scattered ones.
 */
export function flat(text: string): string {
  // latin1 round trip: every generated character is ≤ U+00FF, and the result is always a fresh sequential string.
  return Buffer.from(text, 'latin1').toString('latin1');
}
