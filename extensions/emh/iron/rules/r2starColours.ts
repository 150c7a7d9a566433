/**
 * The R2* map's colours and legend. A fixed scale, 0-500 Hz, so that one colour means one
 * R2* on every patient and slice: blue for little iron, through green and yellow, to red for
 * much (values above 500 Hz, T2* under 2 ms, stay at the top colour). The cardiac limits of
 * T2* 20 and 10 ms fall at 50 and 100 Hz, the liver's moderate range (LIC 7-15 mg/g at 1.5 T)
 * at about 270-580 Hz. Pure.
 */

export const R2STAR_SCALE_HZ: readonly [number, number] = [0, 500];

/** Control points, evenly spaced from the bottom of the scale to the top (a rainbow dark at both ends). */
const STOPS: readonly (readonly [number, number, number])[] = [
  [48, 18, 59],
  [65, 69, 171],
  [70, 117, 237],
  [57, 162, 252],
  [27, 207, 212],
  [36, 236, 166],
  [97, 252, 108],
  [164, 252, 59],
  [244, 197, 58],
  [246, 107, 25],
  [122, 4, 3],
];

export type Rgb = readonly [number, number, number];

/** The colour of an R2* (Hz) on the map; 256 steps, as the overlay is drawn. */
export function r2starColour(r2starHz: number): Rgb {
  const [low, high] = R2STAR_SCALE_HZ;
  const t = Math.min(1, Math.max(0, (r2starHz - low) / (high - low)));
  const step = Math.round(t * 255) / 255;
  const at = step * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(at));
  const f = at - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as unknown as Rgb;
}

/**
 * The map as RGBA pixels, row by row: opaque colour where there is a value, transparent where
 * there is none (air, below the noise floor). The overlay's transparency is set where it is drawn.
 */
export function mapPixels(r2starHz: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(r2starHz.length * 4);
  for (let i = 0; i < r2starHz.length; i++) {
    const value = r2starHz[i]!;
    if (!Number.isFinite(value)) continue;
    const [r, g, b] = r2starColour(value);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** T2* in ms for an R2* in Hz, as the legend writes it (no value at 0 Hz). */
export function t2starLabel(r2starHz: number): string {
  if (!(r2starHz > 0)) return '∞';
  const ms = 1000 / r2starHz;
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}

export interface LegendTick {
  readonly r2starHz: number;
  /** Where on the bar, 0 (bottom of the scale) to 1 (top). */
  readonly at: number;
  readonly hzLabel: string;
  readonly t2starLabel: string;
}

export function legendTicks(stepHz = 100): LegendTick[] {
  const [low, high] = R2STAR_SCALE_HZ;
  const ticks: LegendTick[] = [];
  for (let hz = low; hz <= high; hz += stepHz) {
    ticks.push({ r2starHz: hz, at: (hz - low) / (high - low), hzLabel: hz === high ? `≥${hz}` : String(hz), t2starLabel: t2starLabel(hz) });
  }
  return ticks;
}

/** The value under the cursor, as the legend shows it. */
export function valueLabel(r2starHz: number | null): string {
  if (r2starHz === null || !Number.isFinite(r2starHz)) return 'No value here (air or noise)';
  return `R2* ${r2starHz.toFixed(0)} Hz · T2* ${r2starHz > 0 ? (1000 / r2starHz).toFixed(1) : '∞'} ms`;
}
