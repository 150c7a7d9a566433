/**
 * What an R2* means for chelation: liver iron concentration (LIC, mg Fe per g dry weight) from
 * the liver's R2*, and the grades of LIC and of the cardiac (septal) T2*. Every threshold is
 * configurable; the defaults are the common clinical cut-offs.
 */

export type LicCalibration = 'wood-2005' | 'garbowski-2014';

export interface LicCalibrationDefinition {
  readonly id: LicCalibration;
  readonly label: string;
  /** Field strength the calibration was measured at, tesla. */
  readonly fieldStrengthT: number;
  readonly lic: (r2starHz: number) => number;
}

export const LIC_CALIBRATIONS: Readonly<Record<LicCalibration, LicCalibrationDefinition>> = {
  'wood-2005': {
    id: 'wood-2005',
    label: 'Wood 2005 (1.5 T): LIC = 0.0254 R2* + 0.202',
    fieldStrengthT: 1.5,
    lic: (r2) => 0.0254 * r2 + 0.202,
  },
  'garbowski-2014': {
    id: 'garbowski-2014',
    label: 'Garbowski 2014 (1.5 T): LIC = 0.029 R2*^1.014',
    fieldStrengthT: 1.5,
    lic: (r2) => 0.029 * r2 ** 1.014,
  },
};

export type LiverIronGrade = 'normal' | 'mild' | 'moderate' | 'severe';
export type HeartIronGrade = 'normal' | 'mild-moderate' | 'severe';

export interface IronThresholds {
  /** LIC (mg/g) upper bounds of normal, mild and moderate; severe from the last. */
  readonly licNormalBelow: number;
  readonly licMildBelow: number;
  readonly licModerateBelow: number;
  /** Cardiac T2* (ms): normal above the first, severe below the second. */
  readonly heartNormalAboveMs: number;
  readonly heartSevereBelowMs: number;
}

export const DEFAULT_IRON_THRESHOLDS: IronThresholds = Object.freeze({
  licNormalBelow: 1.8,
  licMildBelow: 7,
  licModerateBelow: 15,
  heartNormalAboveMs: 20,
  heartSevereBelowMs: 10,
});

export type LicResult =
  | { readonly licMgFeG: number; readonly calibration: LicCalibration; readonly reason: null }
  | { readonly licMgFeG: null; readonly calibration: null; readonly reason: string };

/**
 * LIC from the liver's R2*. A calibration holds at the field strength it was measured at
 * (R2* roughly doubles from 1.5 T to 3 T); at another field, or an unknown one, there is no
 * LIC, and the reason says so rather than a number that looks right and is not.
 */
export function liverIronConcentration(
  r2starHz: number,
  fieldStrengthT: number | null,
  calibration: LicCalibration = 'wood-2005',
): LicResult {
  const definition = LIC_CALIBRATIONS[calibration];
  if (fieldStrengthT === null) {
    return { licMgFeG: null, calibration: null, reason: 'Magnetic field strength unknown: no LIC (the calibrations hold at 1.5 T)' };
  }
  if (Math.abs(fieldStrengthT - definition.fieldStrengthT) > 0.2) {
    return {
      licMgFeG: null,
      calibration: null,
      reason: `No LIC at ${fieldStrengthT} T: ${definition.label} holds at ${definition.fieldStrengthT} T only, and R2* grows with the field`,
    };
  }
  if (!(r2starHz >= 0) || !Number.isFinite(r2starHz)) return { licMgFeG: null, calibration: null, reason: 'No R2* to convert' };
  return { licMgFeG: definition.lic(r2starHz), calibration, reason: null };
}

export function liverIronGrade(licMgFeG: number, t: IronThresholds = DEFAULT_IRON_THRESHOLDS): LiverIronGrade {
  if (licMgFeG < t.licNormalBelow) return 'normal';
  if (licMgFeG < t.licMildBelow) return 'mild';
  if (licMgFeG < t.licModerateBelow) return 'moderate';
  return 'severe';
}

export type HeartGradeResult =
  { readonly grade: HeartIronGrade; readonly reason: null } | { readonly grade: null; readonly reason: string };

/** The field the cardiac cut-offs were set at (T2* shortens with the field, roughly halving at 3 T). */
const HEART_CUTOFFS_FIELD_T = 1.5;

/**
 * The cardiac grade where its cut-offs hold: at 1.5 T (within 0.2 T). At another or an unknown
 * field the T2* is given ungraded, with the reason, as the LIC is.
 */
export function heartIronGradeAt(
  t2starMs: number,
  fieldStrengthT: number | null,
  t: IronThresholds = DEFAULT_IRON_THRESHOLDS,
): HeartGradeResult {
  if (fieldStrengthT === null) return { grade: null, reason: 'Magnetic field strength unknown: not graded (the cut-offs hold at 1.5 T)' };
  if (Math.abs(fieldStrengthT - HEART_CUTOFFS_FIELD_T) > 0.2)
    return {
      grade: null,
      reason: `Not graded at ${fieldStrengthT} T: the cut-offs (20 and 10 ms) hold at 1.5 T, and T2* shortens with the field`,
    };
  return { grade: heartIronGrade(t2starMs, t), reason: null };
}

export function heartIronGrade(t2starMs: number, t: IronThresholds = DEFAULT_IRON_THRESHOLDS): HeartIronGrade {
  if (t2starMs > t.heartNormalAboveMs) return 'normal';
  if (t2starMs < t.heartSevereBelowMs) return 'severe';
  return 'mild-moderate';
}
