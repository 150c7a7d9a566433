/**
 * The range a click in a lesion grows within, before the reader edits it: the values around
 * the seed (its 5 x 5 pixels on the seed's slice and the slices either side) give a mean and
 * an SD, and the range is the mean ± 3 SD, but never narrower than ± 40 HU on CT or ± 25 % of
 * the mean signal on MR. Noise alone (SD 8-15 HU on CT) puts a lesion's voxels well within
 * ± 40 HU of its mean, while fat (-100 HU), air and bone stay out; a click on the lesion's
 * edge gives a wide SD, and the leak check catches a range that reaches the neighbouring organ.
 */
import { isOnGrid, voxelOffset, type GridSize, type ScalarVolume, type ValueRange, type VoxelIndex } from './voxelGrid';

export type RangeModality = 'CT' | 'MR';

/** Half the 5 x 5 x 3 block: two pixels each side in the slice, one slice each side. */
const REACH: readonly [number, number, number] = [2, 2, 1];
export const MIN_HALF_WIDTH_HU = 40;
export const MIN_HALF_WIDTH_FRACTION = 0.25;
export const SD_FACTOR = 3;

/** The values of the 5 x 5 x 3 block around the seed that lie on the grid. */
export function seedNeighbourhood(volume: ScalarVolume & { readonly dims: GridSize }, seed: VoxelIndex): number[] {
  if (!isOnGrid(volume.dims, seed)) throw new Error('The seed is off the image');
  const values: number[] = [];
  for (let ds = -REACH[2]; ds <= REACH[2]; ds += 1)
    for (let dr = -REACH[1]; dr <= REACH[1]; dr += 1)
      for (let dc = -REACH[0]; dc <= REACH[0]; dc += 1) {
        const at: VoxelIndex = [seed[0] + dc, seed[1] + dr, seed[2] + ds];
        if (isOnGrid(volume.dims, at)) values.push(volume.scalars[voxelOffset(volume.dims, at)]!);
      }
  return values;
}

/** The default range from the seed's neighbourhood, rounded outwards to whole values. */
export function seedRange(values: readonly number[], modality: RangeModality): ValueRange {
  if (values.length === 0) throw new Error('No values around the seed');
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  const floor = modality === 'CT' ? MIN_HALF_WIDTH_HU : MIN_HALF_WIDTH_FRACTION * Math.abs(mean);
  const half = Math.max(SD_FACTOR * Math.sqrt(variance), floor);
  return [Math.floor(mean - half), Math.ceil(mean + half)];
}

/**
 * The range a drawn region is thresholded within on CT before the reader edits it: soft tissue,
 * fat (about -100 HU) below, calcification, contrast-filled vessels and bone above. A region's
 * values are a mix of lesion and surroundings by design, so no range is read from them; on MR,
 * where signal has no fixed scale, the seed rule is used at the centre of the middle drawn slice.
 */
export const SOFT_TISSUE_HU: ValueRange = [-20, 120];
