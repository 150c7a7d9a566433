/**
 * The spacing between slice positions: the depth of a voxel in a stack of slices.
 *
 * Each slice's ImagePositionPatient is projected on the normal of the slices (row cosines x
 * column cosines); the spacing is the median of the differences between consecutive
 * positions, taken in order along the normal. SliceThickness and SpacingBetweenSlices are not
 * read: the first is the thickness of the reconstructed section, which overlapping or gapped
 * slices make different from their spacing, and the second is optional and often absent.
 *
 * Irregular stacks are refused, not averaged: when any difference is more than 1 % (or 0.01 mm,
 * for the rounding of positions written as decimal strings) away from the median, there is no
 * single voxel depth, and a volume made with one would be wrong where the gaps are (a missing
 * slice, two series mixed, a stack with a change of spacing). Two slices at one position are
 * refused too.
 */

export type Point3 = readonly [number, number, number];

export type SliceSpacing = { readonly ok: true; readonly spacingMm: number } | { readonly ok: false; readonly reason: string };

/** Relative tolerance on each difference. */
export const SPACING_TOLERANCE = 0.01;
/** Absolute floor of the tolerance, mm. */
export const SPACING_TOLERANCE_MM = 0.01;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sliceSpacingFromPositions(positions: readonly Point3[], normal: Point3): SliceSpacing {
  if (positions.length < 2) return { ok: false, reason: 'A stack of one slice has no spacing between slice positions' };
  const length = Math.hypot(normal[0], normal[1], normal[2]);
  if (!(length > 0)) return { ok: false, reason: 'The slices have no normal (their orientation is missing)' };
  const along = positions.map(([x, y, z]) => (x * normal[0] + y * normal[1] + z * normal[2]) / length).sort((a, b) => a - b);
  const steps = along.slice(1).map((value, index) => value - along[index]);
  const spacingMm = median([...steps].sort((a, b) => a - b));
  const tolerance = Math.max(SPACING_TOLERANCE * spacingMm, SPACING_TOLERANCE_MM);
  if (steps.some((step) => step <= SPACING_TOLERANCE_MM)) {
    return { ok: false, reason: 'Two slices share one position: the stack mixes acquisitions or repeats a slice' };
  }
  const worst = steps.reduce((far, step) => (Math.abs(step - spacingMm) > Math.abs(far - spacingMm) ? step : far), spacingMm);
  if (Math.abs(worst - spacingMm) > tolerance) {
    return {
      ok: false,
      reason: `The slices are not evenly spaced: ${round(worst)} mm between two of them against ${round(spacingMm)} mm elsewhere (a missing slice or a change of spacing); no single voxel depth fits`,
    };
  }
  return { ok: true, spacingMm };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
