/**
 * Liver attenuation on CT (docs/liver.md#normal-range-and-the-call): the mean of several liver ROIs
 * against the unenhanced normal range, with spleen for comparison. In transfused thalassemia a
 * dense liver is the CT sign of iron overload, which MRI R2* / T2* then quantifies.
 */

import { DEFAULT_THRESHOLDS, type EmhThresholds } from '../../inventory/rules/config';
import { roiSizeWarnings, type EmhWarning, type ImageRef, type RoiStats } from '../../inventory/rules/common';
import type { ContrastState } from './contrastState';

export const HU_ORGANS = ['liver', 'spleen', 'lesion'] as const;

export type HuOrgan = (typeof HU_ORGANS)[number];

export const LIVER_CALLS = ['below', 'within', 'above', 'none'] as const;

export type LiverCall = (typeof LIVER_CALLS)[number];

export function isLiverCall(value: unknown): value is LiverCall {
  return typeof value === 'string' && (LIVER_CALLS as readonly string[]).includes(value);
}

/** HU = stored value x RescaleSlope + RescaleIntercept (DICOM modality LUT, linear case). */
export function hounsfield(storedValue: number, rescaleSlope = 1, rescaleIntercept = 0): number {
  return storedValue * rescaleSlope + rescaleIntercept;
}

/** Null when an HU tool may run on this modality; otherwise the message to show. */
export function huToolRefusal(modality: string | null | undefined): string | null {
  if (modality?.trim().toUpperCase() === 'CT') return null;
  const shown = modality?.trim() ? modality.trim() : 'unknown';
  return `HU measurements need a CT image; this image's modality is ${shown}, whose values are not Hounsfield units`;
}

/** A CT ROI with the contrast state of its series as the reader sees it. */
export interface HuRoi {
  readonly annotationUID: string;
  readonly organ: HuOrgan;
  readonly ref: ImageRef;
  /** Values in HU. */
  readonly stats: RoiStats;
  readonly contrast: ContrastState;
  /** True when the user set the series' contrast state rather than it being read from DICOM. */
  readonly contrastConfirmed: boolean;
}

/** Below / within / above the inclusive normal range; `none` on an enhanced series or with no value. */
export function liverCall(
  meanHU: number | null,
  contrast: ContrastState | null,
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
): LiverCall {
  if (meanHU === null || contrast === 'enhanced') return 'none';
  const [low, high] = thresholds.liver.normalRangeHU;
  if (meanHU < low) return 'below';
  if (meanHU > high) return 'above';
  return 'within';
}

export type LiverContextCode = 'iron' | 'steatosis' | 'steatosis-liver-spleen' | 'dense-liver-causes';

export interface LiverContextLine {
  readonly code: LiverContextCode;
  readonly text: string;
}

/**
 * The lines that put a liver value in context. They assume unenhanced values, so the
 * caller passes nothing for an enhanced series.
 */
export function liverContextLines(
  meanHU: number | null,
  liverMinusSpleenHU: number | null,
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
): LiverContextLine[] {
  const t = thresholds.liver;
  const lines: LiverContextLine[] = [];
  if (meanHU !== null && meanHU > t.ironAboveHU) {
    lines.push({
      code: 'iron',
      text: `Liver above ${t.ironAboveHU} HU suggests iron deposition; quantify with MRI R2* / T2*`,
    });
  }
  if (meanHU !== null && meanHU < t.steatosisBelowHU) {
    lines.push({ code: 'steatosis', text: `Liver below ${t.steatosisBelowHU} HU suggests steatosis` });
  }
  if (liverMinusSpleenHU !== null && liverMinusSpleenHU < t.liverMinusSpleenBelowHU) {
    lines.push({
      code: 'steatosis-liver-spleen',
      text: `Liver minus spleen below ${t.liverMinusSpleenBelowHU} HU suggests steatosis`,
    });
  }
  if (liverCall(meanHU, 'unenhanced', thresholds) === 'above') {
    lines.push({
      code: 'dense-liver-causes',
      text: 'Other causes of a dense liver: amiodarone, Wilson disease, glycogen storage disease',
    });
  }
  return lines;
}

export function meanOfMeans(rois: readonly Pick<HuRoi, 'stats'>[]): number | null {
  if (rois.length === 0) return null;
  return rois.reduce((sum, roi) => sum + roi.stats.mean, 0) / rois.length;
}

export function pixelWeightedMean(rois: readonly Pick<HuRoi, 'stats'>[]): number | null {
  const pixels = rois.reduce((sum, roi) => sum + roi.stats.pixelCount, 0);
  if (pixels <= 0) return null;
  return rois.reduce((sum, roi) => sum + roi.stats.mean * roi.stats.pixelCount, 0) / pixels;
}

