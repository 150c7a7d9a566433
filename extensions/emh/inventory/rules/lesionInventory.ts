/**
 * Turns the store's state into the inventory of docs/inventory.md#what-a-row-holds and
 * docs/exports.md#json: one row per lesion filled from every annotation carrying its id, the liver
 * summary, and the muscle references. Pure: the same state and thresholds always give the same
 * object. These are the rules of one time point; followUp/rules/followUpInventory.ts runs them
 * per time point and joins the results over time.
 */

import type { EmhAnnotation, HuRoiAnnotation, LesionAxesAnnotation, SignalRoiAnnotation } from './annotationTypes';
import type { EmhWarning } from './common';
import { DEFAULT_THRESHOLDS, type EmhThresholds } from './config';
import { effectiveContrastState, type ContrastState } from '../../liver/rules/contrastState';
import type {
  EmhInventory,
  InventoryContext,
  InventoryRef,
  InventoryState,
  LesionCtExport,
  LesionMeasuredExport,
  LesionRecord,
  LesionSignalExport,
  LiverMeasuredExport,
  MuscleReferenceExport,
  SeriesExport,
  TimepointInventory,
} from './inventoryTypes';
import { followUpForTeaching, inventoryOverTime } from '../../followUp/rules/followUpInventory';
import { indexAnnotations, NO_ANNOTATIONS } from './inventoryIndex';
import { measureLesionAxes, type LesionAxes } from '../../lesions/rules/lesionMeasurement';
import { summariseLiver, type HuRoi } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import { signalHints } from '../../signal/rules/signalHints';
import { assessSignal, effectiveSignalCall, type SignalCall, type SignalRoi } from '../../signal/rules/signalRatio';
import { describeSite, LATERALITY_CODES, SITE_DEFINITIONS, siteTakesLaterality } from '../../lesions/rules/sites';

/** The weighting in force for an annotation's series: the user's, else the automatic one. */
export function weightingInForce(state: InventoryState, annotation: EmhAnnotation): Weighting {
  return state.seriesOverrides[annotation.ref.seriesInstanceUID]?.weighting ?? annotation.series.weighting;
}

export function contrastInForce(state: InventoryState, annotation: EmhAnnotation): ContrastState {
  const confirmed = state.seriesOverrides[annotation.ref.seriesInstanceUID]?.contrast ?? null;
  return effectiveContrastState(annotation.series.contrast, confirmed);
}

const toSignalRoi = (annotation: SignalRoiAnnotation): SignalRoi => ({
  annotationUID: annotation.annotationUID,
  seriesInstanceUID: annotation.ref.seriesInstanceUID,
  slicePositionMm: annotation.slicePositionMm,
  stats: annotation.stats,
});

const toRef = (annotation: EmhAnnotation): InventoryRef => ({
  annotationUID: annotation.annotationUID,
  kind: annotation.kind,
  studyInstanceUID: annotation.ref.studyInstanceUID,
  seriesInstanceUID: annotation.ref.seriesInstanceUID,
  sopInstanceUID: annotation.ref.sopInstanceUID,
  frame: annotation.ref.frame,
  instanceNumber: annotation.ref.instanceNumber,
  modality: annotation.series.modality,
  seriesDescription: annotation.series.description,
});

const imageName = (annotation: EmhAnnotation): string =>
  `${annotation.series.description || annotation.ref.seriesInstanceUID}, image ${annotation.ref.instanceNumber ?? '?'}`;

/**
 * With several size measurements on one lesion (say CT and MR), a calibrated one beats
 * an uncalibrated one, then the latest wins: a re-measurement is usually a correction.
 */
function pickMeasurement(candidates: readonly LesionAxesAnnotation[]): { annotation: LesionAxesAnnotation; axes: LesionAxes } | null {
  const measured = candidates.map((annotation) => ({ annotation, axes: measureLesionAxes(annotation.axes) }));
  const calibrated = measured.filter((m) => m.axes.calibrated);
  const pool = calibrated.length > 0 ? calibrated : measured;
  return pool[pool.length - 1] ?? null;
}

