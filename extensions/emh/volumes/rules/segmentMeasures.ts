/**
 * What a segment measures: its volume in mL and its mean value (HU on CT).
 *
 * The voxel's depth is the spacing between slice positions (sliceSpacing.ts), never
 * SliceThickness: slices may overlap or leave gaps, and only their spacing says how much of
 * the patient each slice stands for.
 */
import type { SegmentMask } from './voxelGrid';

/** [between columns, between rows, between slice positions], mm. */
export type VoxelSpacing = readonly [number, number, number];

export interface SegmentVolume {
  readonly voxels: number;
  /** voxels x voxel volume (mm3) / 1000. */
  readonly volumeMl: number;
}

export function countVoxels(mask: SegmentMask): number {
  let voxels = 0;
  for (let offset = 0; offset < mask.length; offset += 1) if (mask[offset] !== 0) voxels += 1;
  return voxels;
}

export function segmentVolume(mask: SegmentMask, voxelSpacingMm: VoxelSpacing): SegmentVolume {
  if (!voxelSpacingMm.every((spacing) => Number.isFinite(spacing) && spacing > 0)) {
    throw new Error(`The voxel spacing [${voxelSpacingMm.join(', ')}] mm is not a positive size`);
  }
  const voxels = countVoxels(mask);
  const [column, row, betweenSlices] = voxelSpacingMm;
  return { voxels, volumeMl: (voxels * column * row * betweenSlices) / 1000 };
}

/** Mean of the values inside the segment; null for an empty segment (there is nothing to average). */
export function segmentMean(mask: SegmentMask, scalars: ArrayLike<number>): number | null {
  if (mask.length !== scalars.length) throw new Error(`The segment has ${mask.length} voxels and the values ${scalars.length}`);
  let sum = 0;
  let voxels = 0;
  for (let offset = 0; offset < mask.length; offset += 1) {
    if (mask[offset] === 0) continue;
    sum += scalars[offset];
    voxels += 1;
  }
  return voxels === 0 ? null : sum / voxels;
}
