/**
 * V8 keeps concatenations as ropes (trees of pieces) and walks the whole tree every time the string is encoded.
 * Text that goes into many lines (per-device fragments, per-second headers, addresses) is made flat once here,
 * so each line copies one contiguous piece instead of re-walking a rope of small, scattered ones.
 */
export function flat(text: string): string {
  // Reading a character of a rope makes V8 flatten it in place, once (the rope then points at one flat copy).
  // The read is stored so that the optimiser cannot drop it. A latin1 Buffer round trip did the same at about twice the
  // cost, and this runs for every new second of every log clock.
  lastFirstChar = text.charCodeAt(0);
  return text;
}

let lastFirstChar = 0;
