/**
 * An R2* map: the decay of every pixel of one slice position fitted with the ROIs' truncation
 * model, S(TE) = S0 exp(-R2* TE) by least squares on the signal over the echoes above the
 * noise floor. Pure: the echoes come as plain arrays of rescaled values.
 *
 * Per pixel, fast: the straight line through ln S (weighted by S²) gives the start, then
 * Levenberg-Marquardt on the signal itself (two parameters, closed-form 2 x 2 steps, a few
 * iterations). The ROIs' extra rule (dropping late echoes while R² < 0.995) is not applied:
 * one pixel's curve is too noisy for an R² test to mean what it means for an ROI's mean.
 */

export interface EchoStack {
  readonly columns: number;
  readonly rows: number;
  /** Shortest first, one per image in `echoes`. */
  readonly echoTimesMs: readonly number[];
  /** Each echo's values (modality rescale applied), row by row. */
  readonly echoes: readonly ArrayLike<number>[];
}

export interface MapOptions {
  /** Noise SD per channel; estimated from the air of the first echo when not given. */
  readonly noiseSigma?: number;
  /**
   * Each pixel's decay is the mean over its (2 n + 1)² neighbourhood, inside the tissue mask:
   * 1 (3 x 3) by default, 0 for the pixel alone. One liver pixel at SNR 40 gives R2* within
   * about 5 % (one SD); its 3 x 3 neighbourhood within about 2 %, at the cost of 2.5 mm of blur.
   */
  readonly neighbourhood?: number;
  /** A pixel whose first echo is below this many noise SDs is air: no value. */
  readonly minSnr?: number;
}

export interface R2starMap {
  readonly columns: number;
  readonly rows: number;
  /** R2* in Hz per pixel; NaN where there is no value (air, below the noise floor, no fit). */
  readonly r2starHz: Float32Array;
  /** Echoes each pixel's fit used (0 where no value). */
  readonly echoesUsed: Uint8Array;
  /** The noise SD used (given or estimated); null when none could be estimated. */
  readonly noiseSigma: number | null;
  /** Pixels with a value, and pixels left out as air. */
  readonly fitted: number;
  readonly masked: number;
}

const MIN_ECHOES = 3;
/** Median of a Rayleigh distribution (air in a magnitude image) = sigma * sqrt(2 ln 2). */
const RAYLEIGH_MEDIAN = Math.sqrt(2 * Math.LN2);

function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * The noise SD per channel from the air of a magnitude image: pixels under a tenth of its 99th
 * percentile are taken as air (Rayleigh distributed) and sigma = median / sqrt(2 ln 2), robust
 * to a little tissue among them. Null when there is too little air or it is zero-filled.
 */
export function noiseFromAir(image: ArrayLike<number>): number | null {
  const bright = percentile(image, 0.99);
  const air: number[] = [];
  for (let i = 0; i < image.length; i++) if (image[i]! < bright / 10) air.push(image[i]!);
  if (air.length < Math.max(50, image.length / 100)) return null;
  const sigma = percentile(air, 0.5) / RAYLEIGH_MEDIAN;
  return sigma > 0 ? sigma : null;
}

/**
 * The decay each pixel's fit sees, pixel after pixel (pixel i's echo e at i * echoes + e):
 * the neighbourhood mean inside the mask, corrected for the Rician floor, sqrt(M² - sigma²).
 * NaN for masked pixels. Exported for the bench, which fits the same curves elsewhere.
 */
export function pixelDecays(
  stack: EchoStack,
  options: MapOptions = {},
): { decays: Float32Array; mask: Uint8Array; noiseSigma: number | null } {
  const { columns, rows, echoes } = stack;
  const count = columns * rows;
  const first = echoes[0];
  if (!first || echoes.length !== stack.echoTimesMs.length) throw new Error('The map needs one image per echo time');
  if (echoes.some((e) => e.length !== count)) throw new Error(`Every echo must hold ${columns} x ${rows} values`);
  const sigma = options.noiseSigma ?? noiseFromAir(first);
  // Without a noise estimate, air is what is darker than a twentieth of the bright tissue.
  const threshold = sigma !== null ? (options.minSnr ?? 5) * sigma : percentile(first, 0.99) / 20;
  const mask = new Uint8Array(count);
  for (let i = 0; i < count; i++) mask[i] = first[i]! >= threshold ? 1 : 0;
  const n = Math.max(0, Math.floor(options.neighbourhood ?? 1));
  const e = echoes.length;
  const decays = new Float32Array(count * e).fill(Number.NaN);
  const sigma2 = sigma !== null ? sigma * sigma : 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const i = row * columns + column;
      if (!mask[i]) continue;
      for (let k = 0; k < e; k++) {
        const image = echoes[k]!;
        let sum = 0;
        let used = 0;
        for (let r = Math.max(0, row - n); r <= Math.min(rows - 1, row + n); r++) {
          for (let c = Math.max(0, column - n); c <= Math.min(columns - 1, column + n); c++) {
            const j = r * columns + c;
            if (!mask[j]) continue;
            sum += image[j]!;
            used++;
          }
        }
        const mean = sum / used;
        decays[i * e + k] = sigma2 > 0 ? Math.sqrt(Math.max(0, mean * mean - sigma2)) : mean;
      }
    }
  }
  return { decays, mask, noiseSigma: sigma };
}

