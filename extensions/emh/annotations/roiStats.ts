import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { Calibration } from '../../../src/geometry/calibration';
import type { RoiStats } from '../inventory/rules/common';

/** Cornerstone's ROI statistics of an annotation, as the inventory keeps them. */

export interface StatsLike {
  mean?: number;
  stdDev?: number;
  min?: number;
  max?: number;
  area?: number;
  areaUnit?: string;
  statsArray?: { name: string; value: unknown }[];
  pointsInShape?: unknown[];
}

/**
 * `calibration` is the image's mm per pixel at the ROI (null: pixels only); `worldPixelArea`
 * is the area of one pixel in the units Cornerstone measured in (its world space).
 */
export function roiStatsOf(annotation: ToolTypes.Annotation, calibration: Calibration | null, worldPixelArea: number): RoiStats | null {
  const all = Object.values((annotation.data.cachedStats ?? {}) as Record<string, StatsLike>);
  const stats = all.find((s) => typeof s.mean === 'number' && Number.isFinite(s.mean));
  if (!stats || stats.mean === undefined) return null;
  const count = stats.statsArray?.find((s) => s.name === 'count')?.value;
  const pixelCount = typeof count === 'number' ? count : (stats.pointsInShape?.length ?? 0);
  return {
    mean: stats.mean,
    sd: stats.stdDev ?? 0,
    min: stats.min ?? stats.mean,
    max: stats.max ?? stats.mean,
    // An uncalibrated image has an area only in pixels, which is not an area in mm2. A
    // calibration that is not the plane's own (at the detector, an ultrasound region) rescales
    // Cornerstone's area, which it measured in the plane's units.
    areaMm2:
      calibration && typeof stats.area === 'number'
        ? (stats.area / worldPixelArea) * calibration.rowSpacingMm * calibration.columnSpacingMm
        : null,
    pixelCount,
  };
}
