/**
 * Small shared types of the EMH domain: where an annotation sits, what an ROI measured,
 * and how a rule reports a concern. Kept apart so each rule module imports only these.
 */

/** The image an annotation was drawn on; enough for an SR image library and for "go to image". */
export interface ImageRef {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  /** 1-based frame number for multi-frame objects; 1 for single-frame images. */
  readonly frame: number;
  /** InstanceNumber (0020,0013), null when the file has none. */
  readonly instanceNumber: number | null;
}

/**
 * Statistics of a region of interest, in the modality's values: HU on CT (after
 * RescaleSlope / Intercept), raw signal on MR. The SD is the population SD.
 */
export interface RoiStats {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Null when the image has no PixelSpacing, so the area cannot be known in mm2. */
  readonly areaMm2: number | null;
  readonly pixelCount: number;
}

/**
 * Machine-readable codes let the panel group or silence warnings and let tests assert them
 * without matching prose.
 */
export type EmhWarningCode =
  | 'uncalibrated'
  | 'site-not-set'
  | 'laterality-on-midline-site'
  | 'no-measurement'
  | 'several-measurements'
  | 'no-muscle-reference'
  | 'muscle-far'
  | 'muscle-distance-unknown'
  | 'muscle-mean-not-positive'
  | 'roi-small-area'
  | 'roi-area-unknown'
  | 'roi-few-pixels'
  | 'weighting-unknown'
  | 'weighting-not-tagged'
  | 'contrast-unknown'
  | 'contrast-enhanced'
  | 'contrast-mixed'
  | 'few-liver-rois'
  | 'undated-study';

export interface EmhWarning {
  readonly code: EmhWarningCode;
  readonly message: string;
  readonly lesionId?: string;
  readonly annotationUID?: string;
  readonly seriesInstanceUID?: string;
}

/** Anything that survives JSON.stringify / JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Refusals a user can cause (wrong modality, deleted lesion) are values, not exceptions. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refused<T>(reason: string): Result<T> {
  return { ok: false, reason };
}

/**
 * Warnings about ROI size shared by the MR and CT rules
 * (docs/signal.md#roi-size: >= 1 cm2 and >= 20 px).
 */
export function roiSizeWarnings(
  stats: Pick<RoiStats, 'areaMm2' | 'pixelCount'>,
  what: string,
  limits: { readonly minRoiAreaMm2: number; readonly minRoiPixels: number },
): EmhWarning[] {
  const warnings: EmhWarning[] = [];
  if (stats.areaMm2 === null) {
    warnings.push({
      code: 'roi-area-unknown',
      message: `${what}: area unknown (no pixel spacing), cannot check the ${formatArea(limits.minRoiAreaMm2)} minimum`,
    });
  } else if (stats.areaMm2 < limits.minRoiAreaMm2) {
    warnings.push({
      code: 'roi-small-area',
      message: `${what}: area ${formatArea(stats.areaMm2)} is under ${formatArea(limits.minRoiAreaMm2)}`,
    });
  }
  if (stats.pixelCount < limits.minRoiPixels) {
    warnings.push({
      code: 'roi-few-pixels',
      message: `${what}: ${stats.pixelCount} pixels is under ${limits.minRoiPixels}`,
    });
  }
  return warnings;
}

function formatArea(mm2: number): string {
  return `${(mm2 / 100).toFixed(2)} cm2`;
}

/**
 * Structural equality of plain data (what annotations and lesion records are). Lets the
 * store ignore an echo of what it already holds, e.g. the adapter re-sending an annotation
 * after writing its lesion id back, so echoes never become undo steps.
 */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => samePlainData(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Absent and undefined are the same thing once serialised, so they compare equal here.
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!samePlainData(left[key], right[key])) return false;
  }
  return true;
}
