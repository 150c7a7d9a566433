import type { IndexPoint } from './imagePlane';

/**
 * What turns pixels into millimetres, in the order a radiologist trusts them: PixelSpacing
 * (in the patient), ImagerPixelSpacing (at the detector: projection images are magnified, so
 * the label says so), an ultrasound region's physical deltas, or nothing (pixels only).
 */
export type CalibrationSource = 'patient' | 'detector' | 'ultrasound-region';

export interface Calibration {
  readonly source: CalibrationSource;
  /** mm between rows (vertical), as PixelSpacing[0]. */
  readonly rowSpacingMm: number;
  /** mm between columns (horizontal), as PixelSpacing[1]. */
  readonly columnSpacingMm: number;
}

/** One entry of SequenceOfUltrasoundRegions (0018,6011) with spatial units. */
export interface UltrasoundRegion {
  /** Region bounds in pixel indices, inclusive (RegionLocationMinX0 ... MaxY1). */
  readonly minColumn: number;
  readonly minRow: number;
  readonly maxColumn: number;
  readonly maxRow: number;
  /** PhysicalUnitsXDirection / YDirection (0018,6024 / 6026): 3 is cm. */
  readonly unitsX: number;
  readonly unitsY: number;
  /** PhysicalDeltaX / Y (0018,602C / 602E): size of one pixel in those units. */
  readonly deltaX: number;
  readonly deltaY: number;
}

/** Every calibration an image offers; which one applies can depend on where one measures. */
export interface CalibrationSources {
  readonly pixelSpacing: readonly [number, number] | null;
  readonly imagerPixelSpacing: readonly [number, number] | null;
  readonly ultrasoundRegions: readonly UltrasoundRegion[];
}

export const NO_CALIBRATION: CalibrationSources = { pixelSpacing: null, imagerPixelSpacing: null, ultrasoundRegions: [] };

const CENTIMETRES = 3;

/** Words shown beside a length so nobody mistakes where it was calibrated. */
export const CALIBRATION_LABELS: Readonly<Record<CalibrationSource, string>> = {
  patient: '',
  detector: 'at detector',
  'ultrasound-region': 'ultrasound region',
};

function inRegion(region: UltrasoundRegion, [column, row]: IndexPoint): boolean {
  return column >= region.minColumn - 0.5 && column <= region.maxColumn + 0.5 && row >= region.minRow - 0.5 && row <= region.maxRow + 0.5;
}

/**
 * The calibration for a measurement made of these points, or null when the image has none
 * that covers them all. An ultrasound measurement counts only inside one spatial region in cm:
 * a length crossing two regions (or a Doppler strip, whose units are time and velocity) has no mm.
 */
export function calibrationAt(sources: CalibrationSources, points: readonly IndexPoint[]): Calibration | null {
  if (sources.pixelSpacing) return { source: 'patient', rowSpacingMm: sources.pixelSpacing[0], columnSpacingMm: sources.pixelSpacing[1] };
  if (sources.imagerPixelSpacing) {
    return { source: 'detector', rowSpacingMm: sources.imagerPixelSpacing[0], columnSpacingMm: sources.imagerPixelSpacing[1] };
  }
  const region = sources.ultrasoundRegions.find(
    (r) => r.unitsX === CENTIMETRES && r.unitsY === CENTIMETRES && points.length > 0 && points.every((p) => inRegion(r, p)),
  );
  if (region)
    return { source: 'ultrasound-region', rowSpacingMm: Math.abs(region.deltaY) * 10, columnSpacingMm: Math.abs(region.deltaX) * 10 };
  return null;
}
