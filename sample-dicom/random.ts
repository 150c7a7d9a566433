/**
 * Seeded pseudo-random numbers for the synthetic phantom.
 *
 * Math.random cannot be seeded, and the sample case must be byte-identical on every run so
 * tests can compare files and truth. sfc32 is small, fast and passes PractRand for far more
 * numbers than we draw (about 13 million per run).
 */
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, SD 1). */
  gaussian(): number;
}

/** Derives the 128-bit sfc32 state from a label, so every image gets its own stream. */
function seedWords(label: string): [number, number, number, number] {
  const digest = createHash('sha256').update(label).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
}

export function createRng(label: string): Rng {
  let [a, b, c, d] = seedWords(label);
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const out = (t + d) | 0;
    c = (c + out) | 0;
    return out >>> 0;
  };
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 16; i += 1) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  // Box-Muller yields normals in pairs; keep the spare so each call costs one log/sqrt on average.
  let spare: number | null = null;
  const gaussian = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = next();
    while (u === 0) u = next(); // log(0) would give -Infinity
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };

  return { next, gaussian };
}
