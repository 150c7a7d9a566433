import { dot, subtract } from './vec3';
import type { ImagePlane } from './imagePlane';

/** One image of a series as a slice of a would-be volume. */
export interface VolumeSlice {
  readonly plane: ImagePlane;
  readonly frameOfReferenceUID: string;
}

/** How far (relative) a gap between positions may stray from the median before the stack is uneven. */
const SPACING_TOLERANCE = 0.01;
/** Positions are rounded in DS (16 characters): a hundredth of a mm is rounding, not a gap. */
const SPACING_FLOOR_MM = 0.01;
/** cos of about 0.5 degree: slices tilted more than this are not one block of voxels. */
const PARALLEL_COS = 0.99996;

/**
 * Why a series cannot be loaded as one volume, or null when it can. A volume is a block of
 * voxels: every slice must share the frame of reference, the matrix, the pixel spacing and the
 * orientation, and the slices must be evenly spaced along the normal with no in-plane shift
 * (a tilted gantry). Reformatting anything else would put anatomy in the wrong place without
 * saying so, so it is refused with the reason a radiologist can act on.
 */
export function volumeStackProblem(slices: readonly VolumeSlice[]): string | null {
  if (slices.length < 3) return 'A volume needs at least 3 slices';
  const first = slices[0];
  if (!first.frameOfReferenceUID) return 'The images have no frame of reference';
  for (const slice of slices) {
    const { plane } = slice;
    if (!plane.inPatientSpace) return 'Some images have no position, orientation or pixel spacing';
    if (slice.frameOfReferenceUID !== first.frameOfReferenceUID) return 'The images are in more than one frame of reference';
    if (plane.rows !== first.plane.rows || plane.columns !== first.plane.columns) return 'The images differ in size';
    if (plane.rowSpacing !== first.plane.rowSpacing || plane.columnSpacing !== first.plane.columnSpacing) {
      return 'The images differ in pixel spacing';
    }
    if (
      dot(plane.rowDirection, first.plane.rowDirection) < PARALLEL_COS ||
      dot(plane.columnDirection, first.plane.columnDirection) < PARALLEL_COS
    ) {
      return 'The slices are not parallel';
    }
  }
  const { normal, rowDirection, columnDirection } = first.plane;
  const along = slices.map((s) => dot(s.plane.origin, normal)).sort((a, b) => a - b);
  const gaps = along.slice(1).map((value, i) => value - along[i]);
  if (gaps.some((gap) => gap <= SPACING_FLOOR_MM)) return 'Two slices share a position';
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  const allowed = Math.max(SPACING_FLOOR_MM, median * SPACING_TOLERANCE);
  if (gaps.some((gap) => Math.abs(gap - median) > allowed)) return 'The slices are unevenly spaced (a gap or a change of spacing)';
  // A slice shifted within its plane (gantry tilt) would be drawn straight above its neighbour.
  const pixel = Math.min(first.plane.rowSpacing, first.plane.columnSpacing);
  for (const slice of slices) {
    const shift = subtract(slice.plane.origin, first.plane.origin);
    if (Math.abs(dot(shift, rowDirection)) > pixel / 2 || Math.abs(dot(shift, columnDirection)) > pixel / 2) {
      return 'The slices are shifted against each other (a tilted gantry)';
    }
  }
  return null;
}

/** Slab thicknesses offered in the toolbar, in mm; 0 is a plain slice. */
export const SLAB_THICKNESSES_MM: readonly number[] = [0, 5, 10, 20];

export type SlabMode = 'mip' | 'none';

/** A slab request checked: thickness 0 or mode "none" is a plain slice. */
export function slabSetting(thickness: number, mode: SlabMode): { thickness: number; mip: boolean } {
  if (!Number.isFinite(thickness) || thickness < 0 || thickness > 500) throw new Error('"thickness" must be 0 to 500 mm');
  const mip = mode === 'mip' && thickness > 0;
  return { thickness: mip ? thickness : 0, mip };
}