/** How many echoes, from the first, the truncation keeps: up to the first under the floor, never under 3. */
export function echoesAboveFloor(decays: ArrayLike<number>, offset: number, echoes: number, floor: number): number {
  for (let k = 0; k < echoes; k++) if (!(decays[offset + k]! >= floor)) return Math.max(MIN_ECHOES, k);
  return echoes;
}

/**
 * Least-squares R2* (Hz) of S0 exp(-R2* TE) over the first `used` echoes at `offset`; NaN
 * when there is no decaying signal. Same start and iterations as the ROI fit (r2starFit.ts),
 * without its allocations.
 */
export function fitPixelDecay(te: ArrayLike<number>, s: ArrayLike<number>, offset: number, used: number): number {
  // Start: ln S against TE, weighted by S².
  let sw = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let k = 0; k < used; k++) {
    const signal = s[offset + k]!;
    if (!(signal > 0)) continue;
    const w = signal * signal;
    const y = Math.log(signal);
    const x = te[k]!;
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  const det = sw * sxx - sx * sx;
  if (!(sw > 0) || det === 0) return Number.NaN;
  const slope = (sw * sxy - sx * sy) / det;
  let a = Math.exp((sy - slope * sx) / sw);
  let r = Math.max(0, -slope);
  const cost = (pa: number, pr: number): number => {
    let c = 0;
    for (let k = 0; k < used; k++) {
      const d = s[offset + k]! - pa * Math.exp(-pr * te[k]!);
      c += d * d;
    }
    return c;
  };
  let current = cost(a, r);
  let lambda = 1e-3;
  for (let iteration = 0; iteration < 200; iteration++) {
    let j11 = 0,
      j12 = 0,
      j22 = 0,
      g1 = 0,
      g2 = 0;
    for (let k = 0; k < used; k++) {
      const t = te[k]!;
      const decay = Math.exp(-r * t);
      const d1 = decay;
      const d2 = -a * t * decay;
      const residual = s[offset + k]! - a * decay;
      j11 += d1 * d1;
      j12 += d1 * d2;
      j22 += d2 * d2;
      g1 += d1 * residual;
      g2 += d2 * residual;
    }
    const m11 = j11 * (1 + lambda);
    const m22 = j22 * (1 + lambda);
    const dm = m11 * m22 - j12 * j12;
    if (Math.abs(dm) < 1e-300) break;
    const na = a + (g1 * m22 - g2 * j12) / dm;
    const nr = Math.max(0, r + (m11 * g2 - j12 * g1) / dm);
    const next = cost(na, nr);
    if (next < current) {
      const converged = current - next <= 1e-12 * Math.max(1, current);
      a = na;
      r = nr;
      current = next;
      lambda = Math.max(lambda / 10, 1e-12);
      if (converged) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return a > 0 ? r * 1000 : Number.NaN;
}

/** The R2* of every pixel of one slice position's echoes. */
export function computeR2starMap(stack: EchoStack, options: MapOptions = {}): R2starMap {
  const { decays, mask, noiseSigma } = pixelDecays(stack, options);
  const count = stack.columns * stack.rows;
  const e = stack.echoTimesMs.length;
  if (e < MIN_ECHOES) throw new Error('An R2* map needs three echoes or more');
  const te = Float64Array.from(stack.echoTimesMs);
  for (let k = 1; k < e; k++) if (!(te[k]! > te[k - 1]!)) throw new Error('The echo times must rise');
  const r2starHz = new Float32Array(count).fill(Number.NaN);
  const echoesUsed = new Uint8Array(count);
  let fitted = 0;
  let masked = 0;
  for (let i = 0; i < count; i++) {
    if (!mask[i]) {
      masked++;
      continue;
    }
    const offset = i * e;
    // The floor as for an ROI: 3 sigma with the noise known, else a tenth of the first echo.
    const floor = noiseSigma !== null ? 3 * noiseSigma : decays[offset]! / 10;
    const used = echoesAboveFloor(decays, offset, e, floor);
    const value = fitPixelDecay(te, decays, offset, used);
    if (Number.isFinite(value)) {
      r2starHz[i] = value;
      echoesUsed[i] = used;
      fitted++;
    }
  }
  return { columns: stack.columns, rows: stack.rows, r2starHz, echoesUsed, noiseSigma, fitted, masked };
}
