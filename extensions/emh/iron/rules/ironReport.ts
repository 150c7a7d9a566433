/**
 * The iron measurements of a case as the scripting API and the panel give them: each ROI with
 * its fit and signal, the liver (R2*, T2*, LIC and grade) and the heart (septal T2* and grade).
 * Pure: the ROIs arrive already fitted.
 */

import type { DecayModel, R2starFit } from './r2starFit';
import type { HeartIronGrade, LicCalibration, LiverIronGrade } from './ironGrades';
import { heartIron, liverIron, type IronOrgan } from './ironSummary';

export const IRON_ORGANS: readonly IronOrgan[] = ['liver', 'heart', 'spleen', 'pancreas', 'muscle'];

export function isIronOrgan(value: unknown): value is IronOrgan {
  return typeof value === 'string' && (IRON_ORGANS as readonly string[]).includes(value);
}

export function isDecayModel(value: unknown): value is DecayModel {
  return value === 'truncation' || value === 'offset';
}

/** Where an iron ROI was drawn: the image it was drawn on, and the ellipse in image indices. */
export interface IronRoiRef {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly instanceNumber: number | null;
  readonly slicePositionMm: number | null;
  readonly center: readonly [number, number];
  readonly radii: readonly [number, number];
}

/** One iron ROI: the ellipse's mean on every echo at its position, and the fit of that decay. */
export interface IronRoiRecord {
  readonly id: string;
  readonly organ: IronOrgan;
  readonly fit: R2starFit;
  /** One mean per echo, in TE order (every echo, the fit may have used fewer). */
  readonly meanSignal: readonly number[];
  readonly echoTimesMs: readonly number[];
  readonly pixels: number;
  /** MagneticFieldStrength (0018,0087) of the series, tesla; null when absent. */
  readonly fieldStrengthT: number | null;
  readonly ref: IronRoiRef;
}

export interface IronRoiJson {
  readonly id: string;
  readonly organ: IronOrgan;
  readonly r2starHz: number;
  readonly t2starMs: number;
  readonly s0: number;
  readonly offset: number;
  readonly rSquared: number;
  readonly echoesUsed: number;
  readonly model: DecayModel;
  readonly meanSignal: readonly number[];
  readonly echoTimesMs: readonly number[];
  readonly pixels: number;
  readonly ref: IronRoiRef;
}

export interface IronInventory {
  readonly liver: {
    readonly r2starHz: number | null;
    readonly t2starMs: number | null;
    readonly licMgFeG: number | null;
    readonly calibration: LicCalibration | null;
    readonly fieldStrengthT: number | null;
    readonly grade: LiverIronGrade | null;
    /** Why there is no LIC, when there is none. */
    readonly reason?: string;
    readonly rois: readonly IronRoiJson[];
  };
  readonly heart: {
    readonly t2starMs: number | null;
    readonly r2starHz: number | null;
    readonly grade: HeartIronGrade | null;
    readonly rois: readonly IronRoiJson[];
  };
  /** Spleen, pancreas and muscle ROIs: measured, not graded. */
  readonly other: readonly IronRoiJson[];
}

export function ironRoiJson(roi: IronRoiRecord): IronRoiJson {
  const { fit } = roi;
  return {
    id: roi.id,
    organ: roi.organ,
    r2starHz: fit.r2starHz,
    t2starMs: fit.t2starMs,
    s0: fit.s0,
    offset: fit.offset,
    rSquared: fit.rSquared,
    echoesUsed: fit.echoesUsed,
    model: fit.model,
    meanSignal: roi.meanSignal,
    echoTimesMs: roi.echoTimesMs,
    pixels: roi.pixels,
    ref: roi.ref,
  };
}

/**
 * The field strength the liver was measured at: that of its ROIs' series when they agree, null
 * when it is unknown or they disagree (a calibration must not be applied to a mixture).
 */
function liverFieldStrength(liver: readonly IronRoiRecord[]): number | null {
  const fields = new Set(liver.map((r) => r.fieldStrengthT));
  return fields.size === 1 ? [...fields][0]! : null;
}

export function ironInventory(rois: readonly IronRoiRecord[], calibration: LicCalibration = 'wood-2005'): IronInventory {
  const liverRois = rois.filter((r) => r.organ === 'liver');
  const fieldStrengthT = liverFieldStrength(liverRois);
  const liver = liverIron(rois, fieldStrengthT, calibration);
  const heart = heartIron(rois);
  return {
    liver: {
      r2starHz: liver.r2starHz,
      t2starMs: liver.t2starMs,
      licMgFeG: liver.licMgFeG,
      calibration: liver.calibration,
      fieldStrengthT,
      grade: liver.grade,
      ...(liver.licReason !== null ? { reason: liver.licReason } : {}),
      rois: liverRois.map(ironRoiJson),
    },
    heart: {
      t2starMs: heart.t2starMs,
      r2starHz: heart.r2starHz,
      grade: heart.grade,
      rois: rois.filter((r) => r.organ === 'heart').map(ironRoiJson),
    },
    other: rois.filter((r) => r.organ !== 'liver' && r.organ !== 'heart').map(ironRoiJson),
  };
}
