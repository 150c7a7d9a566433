/**
 * Each lesion's volume on the voxel grid, counted from the label maps that draw it, and its
 * mean HU on the unenhanced CT as written. The label maps are shared by every series, so the
 * MR series hold the very same lesion voxels.
 *
 * The voxel's depth is the spacing between slice positions (consecutive ImagePositionPatient
 * along the normal), never SliceThickness: here both are 5 mm, but only the first is right in
 * general (overlapping or gapped slices).
 */
import { CT_RESCALE_INTERCEPT } from './dataset';
import { PIXEL_SPACING_MM, SLICE_COUNT, zOfInstance } from './geometry';
import { LESIONS, type Lesion } from './lesions';
import type { LabelMap } from './phantom';
import { ANATOMIC_VALUES } from './tissues';
import { labelOf } from './tissues';
import type { LesionVolumeTruth } from './truthTypes';

/**
 * HU range that grows a fat-hosted lesion from its centre to exactly its voxels. Every such
 * lesion keeps two pixels of fat (-100 HU) around it on each of its slices, and beyond its
 * first and last slice lies fat too; -20 HU is 10 noise SDs above fat and 8 below the lowest
 * lesion (42 HU), so no fat voxel is let in and no lesion voxel left out.
 */
export const FAT_HOSTED_GROW_RANGE_HU: [number, number] = [-20, 120];

const SPLEEN_NOTE =
  'No HU range separates this lesion from the spleen around it (45 vs 62 HU, noise SD 8): growing from its centre leaks into the spleen; a drawn region or brush is needed.';

/** Distance between consecutive slice positions along the normal (axial: z). */
export function sliceSpacingMm(): number {
  return Math.abs(zOfInstance(2) - zOfInstance(1));
}

/** Stored pixels of the unenhanced CT per phantom slice (instance = slice in ct-nc). */
export type StoredPixelsFor = (slice: number) => Uint16Array;

function volumeOf(lesion: Lesion, labelsFor: (slice: number) => LabelMap, ctStoredFor: StoredPixelsFor): LesionVolumeTruth {
  const label = labelOf(lesion.id);
  let voxels = 0;
  let sumHU = 0;
  for (let slice = 1; slice <= SLICE_COUNT; slice += 1) {
    const labels = labelsFor(slice);
    const stored = ctStoredFor(slice);
    for (let index = 0; index < labels.length; index += 1) {
      if (labels[index] !== label) continue;
      voxels += 1;
      sumHU += stored[index] + CT_RESCALE_INTERCEPT;
    }
  }
  const spacing: [number, number, number] = [PIXEL_SPACING_MM, PIXEL_SPACING_MM, sliceSpacingMm()];
  const fatHosted = lesion.host === 'fat';
  return {
    voxels,
    // 1.5 x 1.5 x 5 = 11.25 mm3 is exact in binary, so the product is too; one division by 1000.
    volumeMl: (voxels * spacing[0] * spacing[1] * spacing[2]) / 1000,
    meanHU: Math.round((sumHU / voxels) * 1e4) / 1e4,
    voxelSpacingMm: spacing,
    series: 'ct-nc',
    growRange: fatHosted ? FAT_HOSTED_GROW_RANGE_HU : null,
    growNote: fatHosted
      ? `Grown from the centre within growRange (6- or 26-connected), the region is exactly these voxels; the host is fat (${ANATOMIC_VALUES.fat.ctNc} HU).`
      : SPLEEN_NOTE,
  };
}

/** Volume truth per lesion id, in LESIONS order. */
export function lesionVolumes(
  labelsFor: (slice: number) => LabelMap,
  ctStoredFor: StoredPixelsFor,
): Record<Lesion['id'], LesionVolumeTruth> {
  const entries = LESIONS.map((lesion) => [lesion.id, volumeOf(lesion, labelsFor, ctStoredFor)] as const);
  return Object.fromEntries(entries) as Record<Lesion['id'], LesionVolumeTruth>;
}