export interface LiverSummary {
  /** The liver and spleen ROIs the numbers come from. */
  readonly liverRois: readonly HuRoi[];
  readonly spleenRois: readonly HuRoi[];
  /** ROIs on series of another contrast state, listed but kept out of the numbers. */
  readonly excludedRois: readonly HuRoi[];
  readonly meanHU: number | null;
  readonly pixelWeightedMeanHU: number | null;
  readonly normalRangeHU: readonly [number, number];
  readonly call: LiverCall;
  /** Contrast state of the ROIs used; null when there are none. */
  readonly contrast: ContrastState | null;
  readonly contrastConfirmed: boolean;
  readonly spleenMeanHU: number | null;
  readonly liverMinusSpleenHU: number | null;
  readonly liverToSpleenRatio: number | null;
  readonly contextLines: readonly LiverContextLine[];
  readonly warnings: readonly EmhWarning[];
}

/**
 * Averaging a plain and a portal-venous liver (103 and 115 HU in the sample case) gives a
 * number true of neither, so only one contrast state is summarised: unenhanced if any,
 * else unknown, else enhanced. The others stay listed with a warning.
 */
const CONTRAST_PREFERENCE: readonly ContrastState[] = ['unenhanced', 'unknown', 'enhanced'];

function chooseContrast(rois: readonly HuRoi[]): ContrastState | null {
  const liver = rois.filter((roi) => roi.organ === 'liver');
  const pool = liver.length > 0 ? liver : rois.filter((roi) => roi.organ === 'spleen');
  return CONTRAST_PREFERENCE.find((state) => pool.some((roi) => roi.contrast === state)) ?? null;
}

/** The liver summary of docs/liver.md#summary-values. ROIs of organ `lesion` are ignored here. */
export function summariseLiver(rois: readonly HuRoi[], thresholds: EmhThresholds = DEFAULT_THRESHOLDS): LiverSummary {
  const organRois = rois.filter((roi) => roi.organ === 'liver' || roi.organ === 'spleen');
  const contrast = chooseContrast(organRois);
  const used = organRois.filter((roi) => roi.contrast === contrast);
  const excludedRois = organRois.filter((roi) => roi.contrast !== contrast);
  const liverRois = used.filter((roi) => roi.organ === 'liver');
  const spleenRois = used.filter((roi) => roi.organ === 'spleen');

  const meanHU = meanOfMeans(liverRois);
  const spleenMeanHU = meanOfMeans(spleenRois);
  const liverMinusSpleenHU = meanHU !== null && spleenMeanHU !== null ? meanHU - spleenMeanHU : null;
  // A ratio against a spleen at or below water density has no meaning.
  const liverToSpleenRatio = meanHU !== null && spleenMeanHU !== null && spleenMeanHU > 0 ? meanHU / spleenMeanHU : null;
  const call = liverCall(meanHU, contrast, thresholds);
  const contextLines = contrast === 'enhanced' ? [] : liverContextLines(meanHU, liverMinusSpleenHU, thresholds);

  const warnings: EmhWarning[] = [];
  const minRois = thresholds.liver.minLiverRois;
  if (liverRois.length > 0 && liverRois.length < minRois) {
    warnings.push({
      code: 'few-liver-rois',
      message: `${liverRois.length} liver ROI${liverRois.length === 1 ? '' : 's'}: at least ${minRois} are recommended (left lobe and two in the right lobe, avoiding vessels)`,
    });
  }
  for (const roi of used) {
    const label = roi.organ === 'liver' ? 'Liver ROI' : 'Spleen ROI';
    for (const warning of roiSizeWarnings(roi.stats, label, thresholds)) {
      warnings.push({ ...warning, annotationUID: roi.annotationUID, seriesInstanceUID: roi.ref.seriesInstanceUID });
    }
  }
  if (contrast === 'unknown' && liverRois.length > 0) {
    warnings.push({
      code: 'contrast-unknown',
      message: 'Contrast state unknown: the call assumes an unenhanced scan; please confirm the series contrast state',
    });
  }
  if (contrast === 'enhanced' && liverRois.length > 0) {
    warnings.push({
      code: 'contrast-enhanced',
      message: 'Enhanced series: values shown, no call against the unenhanced normal range',
    });
  }
  if (excludedRois.length > 0) {
    warnings.push({
      code: 'contrast-mixed',
      message: `${excludedRois.length} ROI${excludedRois.length === 1 ? '' : 's'} on ${excludedRois.length === 1 ? 'a series' : 'series'} of another contrast state kept out of the summary (summarised: ${contrast})`,
    });
  }

  return {
    liverRois,
    spleenRois,
    excludedRois,
    meanHU,
    pixelWeightedMeanHU: pixelWeightedMean(liverRois),
    normalRangeHU: thresholds.liver.normalRangeHU,
    call,
    contrast,
    contrastConfirmed: used.length > 0 && used.every((roi) => roi.contrastConfirmed),
    spleenMeanHU,
    liverMinusSpleenHU,
    liverToSpleenRatio,
    contextLines,
    warnings,
  };
}
