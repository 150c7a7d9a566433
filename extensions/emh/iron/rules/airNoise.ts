/**
 * The noise of a magnitude image, from the air around the body, for the Rician correction of the
 * R2* fit. Pure: the pixels come as a plain array with the image's rescale.
 *
 * In air the true signal is zero and the magnitude of two Gaussian channels of SD sigma follows a
 * Rayleigh distribution: mean = sigma sqrt(pi/2), SD = sigma sqrt(2 - pi/2), so mean / SD = 1.91
 * whatever sigma is. The air is looked for in the four corners of the image (the body is seldom
 * there): a corner counts as air when its mean / SD is near 1.91 (tissue, even dark tissue, has a
 * far higher ratio; an edge of the body or a ghost a lower one) and it is dark beside the image's
 * bright tissue. sigma = mean of the air corners / sqrt(pi/2).
 *
 * Limits: with parallel imaging (SENSE, GRAPPA) or a coil's intensity correction the noise is not
 * the same everywhere, and the corners say little about the noise in the liver; a scanner that
 * masks the background to zero leaves no air to measure; a body that fills the field of view has
 * none either. Then no sigma is given (null) and the fit keeps its floor at a tenth of the first
 * echo.
 */

import type { PixelImage } from './ellipseMean';

/** mean / sigma of a Rayleigh distribution. */
const RAYLEIGH_MEAN = Math.sqrt(Math.PI / 2);
/** mean / SD of a Rayleigh distribution (1.91). */
const RAYLEIGH_RATIO = RAYLEIGH_MEAN / Math.sqrt(2 - Math.PI / 2);
/** How far a corner's mean / SD may lie from 1.91 and still be air (its own estimate wanders ~5 % at 100 pixels). */
const RATIO_TOLERANCE = 0.3;
/** Air is darker than a tenth of the image's bright tissue (its 95th percentile). */
const AIR_FRACTION_OF_TISSUE = 0.1;
/** Corners whose means differ more than this from the darkest air corner hold something else (a ghost, a coil). */
const CORNER_AGREEMENT = 1.5;
const MIN_CORNER_PIXELS = 16;

export interface AirNoise {
  /** SD of the Gaussian noise in each channel, in the image's rescaled values. */
  readonly sigma: number;
  /** How many air pixels it was measured on. */
  readonly pixels: number;
  /** Which corners were air. */
  readonly corners: readonly Corner[];
}

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

interface CornerStats {
  readonly corner: Corner;
  readonly mean: number;
  readonly sd: number;
  readonly count: number;
}

function cornerStats(image: PixelImage, corner: Corner, side: number): CornerStats {
  const firstRow = corner.startsWith('top') ? 0 : image.rows - side;
  const firstColumn = corner.endsWith('left') ? 0 : image.columns - side;
  let sum = 0;
  let sumSquares = 0;
  for (let row = firstRow; row < firstRow + side; row++) {
    for (let column = firstColumn; column < firstColumn + side; column++) {
      const value = image.pixels[row * image.columns + column]! * image.slope + image.intercept;
      sum += value;
      sumSquares += value * value;
    }
  }
  const count = side * side;
  const mean = sum / count;
  const variance = Math.max(0, (sumSquares - count * mean * mean) / (count - 1));
  return { corner, mean, sd: Math.sqrt(variance), count };
}

/** The 95th percentile of the image: its bright tissue, whatever the few brightest pixels do. */
function brightTissue(image: PixelImage): number {
  const values = Float64Array.from({ length: image.rows * image.columns }, (_, i) => image.pixels[i]! * image.slope + image.intercept);
  values.sort();
  return values[Math.floor(0.95 * (values.length - 1))]!;
}

/**
 * sigma from the air in the image's corners (squares a tenth of the image's side, at least 4
 * pixels), or null when no corner is air.
 */
export function airNoiseSigma(image: PixelImage): AirNoise | null {
  const side = Math.max(4, Math.round(Math.min(image.rows, image.columns) / 10));
  if (side * 2 > Math.min(image.rows, image.columns) || side * side < MIN_CORNER_PIXELS) return null;
  const bright = brightTissue(image);
  const corners: Corner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
  const air = corners
    .map((corner) => cornerStats(image, corner, side))
    .filter(
      (c) =>
        c.mean > 0 &&
        c.sd > 0 &&
        Math.abs(c.mean / c.sd - RAYLEIGH_RATIO) <= RATIO_TOLERANCE * RAYLEIGH_RATIO &&
        c.mean < AIR_FRACTION_OF_TISSUE * bright,
    );
  if (air.length === 0) return null;
  const darkest = Math.min(...air.map((c) => c.mean));
  const agreeing = air.filter((c) => c.mean <= CORNER_AGREEMENT * darkest);
  const pixels = agreeing.reduce((n, c) => n + c.count, 0);
  const mean = agreeing.reduce((s, c) => s + c.mean * c.count, 0) / pixels;
  return { sigma: mean / RAYLEIGH_MEAN, pixels, corners: agreeing.map((c) => c.corner) };
}
