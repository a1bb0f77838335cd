/** mulberry32: a 32-bit seeded PRNG, so property and fuzz tests are repeatable without a dependency. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, max]; two draws above 2^32, since one draw has only 32 random bits. */
export function randomInt(random: () => number, max: number): number {
  if (max <= 2 ** 32) return Math.floor(random() * (max + 1));
  const wide = Math.floor(random() * 2 ** 21) * 2 ** 32 + Math.floor(random() * 2 ** 32); // 53 random bits
  return wide % (max + 1);
}
