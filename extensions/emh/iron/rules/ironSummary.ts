import type { R2starFit } from './r2starFit';
import {
  DEFAULT_IRON_THRESHOLDS,
  heartIronGradeAt,
  liverIronConcentration,
  liverIronGrade,
  type HeartIronGrade,
  type IronThresholds,
  type LicCalibration,
  type LiverIronGrade,
} from './ironGrades';

export type IronOrgan = 'liver' | 'heart' | 'spleen' | 'pancreas' | 'muscle';

export interface IronRoi {
  readonly organ: IronOrgan;
  readonly fit: R2starFit;
}

export interface LiverIron {
  readonly r2starHz: number | null;
  readonly t2starMs: number | null;
  readonly licMgFeG: number | null;
  readonly calibration: LicCalibration | null;
  /** Why there is no LIC (no liver ROI, field strength), or null. */
  readonly licReason: string | null;
  readonly grade: LiverIronGrade | null;
  readonly roiCount: number;
}

export interface HeartIron {
  readonly r2starHz: number | null;
  readonly t2starMs: number | null;
  readonly grade: HeartIronGrade | null;
  /** Why there is no grade (no heart ROI, field strength), or null. */
  readonly gradeReason: string | null;
  readonly roiCount: number;
}

const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/** The liver from the mean of its ROIs' R2* (the calibrations are in R2*, not T2*). */
export function liverIron(
  rois: readonly IronRoi[],
  fieldStrengthT: number | null,
  calibration: LicCalibration = 'wood-2005',
  thresholds: IronThresholds = DEFAULT_IRON_THRESHOLDS,
): LiverIron {
  const liver = rois.filter((r) => r.organ === 'liver');
  const r2starHz = mean(liver.map((r) => r.fit.r2starHz));
  if (r2starHz === null) {
    return { r2starHz: null, t2starMs: null, licMgFeG: null, calibration: null, licReason: 'No liver ROI yet', grade: null, roiCount: 0 };
  }
  const lic = liverIronConcentration(r2starHz, fieldStrengthT, calibration);
  return {
    r2starHz,
    t2starMs: r2starHz > 0 ? 1000 / r2starHz : null,
    licMgFeG: lic.licMgFeG,
    calibration: lic.calibration,
    licReason: lic.reason,
    grade: lic.licMgFeG === null ? null : liverIronGrade(lic.licMgFeG, thresholds),
    roiCount: liver.length,
  };
}

/** The heart from its septal ROIs: the mean R2*, and T2* from it; graded at 1.5 T only. */
export function heartIron(
  rois: readonly IronRoi[],
  fieldStrengthT: number | null,
  thresholds: IronThresholds = DEFAULT_IRON_THRESHOLDS,
): HeartIron {
  const heart = rois.filter((r) => r.organ === 'heart');
  const r2starHz = mean(heart.map((r) => r.fit.r2starHz));
  const t2starMs = r2starHz !== null && r2starHz > 0 ? 1000 / r2starHz : null;
  const graded = t2starMs === null ? { grade: null, reason: 'No heart ROI yet' } : heartIronGradeAt(t2starMs, fieldStrengthT, thresholds);
  return { r2starHz, t2starMs, grade: graded.grade, gradeReason: graded.reason, roiCount: heart.length };
}
