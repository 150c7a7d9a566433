/**
 * Annotations for the sample case (docs/sample-case.md#truth-table), built the way the
 * Cornerstone adapter will build them, so tests assert against the case's known truth.
 * Geometry: 256 x 256, PixelSpacing 1.5 mm, 5 mm slices, instance 1 most superior.
 */

import type { EmhAnnotation, EmhSeriesInfo, HuRoiAnnotation, LesionAxesAnnotation, SignalRoiAnnotation } from './annotationTypes';
import type { ImageRef, RoiStats } from './common';
import type { HuOrgan } from '../../liver/rules/liverAttenuation';
import type { EmhSite, Laterality } from '../../lesions/rules/sites';

export const SPACING_MM = 1.5;
export const SLICE_MM = 5;

export const CT_STUDY = '1.2.826.0.1.3680043.10.1.1';
export const MR_STUDY = '1.2.826.0.1.3680043.10.1.2';
export const CT_PLAIN = '1.2.826.0.1.3680043.10.1.1.1';
export const CT_PORTAL = '1.2.826.0.1.3680043.10.1.1.2';
export const MR_T1 = '1.2.826.0.1.3680043.10.1.2.1';
export const MR_T2 = '1.2.826.0.1.3680043.10.1.2.2';

export const SERIES: Readonly<Record<string, { study: string; info: EmhSeriesInfo }>> = {
  [CT_PLAIN]: {
    study: CT_STUDY,
    info: { modality: 'CT', description: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST', weighting: 'unknown', contrast: 'unenhanced' },
  },
  [CT_PORTAL]: {
    study: CT_STUDY,
    info: { modality: 'CT', description: 'CT ABDOMEN PORTAL VENOUS', weighting: 'unknown', contrast: 'enhanced' },
  },
  [MR_T1]: { study: MR_STUDY, info: { modality: 'MR', description: 'AX T1 TSE', weighting: 'T1', contrast: 'unknown' } },
  [MR_T2]: { study: MR_STUDY, info: { modality: 'MR', description: 'AX T2 TSE', weighting: 'T2', contrast: 'unknown' } },
};

/** Slice position along the normal: instance 1 is the most superior, 5 mm apart. */
export const slicePosition = (instance: number): number => -(instance - 1) * SLICE_MM;

export function imageRef(series: string, instance: number): ImageRef {
  const known = SERIES[series];
  return {
    studyInstanceUID: known?.study ?? CT_STUDY,
    seriesInstanceUID: series,
    sopInstanceUID: `${series}.${instance}`,
    frame: 1,
    instanceNumber: instance,
  };
}

const seriesInfo = (series: string): EmhSeriesInfo =>
  SERIES[series]?.info ?? { modality: 'CT', description: '', weighting: 'unknown', contrast: 'unknown' };

/** Long axis along the row, short axis along the column, centred on (128, 128), in index space. */
export function axesAnnotation(
  uid: string,
  series: string,
  instance: number,
  longMm: number,
  shortMm: number,
  lesionId?: string,
  pixelSpacing: readonly [number, number] | null = [SPACING_MM, SPACING_MM],
): LesionAxesAnnotation {
  const scale = pixelSpacing ? pixelSpacing[0] : 1;
  const halfLong = longMm / scale / 2;
  const halfShort = shortMm / scale / 2;
  return {
    annotationUID: uid,
    kind: 'lesionAxes',
    ref: imageRef(series, instance),
    series: seriesInfo(series),
    slicePositionMm: slicePosition(instance),
    ...(lesionId ? { lesionId } : {}),
    axes: {
      space: 'index',
      longAxis: [
        [128 - halfLong, 128],
        [128 + halfLong, 128],
      ],
      shortAxis: [
        [128, 128 - halfShort],
        [128, 128 + halfShort],
      ],
      pixelSpacing,
    },
  };
}

export function roiStats(mean: number, areaMm2: number | null = 200, pixelCount = 89, sdFraction = 0.04): RoiStats {
  return { mean, sd: Math.abs(mean) * sdFraction, min: mean * 0.9, max: mean * 1.1, areaMm2, pixelCount };
}

export function signalAnnotation(
  uid: string,
  series: string,
  instance: number,
  role: 'muscle' | 'lesion',
  mean: number,
  lesionId?: string,
  stats: Partial<RoiStats> = {},
): SignalRoiAnnotation {
  return {
    annotationUID: uid,
    kind: 'signalRoi',
    role,
    ref: imageRef(series, instance),
    series: seriesInfo(series),
    slicePositionMm: slicePosition(instance),
    ...(lesionId ? { lesionId } : {}),
    stats: { ...roiStats(mean), ...stats },
  };
}

export function huAnnotation(
  uid: string,
  series: string,
  instance: number,
  organ: HuOrgan,
  meanHU: number,
  lesionId?: string,
  stats: Partial<RoiStats> = {},
): HuRoiAnnotation {
  return {
    annotationUID: uid,
    kind: 'huRoi',
    organ,
    ref: imageRef(series, instance),
    series: seriesInfo(series),
    slicePositionMm: slicePosition(instance),
    ...(lesionId ? { lesionId } : {}),
    stats: { ...roiStats(meanHU, 200, 89, 8 / Math.max(Math.abs(meanHU), 1)), ...stats },
  };
}

export interface LesionTruth {
  readonly id: string;
  readonly site: EmhSite;
  readonly laterality: Laterality | null;
  readonly longMm: number;
  readonly shortMm: number;
  readonly ctHU: number;
  readonly t1Ratio: number;
  readonly t2Ratio: number;
  /** Slice (instance number) where the lesion is largest; same on CT and MR. */
  readonly instance: number;
}

/** The truth table of docs/sample-case.md#truth-table. */
export const LESION_TRUTH: readonly LesionTruth[] = [
  {
    id: 'L1',
    site: 'paraspinal-thoracic',
    laterality: 'right',
    longMm: 42,
    shortMm: 28,
    ctHU: 48,
    t1Ratio: 1.0,
    t2Ratio: 0.6,
    instance: 15,
  },
  {
    id: 'L2',
    site: 'paraspinal-thoracic',
    laterality: 'left',
    longMm: 36,
    shortMm: 24,
    ctHU: 48,
    t1Ratio: 1.0,
    t2Ratio: 0.6,
    instance: 15,
  },
  { id: 'L3', site: 'paraspinal-lumbar', laterality: 'left', longMm: 20, shortMm: 15, ctHU: 50, t1Ratio: 0.95, t2Ratio: 1.5, instance: 35 },
  { id: 'L4', site: 'presacral', laterality: null, longMm: 100, shortMm: 57, ctHU: 42, t1Ratio: 1.025, t2Ratio: 0.57, instance: 50 },
  { id: 'L5', site: 'spleen', laterality: null, longMm: 29, shortMm: 26, ctHU: 45, t1Ratio: 0.6, t2Ratio: 0.5, instance: 30 },
];

export const MUSCLE_T1 = 400;
export const MUSCLE_T2 = 300;
/** Muscle references at these instances on each MR series (paraspinal high and low, gluteal). */
export const MUSCLE_INSTANCES = [15, 35, 50] as const;

/** Every annotation of the worked-up sample case, lesion ids given as the adapter would. */
export function sampleCaseAnnotations(): EmhAnnotation[] {
  const annotations: EmhAnnotation[] = [];
  for (const instance of MUSCLE_INSTANCES) {
    annotations.push(signalAnnotation(`m-t1-${instance}`, MR_T1, instance, 'muscle', MUSCLE_T1));
    annotations.push(signalAnnotation(`m-t2-${instance}`, MR_T2, instance, 'muscle', MUSCLE_T2));
  }
  for (const t of LESION_TRUTH) {
    annotations.push(axesAnnotation(`ax-${t.id}`, CT_PLAIN, t.instance, t.longMm, t.shortMm, t.id));
    annotations.push(huAnnotation(`hu-${t.id}`, CT_PLAIN, t.instance, 'lesion', t.ctHU, t.id));
    annotations.push(signalAnnotation(`t1-${t.id}`, MR_T1, t.instance, 'lesion', MUSCLE_T1 * t.t1Ratio, t.id));
    annotations.push(signalAnnotation(`t2-${t.id}`, MR_T2, t.instance, 'lesion', MUSCLE_T2 * t.t2Ratio, t.id));
  }
  // Left lobe and two right-lobe ROIs averaging 103 HU; spleen 62 HU.
  annotations.push(huAnnotation('liver-left', CT_PLAIN, 28, 'liver', 101));
  annotations.push(huAnnotation('liver-right-1', CT_PLAIN, 30, 'liver', 103));
  annotations.push(huAnnotation('liver-right-2', CT_PLAIN, 32, 'liver', 105));
  annotations.push(huAnnotation('spleen-1', CT_PLAIN, 30, 'spleen', 62));
  return annotations;
}
