/**
 * The iron measurements of a case as the scripting API and the panel give them: each ROI with
 * its fit and signal, the liver (R2*, T2*, LIC and grade) and the heart (septal T2* and grade).
 * Pure: the ROIs arrive already fitted.
 */

import type { DecayModel, R2starFit } from './r2starFit';
import { DEFAULT_IRON_THRESHOLDS, type HeartIronGrade, type IronThresholds, type LicCalibration, type LiverIronGrade } from './ironGrades';
import { heartIron, liverIron, type IronOrgan } from './ironSummary';

export const IRON_ORGANS: readonly IronOrgan[] = ['liver', 'heart', 'spleen', 'pancreas', 'muscle'];

export function isIronOrgan(value: unknown): value is IronOrgan {
  return typeof value === 'string' && (IRON_ORGANS as readonly string[]).includes(value);
}

export function isDecayModel(value: unknown): value is DecayModel {
  return value === 'truncation' || value === 'offset';
}

/**
 * Where the noise sigma of the Rician correction came from: the caller's, the air of the first
 * echo at the ROI's position, or none (the fit's floor at a tenth of the first echo).
 */
export type NoiseSource = 'given' | 'air' | 'none';

export function isNoiseSource(value: unknown): value is NoiseSource {
  return value === 'given' || value === 'air' || value === 'none';
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
  /** The noise sigma the fit was corrected with (null: none); absent in ROIs saved before it was kept. */
  readonly noiseSigma?: number | null;
  readonly noiseSource?: NoiseSource;
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
  readonly fieldStrengthT: number | null;
  readonly noiseSigma?: number | null;
  readonly noiseSource?: NoiseSource;
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
    readonly fieldStrengthT: number | null;
    readonly grade: HeartIronGrade | null;
    /** Why there is no grade, when there are heart ROIs and none. */
    readonly reason?: string;
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
    fieldStrengthT: roi.fieldStrengthT,
    ...(roi.noiseSource !== undefined ? { noiseSigma: roi.noiseSigma ?? null, noiseSource: roi.noiseSource } : {}),
    ref: roi.ref,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every(finite);
const pair = (v: unknown): v is [number, number] => numbers(v) && v.length === 2;

/**
 * An ROI back from its JSON (autosave, a JSON export, an SR read back): every field checked, so a
 * damaged file is refused with the field named rather than half restored. The fit is taken as it
 * was saved, not refitted: the numbers the radiologist signed are the ones that come back.
 */
export function ironRoiFromJson(value: unknown): IronRoiRecord {
  if (!isRecord(value)) throw new Error('An iron ROI must be an object');
  const name = typeof value.id === 'string' ? value.id : '?';
  function bad(field: string): never {
    throw new Error(`Iron ROI ${name}: "${field}" is missing or wrong`);
  }
  const { id, organ, model, ref } = value;
  if (typeof id !== 'string' || !id) bad('id');
  if (!isIronOrgan(organ)) bad('organ');
  if (!isDecayModel(model)) bad('model');
  for (const f of ['r2starHz', 't2starMs', 's0', 'offset', 'rSquared', 'echoesUsed', 'pixels'] as const) if (!finite(value[f])) bad(f);
  if (!numbers(value.meanSignal)) bad('meanSignal');
  if (!numbers(value.echoTimesMs) || value.echoTimesMs.length !== value.meanSignal.length) bad('echoTimesMs');
  const fieldStrengthT = value.fieldStrengthT ?? null;
  if (fieldStrengthT !== null && !finite(fieldStrengthT)) bad('fieldStrengthT');
  const { noiseSigma, noiseSource } = value;
  if (noiseSource !== undefined && !isNoiseSource(noiseSource)) bad('noiseSource');
  if (noiseSigma !== undefined && noiseSigma !== null && !(finite(noiseSigma) && noiseSigma > 0)) bad('noiseSigma');
  // A sigma says where it came from, and a source other than "none" has its sigma.
  if ((noiseSigma ?? null) !== null && noiseSource === undefined) bad('noiseSource');
  if (noiseSource !== undefined && noiseSource !== 'none' && !finite(noiseSigma)) bad('noiseSigma');
  if (!isRecord(ref)) return bad('ref');
  for (const f of ['studyInstanceUID', 'seriesInstanceUID', 'sopInstanceUID'] as const) if (typeof ref[f] !== 'string') bad(`ref.${f}`);
  if (ref.instanceNumber !== null && !finite(ref.instanceNumber)) bad('ref.instanceNumber');
  if (ref.slicePositionMm !== null && !finite(ref.slicePositionMm)) bad('ref.slicePositionMm');
  if (!pair(ref.center)) bad('ref.center');
  if (!pair(ref.radii)) bad('ref.radii');
  const num = (f: string): number => value[f] as number;
  return {
    id: id as string,
    organ: organ as IronOrgan,
    fit: {
      model: model as DecayModel,
      r2starHz: num('r2starHz'),
      t2starMs: num('t2starMs'),
      s0: num('s0'),
      offset: num('offset'),
      rSquared: num('rSquared'),
      echoesUsed: num('echoesUsed'),
    },
    meanSignal: value.meanSignal as number[],
    echoTimesMs: value.echoTimesMs as number[],
    pixels: num('pixels'),
    fieldStrengthT: fieldStrengthT as number | null,
    ...(noiseSource !== undefined
      ? { noiseSigma: noiseSource === 'none' ? null : (noiseSigma as number), noiseSource: noiseSource as NoiseSource }
      : {}),
    ref: {
      studyInstanceUID: ref.studyInstanceUID as string,
      seriesInstanceUID: ref.seriesInstanceUID as string,
      sopInstanceUID: ref.sopInstanceUID as string,
      instanceNumber: (ref.instanceNumber as number | null) ?? null,
      slicePositionMm: (ref.slicePositionMm as number | null) ?? null,
      center: ref.center as [number, number],
      radii: ref.radii as [number, number],
    },
  };
}

/**
 * The field strength an organ was measured at: that of its ROIs' series when they agree, null
 * when it is unknown or they disagree (a calibration or cut-off must not be applied to a mixture).
 */
function organFieldStrength(rois: readonly IronRoiRecord[]): number | null {
  const fields = new Set(rois.map((r) => r.fieldStrengthT));
  return fields.size === 1 ? [...fields][0]! : null;
}

/** `thresholds`: the site's grades (docs/iron.md); the common clinical cut-offs by default. */
export function ironInventory(
  rois: readonly IronRoiRecord[],
  calibration: LicCalibration = 'wood-2005',
  thresholds: IronThresholds = DEFAULT_IRON_THRESHOLDS,
): IronInventory {
  const liverRois = rois.filter((r) => r.organ === 'liver');
  const heartRois = rois.filter((r) => r.organ === 'heart');
  const fieldStrengthT = organFieldStrength(liverRois);
  const heartFieldStrengthT = organFieldStrength(heartRois);
  const liver = liverIron(rois, fieldStrengthT, calibration, thresholds);
  const heart = heartIron(rois, heartFieldStrengthT, thresholds);
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
      fieldStrengthT: heartFieldStrengthT,
      grade: heart.grade,
      ...(heart.gradeReason !== null && heartRois.length > 0 ? { reason: heart.gradeReason } : {}),
      rois: heartRois.map(ironRoiJson),
    },
    other: rois.filter((r) => r.organ !== 'liver' && r.organ !== 'heart').map(ironRoiJson),
  };
}
