/**
 * Bidirectional (RECIST-style) lesion size: long axis, and the longest diameter
 * perpendicular to it. Stored in mm at full precision; cm appear only when formatting.
 * An image without PixelSpacing is measured in pixels, and the types make it impossible
 * to read mm from such a measurement.
 */

/** Image index coordinates [column, row], pixel centres on integers (Cornerstone index space). */
export type IndexPoint = readonly [number, number];

/** A point already in mm (2D in-plane or 3D patient coordinates); only distances are used. */
export type MmPoint = readonly number[];

export type Segment<P> = readonly [P, P];

/** DICOM PixelSpacing (0028,0030): [row spacing, column spacing] in mm, i.e. [dy, dx]. */
export type PixelSpacing = readonly [number, number];

/**
 * Where an image's millimetres come from: PixelSpacing (in the patient), ImagerPixelSpacing
 * (at the detector, so magnified on projection images) or an ultrasound region's deltas.
 */
export type LengthCalibration = 'patient' | 'detector' | 'ultrasound-region';

/** Words printed beside a length that is not calibrated in the patient. */
export const LENGTH_CALIBRATION_WORDS: Readonly<Record<LengthCalibration, string>> = {
  patient: '',
  detector: 'at detector',
  'ultrasound-region': 'ultrasound region',
};

/**
 * The axes as an annotation provides them. Index points carry the image's pixel spacing
 * (null when the image has none); mm points (e.g. Cornerstone world coordinates of a
 * calibrated image) are already calibrated.
 */
export type AxesPoints =
  | {
      readonly space: 'index';
      readonly longAxis: Segment<IndexPoint>;
      readonly shortAxis: Segment<IndexPoint>;
      readonly pixelSpacing: PixelSpacing | null;
      /** Where pixelSpacing comes from; absent in records older than the field: PixelSpacing. */
      readonly calibration?: LengthCalibration;
    }
  | {
      readonly space: 'mm';
      readonly longAxis: Segment<MmPoint>;
      readonly shortAxis: Segment<MmPoint>;
    };

export type LesionAxes =
  | { readonly calibrated: true; readonly longAxisMm: number; readonly shortAxisMm: number; readonly calibration?: LengthCalibration }
  | { readonly calibrated: false; readonly longAxisPx: number; readonly shortAxisPx: number };

/**
 * A spacing that is missing, zero, negative or not a number cannot calibrate anything;
 * treating it as absent is safer than producing nonsense millimetres.
 */
export function isUsablePixelSpacing(spacing: PixelSpacing | null | undefined): spacing is PixelSpacing {
  return spacing != null && spacing.length === 2 && spacing.every((value) => Number.isFinite(value) && value > 0);
}

/** Length of a segment in index space, scaled by spacing when there is one. */
export function indexSegmentLength(segment: Segment<IndexPoint>, spacing: PixelSpacing | null): number {
  const [[c0, r0], [c1, r1]] = segment;
  // Columns advance along x, so they take the column spacing (second value), rows the first.
  const [rowSpacing, columnSpacing] = spacing ?? [1, 1];
  return Math.hypot((c1 - c0) * columnSpacing, (r1 - r0) * rowSpacing);
}

export function mmSegmentLength(segment: Segment<MmPoint>): number {
  const [a, b] = segment;
  if (a.length !== b.length) {
    throw new RangeError(`Axis end points have different dimensions (${a.length} and ${b.length})`);
  }
  return Math.hypot(...a.map((value, i) => (b[i] as number) - value));
}

/**
 * Long and short axis of a lesion. The two drawn segments are sorted so long >= short:
 * a user who drags the short handle past the long one has not changed the lesion.
 */
export function measureLesionAxes(points: AxesPoints): LesionAxes {
  if (points.space === 'mm') {
    const [long, short] = sortDescending(mmSegmentLength(points.longAxis), mmSegmentLength(points.shortAxis));
    return { calibrated: true, longAxisMm: long, shortAxisMm: short };
  }
  if (isUsablePixelSpacing(points.pixelSpacing)) {
    const [long, short] = sortDescending(
      indexSegmentLength(points.longAxis, points.pixelSpacing),
      indexSegmentLength(points.shortAxis, points.pixelSpacing),
    );
    const where = points.calibration && points.calibration !== 'patient' ? { calibration: points.calibration } : {};
    return { calibrated: true, longAxisMm: long, shortAxisMm: short, ...where };
  }
  const [long, short] = sortDescending(indexSegmentLength(points.longAxis, null), indexSegmentLength(points.shortAxis, null));
  return { calibrated: false, longAxisPx: long, shortAxisPx: short };
}

function sortDescending(a: number, b: number): [number, number] {
  return a >= b ? [a, b] : [b, a];
}

/**
 * "L4 10.0 x 5.7 cm" (one decimal, RECIST order). Uncalibrated: "L4 120.0 x 80.0 px
 * (uncalibrated)", never cm or mm.
 */
export function formatLesionAxes(axes: LesionAxes, lesionId?: string): string {
  const prefix = lesionId ? `${lesionId} ` : '';
  if (axes.calibrated) {
    const where = LENGTH_CALIBRATION_WORDS[axes.calibration ?? 'patient'];
    return `${prefix}${oneDecimal(axes.longAxisMm / 10)} x ${oneDecimal(axes.shortAxisMm / 10)} cm${where ? ` (${where})` : ''}`;
  }
  return `${prefix}${oneDecimal(axes.longAxisPx)} x ${oneDecimal(axes.shortAxisPx)} px (uncalibrated)`;
}

/** mm -> cm rounded to one decimal for tables and CSV; null stays null (never 0). */
export function mmToDisplayCm(mm: number | null): number | null {
  return mm === null ? null : Number(oneDecimal(mm / 10));
}

/**
 * toFixed rounds the binary value (1.45 -> "1.4"); nudging by a relative epsilon gives the
 * half-up rounding a reader expects from a printed measurement.
 */
function oneDecimal(value: number): string {
  const nudged = value + Math.sign(value) * Math.abs(value) * Number.EPSILON * 8;
  return nudged.toFixed(1);
}