const last = <T>(items: readonly T[]): T | null => items[items.length - 1] ?? null;

interface LesionRowResult {
  readonly row: LesionMeasuredExport;
  readonly warnings: EmhWarning[];
}

const EMPTY_SIGNAL = (override: SignalCall | null): LesionSignalExport => ({
  ratio: null,
  call: null,
  override,
  lesionMean: null,
  muscleMean: null,
  seriesInstanceUID: null,
  annotationUID: null,
  muscleReferenceUID: null,
  muscleDistanceMm: null,
});

/** `roi` is the latest signal ROI of the weighting; earlier ones stay listed in the refs only. */
function lesionSignal(
  roi: SignalRoiAnnotation | null,
  muscles: readonly SignalRoi[],
  override: SignalCall | null,
  thresholds: EmhThresholds,
): { signal: LesionSignalExport; warnings: EmhWarning[]; used: SignalRoiAnnotation | null } {
  if (roi === null) return { signal: EMPTY_SIGNAL(override), warnings: [], used: null };
  const assessment = assessSignal(toSignalRoi(roi), muscles, thresholds);
  return {
    signal: {
      ratio: assessment.ratio,
      call: assessment.call,
      override,
      lesionMean: assessment.lesionMean,
      muscleMean: assessment.muscleMean,
      seriesInstanceUID: roi.ref.seriesInstanceUID,
      annotationUID: roi.annotationUID,
      muscleReferenceUID: assessment.muscleReferenceUID,
      muscleDistanceMm: assessment.muscleDistanceMm,
    },
    warnings: [...assessment.warnings],
    used: roi,
  };
}

function lesionCt(rois: readonly HuRoiAnnotation[], state: InventoryState): LesionCtExport {
  const roi = last(rois);
  if (roi === null) return { meanHU: null, sdHU: null, areaMm2: null, contrast: null, annotationUID: null };
  return {
    meanHU: roi.stats.mean,
    sdHU: roi.stats.sd,
    areaMm2: roi.stats.areaMm2,
    contrast: contrastInForce(state, roi),
    annotationUID: roi.annotationUID,
  };
}

/** Why a signal ROI on a series that is neither T1 nor T2 (in force) tags nothing. */
function weightingWarning(roi: SignalRoiAnnotation, weighting: Weighting): EmhWarning {
  if (weighting === 'unknown') {
    return {
      code: 'weighting-unknown',
      message: `Weighting of ${roi.series.description || 'this series'} is unknown: choose T1 or T2 to tag this ROI`,
      annotationUID: roi.annotationUID,
      seriesInstanceUID: roi.ref.seriesInstanceUID,
    };
  }
  return {
    code: 'weighting-not-tagged',
    message: `Signal ROI on a ${weighting} series: only T1 and T2 are tagged against muscle`,
    annotationUID: roi.annotationUID,
    seriesInstanceUID: roi.ref.seriesInstanceUID,
  };
}

