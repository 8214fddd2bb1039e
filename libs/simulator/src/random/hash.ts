/**
 * Stateless 32-bit mixing, so any attribute of the simulated world (contact 812 of seed 7, the audience
 * draw of campaign 3) can be derived on demand without storing it or replaying a random stream.
 */
// Bound once: a global lookup per call is measurably slow in sandboxed runtimes (jest's vm contexts).
const imul = Math.imul;

export function mix32(value: number): number {
  // The splitmix32 / murmur3 finaliser: every input bit affects every output bit.
  let h = value | 0;
  h = imul(h ^ (h >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Combines several integers into one well-mixed 32-bit seed. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = mix32(h ^ mix32((value | 0) + 0x7f4a7c15));
    // Values above 2^32 (timestamps) keep their high part.
    const high = Math.floor(value / 4294967296);
    if (high !== 0) h = mix32(h ^ high);
  }
  return h;
}

/** A uniform number in [0, 1) derived from the given integers; no state. */
export function hashUnit(...values: number[]): number {
  return hashInts(...values) / 4294967296;
}
