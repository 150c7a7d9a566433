/**
 * The bench's synthetic T2* slice: 256 x 256 at 1.25 mm, a body of muscle, a liver with
 * moderate iron (385.75 Hz, LIC 10 mg/g at 1.5 T), a spleen, a heart (T2* 15 ms) and a
 * severely loaded region (800 Hz), in air; magnitude with Rician noise of SD 12, seeded so
 * every run and the Python comparison see the same numbers.
 */
import { ECHO_TIMES_MS, NOISE_SIGMA, SIZE } from '../shared';

export interface Region {
  readonly name: string;
  readonly s0: number;
  readonly r2starHz: number;
  /** Centre and semi-axes in pixels. */
  readonly center: readonly [number, number];
  readonly radii: readonly [number, number];
}

/** Later regions are drawn over earlier ones. */
export const REGIONS: readonly Region[] = [
  { name: 'muscle', s0: 450, r2starHz: 40, center: [128, 128], radii: [118, 90] },
  { name: 'liver', s0: 700, r2starHz: 385.75, center: [80, 130], radii: [48, 40] },
  { name: 'spleen', s0: 650, r2starHz: 150, center: [190, 130], radii: [22, 30] },
  { name: 'heart', s0: 550, r2starHz: 1000 / 15, center: [135, 70], radii: [22, 18] },
  { name: 'severe', s0: 650, r2starHz: 800, center: [140, 185], radii: [16, 14] },
];

export function regionAt(column: number, row: number): Region | null {
  let found: Region | null = null;
  for (const r of REGIONS) if (((column - r.center[0]) / r.radii[0]) ** 2 + ((row - r.center[1]) / r.radii[1]) ** 2 <= 1) found = r;
  return found;
}

/** mulberry32: small and seedable (Math.random is not). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** One Float32Array per echo, as the viewer hands a slice position's echoes to the worker. */
export function phantomEchoes(): Float32Array[] {
  return ECHO_TIMES_MS.map((te, echo) => {
    const noise = gaussian(rng(0x1205 + echo));
    const image = new Float32Array(SIZE * SIZE);
    for (let row = 0; row < SIZE; row++)
      for (let column = 0; column < SIZE; column++) {
        const region = regionAt(column, row);
        const signal = region ? region.s0 * Math.exp((-region.r2starHz * te) / 1000) : 0;
        image[row * SIZE + column] = Math.round(Math.hypot(signal + NOISE_SIGMA * noise(), NOISE_SIGMA * noise()));
      }
    return image;
  });
}