function lesionRow(
  lesion: LesionRecord,
  annotations: readonly EmhAnnotation[],
  muscles: readonly SignalRoi[],
  state: InventoryState,
  thresholds: EmhThresholds,
): LesionRowResult {
  const warnings: EmhWarning[] = [];
  // One pass sorts the lesion's annotations by kind, and signal ROIs by the weighting in
  // force, looked up once per ROI; the weighting warnings wait in `signalWarnings` so they
  // keep their place after the size and CT warnings.
  const axesAnnotations: LesionAxesAnnotation[] = [];
  const ctRois: HuRoiAnnotation[] = [];
  const signalWarnings: EmhWarning[] = [];
  let lastT1: SignalRoiAnnotation | null = null;
  let lastT2: SignalRoiAnnotation | null = null;
  for (const annotation of annotations) {
    if (annotation.kind === 'lesionAxes') axesAnnotations.push(annotation);
    else if (annotation.kind === 'huRoi') ctRois.push(annotation);
    else if (annotation.kind === 'signalRoi') {
      const weighting = weightingInForce(state, annotation);
      if (weighting === 'T1') lastT1 = annotation;
      else if (weighting === 'T2') lastT2 = annotation;
      else signalWarnings.push(weightingWarning(annotation, weighting));
    }
  }

  const measurement = pickMeasurement(axesAnnotations);
  if (measurement === null) {
    warnings.push({ code: 'no-measurement', message: 'No long / short axis measurement yet' });
  } else {
    if (!measurement.axes.calibrated) {
      warnings.push({
        code: 'uncalibrated',
        message: `Measured in pixels on ${imageName(measurement.annotation)}: the image has no pixel spacing, so no size in mm`,
        annotationUID: measurement.annotation.annotationUID,
      });
    }
    if (axesAnnotations.length > 1) {
      warnings.push({
        code: 'several-measurements',
        message: `${axesAnnotations.length} size measurements; the row shows the one on ${imageName(measurement.annotation)}`,
      });
    }
  }
  if (ctRois.length > 1) {
    warnings.push({
      code: 'several-measurements',
      message: `${ctRois.length} CT ROIs; the row shows the latest`,
    });
  }

  warnings.push(...signalWarnings);
  const t1 = lesionSignal(lastT1, muscles, lesion.t1Override, thresholds);
  const t2 = lesionSignal(lastT2, muscles, lesion.t2Override, thresholds);
  warnings.push(...t1.warnings, ...t2.warnings);

  if (lesion.site === null) {
    warnings.push({ code: 'site-not-set', message: 'Site not set' });
  } else if (lesion.laterality !== null && !siteTakesLaterality(lesion.site)) {
    warnings.push({
      code: 'laterality-on-midline-site',
      message: `${SITE_DEFINITIONS[lesion.site].label} does not usually take a laterality (${lesion.laterality} given)`,
    });
  }

  // The image the size was measured on comes first, then the images the values come from.
  const ct = lesionCt(ctRois, state);
  const leading = [measurement?.annotation, last(ctRois), t1.used, t2.used].filter((a): a is EmhAnnotation => a != null);
  const ordered = [...leading, ...annotations.filter((a) => !leading.includes(a))];

  const axes = measurement?.axes ?? null;
  const row: LesionMeasuredExport = {
    id: lesion.id,
    site: lesion.site,
    siteCode: lesion.site === null ? null : SITE_DEFINITIONS[lesion.site].code,
    siteModifierCode: lesion.site === null ? null : SITE_DEFINITIONS[lesion.site].modifier,
    siteText: lesion.siteText,
    siteLabel: describeSite(lesion.site, lesion.laterality, lesion.siteText),
    laterality: lesion.laterality,
    lateralityCode: lesion.laterality === null ? null : LATERALITY_CODES[lesion.laterality],
    notes: lesion.notes,
    longAxisMm: axes?.calibrated ? axes.longAxisMm : null,
    shortAxisMm: axes?.calibrated ? axes.shortAxisMm : null,
    lengthCalibration: axes?.calibrated ? (axes.calibration ?? 'patient') : null,
    axesPx: axes && !axes.calibrated ? { longAxisPx: axes.longAxisPx, shortAxisPx: axes.shortAxisPx } : null,
    ct,
    t1: t1.signal,
    t2: t2.signal,
    hints: signalHints(effectiveSignalCall(t1.signal.call, t1.signal.override), effectiveSignalCall(t2.signal.call, t2.signal.override)),
    refs: ordered.map(toRef),
  };
  return { row, warnings: warnings.map((w) => ({ ...w, lesionId: lesion.id })) };
}

