/**
 * Measurement regions the truth file promises, and the checks that keep those promises.
 *
 * Every ROI below is verified against the label maps rather than trusted: a circle of the
 * stated radius plus a one-pixel margin must contain only the intended tissue. If an anatomy
 * edit breaks a promise, generation fails instead of writing a wrong truth file.
 */
import { ellipsoidScale } from './anatomy';
import { LESIONS, lesionSemiAxesPx, type Lesion, type LesionSize } from './lesions';
import { ellipseIsAll, pixelsInEllipse, type LabelMap } from './phantom';
import { COLUMNS, PIXEL_SPACING_MM, SLICE_COUNT } from './geometry';
import { labelOf, type AnatomicTissue } from './tissues';
import type { Point } from './truthTypes';

export interface CircleRoi {
  name: string;
  center: Point;
  radiusPx: number;
}

/** The fraction of a lesion's semi-axes used for its "well inside" ROI. */
export const LESION_ROI_FRACTION = 0.7;
/** 1 cm2 at 1.5 mm pixels is 44.4 pixels. */
export const MIN_ROI_PIXELS = 45;
/** Clearance between a lesion and any other structure, on every slice it appears on. */
export const LESION_MARGIN_PX = 2;
const ROI_MARGIN_PX = 1;

export const LIVER_ROIS: readonly CircleRoi[] = [
  { name: 'left-lobe', center: [142, 86], radiusPx: 6 },
  { name: 'right-lobe-lateral', center: [62, 112], radiusPx: 6 },
  { name: 'right-lobe-medial', center: [102, 118], radiusPx: 6 },
];
export const SPLEEN_ROI: CircleRoi = { name: 'spleen', center: [200, 140], radiusPx: 6 };

/** Right (image left) and left paraspinal muscle ROIs; the muscles shrink at the sacrum. */
export function muscleRois(slice: number): { right: CircleRoi; left: CircleRoi } {
  return slice <= 47
    ? { right: { name: 'muscle-right', center: [104, 189], radiusPx: 6 }, left: { name: 'muscle-left', center: [152, 189], radiusPx: 6 } }
    : { right: { name: 'muscle-right', center: [110, 199], radiusPx: 5 }, left: { name: 'muscle-left', center: [146, 199], radiusPx: 5 } };
}

export function circlePixelCount(radiusPx: number): number {
  // Centred mid-image so the image border never clips the count.
  return pixelsInEllipse(128, 128, radiusPx, radiusPx).length;
}

export function pixelAreaMm2(pixelCount: number): number {
  return pixelCount * PIXEL_SPACING_MM * PIXEL_SPACING_MM;
}

export function circleFits(labels: LabelMap, roi: CircleRoi, tissue: AnatomicTissue): boolean {
  const radius = roi.radiusPx + ROI_MARGIN_PX;
  return ellipseIsAll(labels, roi.center[0], roi.center[1], radius, radius, [labelOf(tissue)]);
}

/** Instance numbers (1-based) of the slices where the ROI fits inside the tissue. */
export function slicesWhereFits(labelsFor: (slice: number) => LabelMap, roi: CircleRoi, tissue: AnatomicTissue): number[] {
  const slices: number[] = [];
  for (let slice = 1; slice <= SLICE_COUNT; slice += 1) {
    if (circleFits(labelsFor(slice), roi, tissue)) slices.push(slice);
  }
  return slices;
}

export function lesionSlices(lesion: Pick<Lesion, 'slice' | 'zHalfExtentMm'>): number[] {
  const slices: number[] = [];
  for (let slice = 1; slice <= SLICE_COUNT; slice += 1) {
    if (ellipsoidScale(slice, lesion.slice, lesion.zHalfExtentMm) > 0) slices.push(slice);
  }
  return slices;
}

export function lesionRoiRadii(lesion: LesionSize): [number, number] {
  const [rx, ry] = lesionSemiAxesPx(lesion);
  return [rx * LESION_ROI_FRACTION, ry * LESION_ROI_FRACTION];
}

export function lesionRoiPixelCount(lesion: LesionSize & Pick<Lesion, 'center'>): number {
  const [rx, ry] = lesionRoiRadii(lesion);
  return pixelsInEllipse(lesion.center[0], lesion.center[1], rx, ry).length;
}

/**
 * Throws unless every lesion sits inside its host with a clear margin on all its slices, every
 * lesion ROI is at least 1 cm2, and both paraspinal muscle ROIs fit on every lesion slice.
 */
export function assertPlacement(labelsFor: (slice: number, withLesions: boolean) => LabelMap): void {
  const problems: string[] = [];
  for (const lesion of LESIONS) {
    const [rx, ry] = lesionSemiAxesPx(lesion);
    for (const slice of lesionSlices(lesion)) {
      const scale = ellipsoidScale(slice, lesion.slice, lesion.zHalfExtentMm);
      const clear = ellipseIsAll(
        labelsFor(slice, false),
        lesion.center[0],
        lesion.center[1],
        rx * scale + LESION_MARGIN_PX,
        ry * scale + LESION_MARGIN_PX,
        [labelOf(lesion.host)],
      );
      if (!clear) problems.push(`${lesion.id} touches another structure on slice ${slice}`);
      const muscles = muscleRois(slice);
      for (const roi of [muscles.right, muscles.left]) {
        if (!circleFits(labelsFor(slice, true), roi, 'muscle')) problems.push(`${roi.name} ROI does not fit on slice ${slice}`);
        if (circlePixelCount(roi.radiusPx) < MIN_ROI_PIXELS) problems.push(`${roi.name} ROI under 1 cm2`);
      }
    }
    if (lesionRoiPixelCount(lesion) < MIN_ROI_PIXELS) problems.push(`${lesion.id} ROI under 1 cm2`);
  }
  for (const roi of [...LIVER_ROIS, SPLEEN_ROI]) {
    if (circlePixelCount(roi.radiusPx) < MIN_ROI_PIXELS) problems.push(`${roi.name} ROI under 1 cm2`);
  }
  if (problems.length > 0) throw new Error(`phantom placement is broken:\n${problems.join('\n')}`);
}

export function toIndices(points: Array<[number, number]>): Int32Array {
  return Int32Array.from(points, ([column, row]) => row * COLUMNS + column);
}

/**
 * Every published ROI on a slice that lies wholly in one tissue there: lesion cores on their
 * stated slice, liver, spleen and paraspinal muscle circles. The renderer makes the noise
 * mean-free inside each, so measuring them returns the truth values.
 */
export function publishedRegions(slice: number, labels: LabelMap): Int32Array[] {
  const regions: Int32Array[] = [];
  for (const lesion of LESIONS) {
    if (lesion.slice !== slice) continue;
    const [rx, ry] = lesionRoiRadii(lesion);
    regions.push(toIndices(pixelsInEllipse(lesion.center[0], lesion.center[1], rx, ry)));
  }
  const muscles = muscleRois(slice);
  for (const roi of [...LIVER_ROIS, SPLEEN_ROI, muscles.right, muscles.left]) {
    const indices = toIndices(pixelsInEllipse(roi.center[0], roi.center[1], roi.radiusPx, roi.radiusPx));
    const label = labels[indices[0]];
    if (indices.every((index) => labels[index] === label)) regions.push(indices);
  }
  return regions;
}
