/**
 * mulberry32: a small seeded generator with a full 2^32 period (integer maths; a float LCG loses
 * its low bits and repeats early). Benches and tests use it so every run writes the same data.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
