/**
 * Small deterministic pseudo-random number generator for the synthetic market-data generator.
 *
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32. 32-bit integer arithmetic only
 * (Math.imul, >>>), so a given seed produces the same sequence on every JavaScript engine.
 * Not cryptographic.
 */

/** FNV-1a, 32 bit: a stable hash to derive per-stream seeds from names such as "BTC/USDT". */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on (0, 1): never 0, safe for log(). */
  nextOpen(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Student-t with `nu` degrees of freedom, rescaled to unit variance (needs nu > 2). */
  studentT(nu: number): number;
}

/**
 * A generator for `seed` and an optional stream name: different stream names give independent
 * sequences from the same seed (used for the shared "market" stream and one stream per pair).
 */
export function createRandom(seed: number, stream = ""): Random {
  let x = (seed ^ hashString(stream)) >>> 0;
  const splitmix32 = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  let spare = 0;
  let hasSpare = false;

  const random: Random = {
    next: () => nextUint32() / TWO_POW_32,
    nextOpen: () => (nextUint32() + 0.5) / TWO_POW_32,
    normal: () => {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      // Marsaglia's polar method.
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * random.next() - 1;
        v = 2 * random.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * m;
      hasSpare = true;
      return u * m;
    },
    studentT: (nu: number) => {
      // Bailey's polar method for Student-t, then scaled to unit variance.
      let u: number;
      let v: number;
      let w: number;
      do {
        u = 2 * random.next() - 1;
        v = 2 * random.next() - 1;
        w = u * u + v * v;
      } while (w >= 1 || w === 0);
      const t = u * Math.sqrt((nu * (Math.pow(w, -2 / nu) - 1)) / w);
      return t * Math.sqrt((nu - 2) / nu);
    },
  };
  return random;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