function liverExport(state: InventoryState, organRois: readonly HuRoiAnnotation[], thresholds: EmhThresholds): LiverMeasuredExport {
  const huRois: HuRoi[] = organRois.map((a) => ({
    annotationUID: a.annotationUID,
    organ: a.organ,
    ref: a.ref,
    stats: a.stats,
    contrast: contrastInForce(state, a),
    contrastConfirmed: state.seriesOverrides[a.ref.seriesInstanceUID]?.contrast != null,
  }));
  const summary = summariseLiver(huRois, thresholds);
  const excluded = new Set(summary.excludedRois.map((roi) => roi.annotationUID));
  return {
    rois: huRois.map((roi) => ({
      annotationUID: roi.annotationUID,
      organ: roi.organ === 'spleen' ? 'spleen' : 'liver',
      meanHU: roi.stats.mean,
      sdHU: roi.stats.sd,
      minHU: roi.stats.min,
      maxHU: roi.stats.max,
      areaMm2: roi.stats.areaMm2,
      pixelCount: roi.stats.pixelCount,
      ref: roi.ref,
      contrast: roi.contrast,
      inSummary: !excluded.has(roi.annotationUID),
    })),
    meanHU: summary.meanHU,
    pixelWeightedMeanHU: summary.pixelWeightedMeanHU,
    normalRangeHU: summary.normalRangeHU,
    call: summary.call,
    callOverride: state.liverCallOverride,
    contrast: summary.contrast,
    contrastConfirmed: summary.contrastConfirmed,
    spleenMeanHU: summary.spleenMeanHU,
    liverMinusSpleenHU: summary.liverMinusSpleenHU,
    liverToSpleenRatio: summary.liverToSpleenRatio,
    context: summary.contextLines,
    warnings: summary.warnings,
  };
}

/** One entry per series an annotation sits on, with the series facts of its latest annotation. */
function seriesExport(state: InventoryState, latest: ReadonlyMap<string, EmhAnnotation>): SeriesExport[] {
  return [...latest.values()].map((a) => {
    const override = state.seriesOverrides[a.ref.seriesInstanceUID];
    return {
      seriesInstanceUID: a.ref.seriesInstanceUID,
      studyInstanceUID: a.ref.studyInstanceUID,
      modality: a.series.modality,
      description: a.series.description,
      weighting: a.series.weighting,
      weightingOverride: override?.weighting ?? null,
      contrast: a.series.contrast,
      contrastOverride: override?.contrast ?? null,
    };
  });
}

/** The inventory of one time point's state (the whole state when the case has one). */
export function buildTimepointInventory(state: InventoryState, thresholds: EmhThresholds = DEFAULT_THRESHOLDS): TimepointInventory {
  const index = indexAnnotations(state.annotations);
  const muscleAnnotations = index.muscles;
  const muscles = muscleAnnotations.map(toSignalRoi);
  const rows = state.lesions.map((lesion) =>
    lesionRow(lesion, index.byLesion.get(lesion.id) ?? NO_ANNOTATIONS, muscles, state, thresholds),
  );
  const muscleReferences: MuscleReferenceExport[] = muscleAnnotations.map((a) => ({
    annotationUID: a.annotationUID,
    seriesInstanceUID: a.ref.seriesInstanceUID,
    weighting: weightingInForce(state, a),
    mean: a.stats.mean,
    sd: a.stats.sd,
    areaMm2: a.stats.areaMm2,
    pixelCount: a.stats.pixelCount,
    slicePositionMm: a.slicePositionMm,
    ref: a.ref,
  }));
  return {
    lesions: rows.map((r) => r.row),
    liver: liverExport(state, index.organRois, thresholds),
    muscleReferences,
    series: seriesExport(state, index.latestBySeries),
    warnings: rows.flatMap((r) => r.warnings),
  };
}

export function buildInventory(
  state: InventoryState,
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
  context: InventoryContext = {},
): EmhInventory {
  const identifying = context.teaching
    ? {}
    : {
        ...(context.patient ? { patient: context.patient } : {}),
        ...(context.studies ? { studies: context.studies } : {}),
      };
  const computed = inventoryOverTime(state, thresholds, context, (part) => buildTimepointInventory(part, thresholds));
  const overTime = context.teaching ? followUpForTeaching(computed) : computed;
  return {
    format: 'emh-inventory',
    version: 1,
    ...identifying,
    timepoints: overTime.timepoints,
    sumOfLongAxes: overTime.sumOfLongAxes,
    lesions: overTime.lesions,
    liver: overTime.liver,
    muscleReferences: overTime.muscleReferences,
    series: overTime.series,
    warnings: overTime.warnings,
  };
}
