/**
 * mulberry32, a small seeded 32-bit generator: tiny, fast and the same on
 * every platform, so generated data, benchmarks, folds and simulations are
 * reproducible from their seed. Not for anything secret.
 */
export type Random = () => number;

/**
 * Held once: jest runs modules in a vm context, where every read of a global
 * such as `Math` goes through an interceptor; per draw that made simulations
 * 30 times slower under test than under node.
 */
const imul = Math.imul;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
