/**
 * Rasterises the cartoon anatomy into label maps and turns label maps into noisy pixels.
 *
 * A label map (one tissue index per pixel) is computed once per slice and shared by every
 * series, so CT and MR agree pixel for pixel; only the value table and the noise differ.
 */
import { shapesForSlice, type Shape } from './anatomy';
import { COLUMNS, ROWS } from './geometry';
import type { Rng } from './random';
import { labelOf } from './tissues';

export type LabelMap = Uint8Array;

const AIR = labelOf('air');

function paint(labels: LabelMap, s: Shape): void {
  const label = labelOf(s.tissue);
  const rowStart = Math.max(0, Math.ceil(s.cy - s.ry));
  const rowEnd = Math.min(ROWS - 1, Math.floor(s.cy + s.ry));
  const colStart = Math.max(0, Math.ceil(s.cx - s.rx));
  const colEnd = Math.min(COLUMNS - 1, Math.floor(s.cx + s.rx));
  for (let row = rowStart; row <= rowEnd; row += 1) {
    const dy = Math.abs((row - s.cy) / s.ry);
    for (let column = colStart; column <= colEnd; column += 1) {
      const dx = Math.abs((column - s.cx) / s.rx);
      // Pixel centres exactly on the boundary count as inside, so axis end points are lesion pixels.
      const inside = s.exponent === 2 ? dx * dx + dy * dy <= 1 + 1e-9 : dx ** s.exponent + dy ** s.exponent <= 1 + 1e-9;
      if (!inside) continue;
      const index = row * COLUMNS + column;
      if (s.insideBodyOnly && labels[index] === AIR) continue;
      labels[index] = label;
    }
  }
}

export function labelSlice(instance: number, withLesions = true): LabelMap {
  const labels = new Uint8Array(ROWS * COLUMNS).fill(AIR);
  for (const s of shapesForSlice(instance, withLesions)) paint(labels, s);
  return labels;
}

/** How a series turns tissue values into stored pixel values. */
export interface PixelModel {
  /** Tissue value per label index (HU for CT, signal for MR). */
  values: Float64Array;
  /** Noise SD for a tissue value. */
  noiseSd(value: number): number;
  /** Stored value = round(value + noise) + offset, clamped to [0, maxStored]. */
  storedOffset: number;
  maxStored: number;
}

/**
 * Noisy stored pixels for one slice. Within each of `exactRegions` (lists of pixel indices in one
 * tissue) the noise is made mean-free and the rounding residue is spread as +-1 over a few pixels,
 * so the ROIs the truth file publishes measure exactly the tissue value instead of value +- a
 * seed-dependent 1-2 HU. That matters where docs/sample-case.md#truth-table puts a value on a band
 * edge (L5 T2 = 0.50 x muscle; docs/signal.md#bands). The noise SD and look are unchanged; other
 * ROIs see ordinary sampling error.
 */
export function renderPixels(labels: LabelMap, model: PixelModel, rng: Rng, exactRegions: readonly Int32Array[] = []): Uint16Array {
  const sdByLabel = Float64Array.from(model.values, (value) => model.noiseSd(value));
  const noise = new Float64Array(labels.length);
  for (let index = 0; index < labels.length; index += 1) noise[index] = sdByLabel[labels[index]] * rng.gaussian();
  for (const region of exactRegions) {
    let sum = 0;
    for (const index of region) sum += noise[index];
    const mean = sum / region.length;
    for (const index of region) noise[index] -= mean;
  }
  const pixels = new Uint16Array(labels.length);
  for (let index = 0; index < labels.length; index += 1) {
    const stored = Math.round(model.values[labels[index]] + noise[index]) + model.storedOffset;
    pixels[index] = stored < 0 ? 0 : stored > model.maxStored ? model.maxStored : stored;
  }
  for (const region of exactRegions) {
    const target = (model.values[labels[region[0]]] + model.storedOffset) * region.length;
    let sum = 0;
    for (const index of region) sum += pixels[index];
    const diff = Math.round(target - sum);
    const count = Math.abs(diff);
    for (let step = 0; step < count; step += 1) {
      pixels[region[Math.floor(((step + 0.5) * region.length) / count)]] += Math.sign(diff);
    }
  }
  return pixels;
}

/** Pixel indices [column, row] inside an axis-aligned ellipse (boundary included). */
export function pixelsInEllipse(cx: number, cy: number, rx: number, ry: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let row = Math.ceil(cy - ry); row <= Math.floor(cy + ry); row += 1) {
    for (let column = Math.ceil(cx - rx); column <= Math.floor(cx + rx); column += 1) {
      const dx = (column - cx) / rx;
      const dy = (row - cy) / ry;
      if (dx * dx + dy * dy <= 1 + 1e-9 && row >= 0 && row < ROWS && column >= 0 && column < COLUMNS) out.push([column, row]);
    }
  }
  return out;
}

/** True when every pixel of the ellipse carries one of the given labels. */
export function ellipseIsAll(labels: LabelMap, cx: number, cy: number, rx: number, ry: number, allowed: readonly number[]): boolean {
  return pixelsInEllipse(cx, cy, rx, ry).every(([column, row]) => allowed.includes(labels[row * COLUMNS + column]));
}
