/**
 * Noise model per series (docs/sample-case.md#noise: CT SD 8 HU, MR SD 4 % of the signal).
 */
import { CT_RESCALE_INTERCEPT, BITS_STORED } from './dataset';
import type { PixelModel } from './phantom';
import type { SeriesDefinition } from './series';
import { valueTable } from './tissues';

export const CT_NOISE_SD_HU = 8;
export const MR_NOISE_FRACTION = 0.04;
/**
 * Magnitude MR images are never noise-free, even in air; without a floor the background and
 * cortical bone would be perfectly flat. 2 only matters below a signal of 50.
 */
export const MR_NOISE_FLOOR = 2;

const MAX_STORED = 2 ** BITS_STORED - 1;

export function pixelModelFor(series: SeriesDefinition): PixelModel {
  const values = valueTable(series.contrast);
  if (series.modality === 'CT') {
    // stored = HU - intercept, so stored x slope + intercept gives back HU.
    return { values, noiseSd: () => CT_NOISE_SD_HU, storedOffset: -CT_RESCALE_INTERCEPT, maxStored: MAX_STORED };
  }
  return {
    values,
    noiseSd: (signal) => Math.max(MR_NOISE_FRACTION * signal, MR_NOISE_FLOOR),
    storedOffset: 0,
    maxStored: MAX_STORED,
  };
}
