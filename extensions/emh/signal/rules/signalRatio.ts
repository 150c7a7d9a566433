/**
 * MR signal of a lesion relative to skeletal muscle (docs/signal.md#the-ratio). Raw MR values are
 * not calibrated between series, so a lesion is only ever compared with a muscle reference on its
 * own series; among several, the nearest along the slice axis.
 */

import { DEFAULT_THRESHOLDS, type EmhThresholds } from '../../inventory/rules/config';
import { roiSizeWarnings, type EmhWarning, type RoiStats } from '../../inventory/rules/common';

export const SIGNAL_CALLS = ['markedly-hypo', 'hypo', 'iso', 'hyper', 'indeterminate'] as const;

export type SignalCall = (typeof SIGNAL_CALLS)[number];

/** A band from the ratio alone; `indeterminate` comes from the quality checks, not the ratio. */
export type SignalBand = Exclude<SignalCall, 'indeterminate'>;

export function isSignalCall(value: unknown): value is SignalCall {
  return typeof value === 'string' && (SIGNAL_CALLS as readonly string[]).includes(value);
}

/** An ROI on an MR series, placed on a slice whose position along the slice normal is known (or not). */
export interface SignalRoi {
  readonly annotationUID: string;
  readonly seriesInstanceUID: string;
  /** Position along the slice normal in mm; null when the geometry is unknown. */
  readonly slicePositionMm: number | null;
  readonly stats: RoiStats;
}

/**
 * markedly hypo < 0.50 <= hypo < 0.90 <= iso <= 1.10 < hyper (defaults). The band edges
 * belong to the band named on their right, except the top of iso, which stays iso.
 */
export function signalBand(ratio: number, thresholds: EmhThresholds = DEFAULT_THRESHOLDS): SignalBand {
  const { markedlyHypoBelow, isoFrom, isoTo } = thresholds.signal;
  if (ratio < markedlyHypoBelow) return 'markedly-hypo';
  if (ratio < isoFrom) return 'hypo';
  if (ratio <= isoTo) return 'iso';
  return 'hyper';
}

/** Distance between two slices along the slice axis; null when either position is unknown. */
export function sliceDistanceMm(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.abs(a - b);
}

/**
 * The muscle reference to compare a lesion ROI with: same series only, nearest along the
 * slice axis. References with an unknown position rank after every known one; ties keep
 * the caller's order (the oldest reference), so the choice does not flicker.
 */
export function nearestMuscleReference<R extends SignalRoi>(
  lesion: Pick<SignalRoi, 'seriesInstanceUID' | 'slicePositionMm'>,
  muscleReferences: readonly R[],
): R | null {
  let best: R | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const reference of muscleReferences) {
    if (reference.seriesInstanceUID !== lesion.seriesInstanceUID) continue;
    const distance = sliceDistanceMm(lesion.slicePositionMm, reference.slicePositionMm) ?? Number.POSITIVE_INFINITY;
    if (best === null || distance < bestDistance) {
      best = reference;
      bestDistance = distance;
    }
  }
  return best;
}

export interface SignalAssessment {
  /** Lesion mean / muscle mean; null with no muscle reference or a muscle mean <= 0. */
  readonly ratio: number | null;
  /** Null with no muscle reference on the series. */
  readonly call: SignalCall | null;
  readonly lesionMean: number;
  readonly muscleMean: number | null;
  readonly muscleReferenceUID: string | null;
  readonly muscleDistanceMm: number | null;
  readonly warnings: readonly EmhWarning[];
}

/**
 * Lesion-to-muscle ratio and call, with every quality warning of docs/signal.md#muscle-reference
 * and docs/signal.md#roi-size. The muscle references may come from any series; those on other
 * series are ignored here so callers cannot forget to filter.
 */
export function assessSignal(
  lesion: SignalRoi,
  muscleReferences: readonly SignalRoi[],
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
): SignalAssessment {
  const warnings: EmhWarning[] = roiSizeWarnings(lesion.stats, 'Lesion ROI', thresholds).map((w) => ({
    ...w,
    annotationUID: lesion.annotationUID,
  }));
  const muscle = nearestMuscleReference(lesion, muscleReferences);
  if (muscle === null) {
    warnings.push({
      code: 'no-muscle-reference',
      message: 'No muscle reference on this series yet: draw a paraspinal or gluteal muscle ROI',
      annotationUID: lesion.annotationUID,
      seriesInstanceUID: lesion.seriesInstanceUID,
    });
    return {
      ratio: null,
      call: null,
      lesionMean: lesion.stats.mean,
      muscleMean: null,
      muscleReferenceUID: null,
      muscleDistanceMm: null,
      warnings,
    };
  }

  const distance = sliceDistanceMm(lesion.slicePositionMm, muscle.slicePositionMm);
  warnings.push(...muscleWarnings(muscle, distance, thresholds));

  const muscleMean = muscle.stats.mean;
  const ratio = muscleMean > 0 ? lesion.stats.mean / muscleMean : null;
  const tooFewPixels = lesion.stats.pixelCount < thresholds.minRoiPixels || muscle.stats.pixelCount < thresholds.minRoiPixels;
  const call: SignalCall = ratio === null || tooFewPixels ? 'indeterminate' : signalBand(ratio, thresholds);

  return {
    ratio,
    call,
    lesionMean: lesion.stats.mean,
    muscleMean,
    muscleReferenceUID: muscle.annotationUID,
    muscleDistanceMm: distance,
    warnings,
  };
}

/** Warnings about the muscle reference itself, as used for a given lesion ROI. */
export function muscleWarnings(muscle: SignalRoi, distanceMm: number | null, thresholds: EmhThresholds = DEFAULT_THRESHOLDS): EmhWarning[] {
  const context = { annotationUID: muscle.annotationUID, seriesInstanceUID: muscle.seriesInstanceUID };
  const warnings: EmhWarning[] = roiSizeWarnings(muscle.stats, 'Muscle ROI', thresholds).map((w) => ({
    ...w,
    ...context,
  }));
  if (distanceMm === null) {
    warnings.push({
      code: 'muscle-distance-unknown',
      message: 'Distance to the muscle reference along the slice axis is unknown',
      ...context,
    });
  } else if (distanceMm > thresholds.maxMuscleDistanceMm) {
    warnings.push({
      code: 'muscle-far',
      message: `Muscle reference is ${distanceMm.toFixed(1)} mm away along the slice axis (more than ${thresholds.maxMuscleDistanceMm} mm)`,
      ...context,
    });
  }
  if (muscle.stats.mean <= 0) {
    warnings.push({
      code: 'muscle-mean-not-positive',
      message: `Muscle reference mean is ${muscle.stats.mean}: no ratio can be made`,
      ...context,
    });
  }
  return warnings;
}

/** The call a reader sees: the radiologist's override wins, the automatic one is kept beside it. */
export function effectiveSignalCall(automatic: SignalCall | null, override: SignalCall | null): SignalCall | null {
  return override ?? automatic;
}
