/**
 * From a read report to what the inventory store holds: lesion records and annotations.
 * The series facts the rules need (weighting, contrast, description) belong to the images,
 * so the host supplies them once the images are known; everything else comes from the SR.
 */

import type { EmhAnnotation, EmhSeriesInfo } from '../../inventory/rules/annotationTypes';
import type { ImageRef } from '../../inventory/rules/common';
import type { InventorySnapshot } from '../../inventory/rules/inventorySnapshot';
import type { LesionRecord, SeriesOverride } from '../../inventory/rules/inventoryTypes';
import { newLesionRecord } from '../../lesions/rules/lesionEdit';
import { indexSegmentLength, type PixelSpacing } from '../../lesions/rules/lesionMeasurement';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { MeasurementReportRead, ReadAnnotation, ReadImageRef } from './srTypes';
import { randomUid } from './srUids';
import { worldAxesRestored, worldEllipsePlane, type WorldEllipseRead } from './srScoord3dRead';
import type { LesionStatusMark } from '../../followUp/rules/followUpTypes';
import type { MeasurementPlane } from '../../lesions/rules/measurementPlane';

/** The plane of an ROI drawn in a reformat, for its record; nothing for one drawn on an image. */
function ellipsePlane(ellipse: WorldEllipseRead | undefined): { plane?: MeasurementPlane } {
  return ellipse ? { plane: worldEllipsePlane(ellipse) } : {};
}

export interface RestoreOptions {
  /** The series facts of an image; null to use what the SR implies (modality, weighting). */
  readonly seriesInfo?: (ref: ReadImageRef) => EmhSeriesInfo | null;
  readonly instanceNumber?: (ref: ReadImageRef) => number | null;
}

export interface RestoredInventory {
  /** Lesion rows in report order, as the radiologist left them. */
  readonly lesions: readonly LesionRecord[];
  /**
   * Annotations for the store. Lesion annotations from another producer carry no lesion id:
   * upserting them gives each a new lesion.
   */
  readonly annotations: readonly EmhAnnotation[];
  /**
   * The radiologist's series decisions as the report states them. A report that states no
   * weighting for a series (older EMH reports) still names MR signal by the weighting in
   * force when it was written; where that is a definite T1 / T2 / PD and the images say
   * otherwise, the radiologist had overridden it.
   */
  readonly seriesOverrides: Readonly<Record<string, SeriesOverride>>;
  /** The radiologist's liver call; null when the report has none (the automatic call stands). */
  readonly liverCallOverride: LiverCall | null;
  /**
   * Whether the rows' tracking UIDs are the lesions' own for life (an EMH report that tracks
   * lesions by UID): the import then matches lesions by tracking UID before id.
   */
  readonly trackedByUid: boolean;
  /** Statuses the report states, marked on the study it is filed in. */
  readonly statusMarks: readonly LesionStatusMark[];
  /** Read annotations the inventory has no place for (rulers, foreign ROIs), with the reason. */
  readonly notRestored: readonly string[];
}

function seriesInfoOf(read: ReadAnnotation, options: RestoreOptions, studyDate: string | null): EmhSeriesInfo {
  const given = options.seriesInfo?.(read.ref);
  if (given) return given;
  return {
    modality: read.ref.modality ?? (read.kind === 'huRoi' ? 'CT' : read.kind === 'signalRoi' ? 'MR' : ''),
    description: '',
    weighting: read.kind === 'signalRoi' ? read.weighting : 'unknown',
    contrast: 'unknown',
    // The image is not open: the report's own study date places it in its time point.
    studyDate,
  };
}

/** The library's spacing; failing that, the spacing the stored mm and drawn pixels imply. */
function spacingOf(read: Extract<ReadAnnotation, { kind: 'lesionAxes' }>): PixelSpacing | null {
  if (!read.calibrated) return null;
  if (read.ref.pixelSpacing) return read.ref.pixelSpacing;
  const pixels = indexSegmentLength(read.longAxis, null);
  return pixels > 0 ? [read.longAxisLength / pixels, read.longAxisLength / pixels] : null;
}

export function restoreInventory(read: MeasurementReportRead, options: RestoreOptions = {}): RestoredInventory {
  const annotations: EmhAnnotation[] = [];
  const notRestored: string[] = [];
  const seriesOverrides: Record<string, SeriesOverride> = {};
  for (const item of read.annotations) {
    const { studyInstanceUID, seriesInstanceUID } = item.ref;
    const label = `${item.kind} "${item.trackingIdentifier ?? item.annotationUID}"`;
    if (studyInstanceUID === null || seriesInstanceUID === null) {
      notRestored.push(`${label}: its image ${item.ref.sopInstanceUID} has no known study and series`);
      continue;
    }
    const ref: ImageRef = {
      studyInstanceUID,
      seriesInstanceUID,
      sopInstanceUID: item.ref.sopInstanceUID,
      frame: item.ref.frame,
      instanceNumber: options.instanceNumber?.(item.ref) ?? null,
    };
    const base = {
      annotationUID: item.annotationUID,
      ref,
      series: seriesInfoOf(item, options, read.studyDate),
      slicePositionMm: item.ref.slicePositionMm,
      ...(item.lesionId ? { lesionId: item.lesionId } : {}),
    };
    switch (item.kind) {
      case 'lesionAxes':
        annotations.push(
          item.world
            ? { ...base, kind: 'lesionAxes', ...worldAxesRestored(item.world) }
            : {
                ...base,
                kind: 'lesionAxes',
                axes: { space: 'index', longAxis: item.longAxis, shortAxis: item.shortAxis, pixelSpacing: spacingOf(item) },
              },
        );
        break;
      case 'huRoi':
        annotations.push({ ...base, kind: 'huRoi', organ: item.organ, stats: item.stats, ...ellipsePlane(item.worldEllipse) });
        break;
      case 'signalRoi':
        annotations.push({ ...base, kind: 'signalRoi', role: item.role, stats: item.stats, ...ellipsePlane(item.worldEllipse) });
        if (['T1', 'T2', 'PD'].includes(item.weighting) && item.weighting !== base.series.weighting) {
          seriesOverrides[seriesInstanceUID] = { weighting: item.weighting, contrast: null };
        }
        break;
      case 'length':
        notRestored.push(`${label}: a single length is no EMH measurement (a lesion needs long and short axis)`);
        break;
      case 'roi':
        notRestored.push(`${label}: an ROI without the statistics EMH records (mean, SD, min, max, pixel count)`);
        break;
    }
  }
  for (const [seriesUID, stated] of Object.entries(read.seriesDecisions)) {
    const inferred = seriesOverrides[seriesUID];
    seriesOverrides[seriesUID] = {
      weighting: stated.weighting ?? inferred?.weighting ?? null,
      contrast: stated.contrast,
    };
  }
  const lesions: LesionRecord[] = read.lesions.map((l) => ({
    id: l.id,
    site: l.site,
    siteText: l.siteText,
    laterality: l.laterality,
    notes: l.notes,
    t1Override: l.t1Override,
    t2Override: l.t2Override,
    implicit: false,
    trackingUid: read.lesionTrackingUids[l.id] ?? randomUid(),
  }));
  const statusMarks: LesionStatusMark[] = read.statuses.map(({ lesionId, status }) => ({
    lesionId,
    studyInstanceUID: read.studyInstanceUID,
    studyDate: read.studyDate,
    status,
  }));
  const trackedByUid = Object.keys(read.lesionTrackingUids).length > 0;
  return { lesions, annotations, seriesOverrides, liverCallOverride: read.liver.callOverride, trackedByUid, statusMarks, notRestored };
}

/**
 * A store snapshot holding exactly the restored report (for `store.restore()` into an empty
 * case). Lesion annotations without an id (another producer's) get the next free `L<n>`.
 */
export function restoredSnapshot(restored: RestoredInventory): InventorySnapshot {
  const lesions = [...restored.lesions];
  const ids = new Set(lesions.map((l) => l.id));
  let next = 1 + Math.max(0, ...[...ids].map((id) => Number(/^L(\d+)$/.exec(id)?.[1] ?? 0)));
  const annotations = restored.annotations.map((annotation) => {
    const needsLesion =
      annotation.kind === 'lesionAxes' || (annotation.kind === 'huRoi' ? annotation.organ === 'lesion' : annotation.role === 'lesion');
    if (!needsLesion || annotation.lesionId) {
      if (annotation.lesionId && !ids.has(annotation.lesionId)) {
        ids.add(annotation.lesionId);
        lesions.push(newLesionRecord(annotation.lesionId, false));
      }
      return annotation;
    }
    const id = `L${next++}`;
    ids.add(id);
    lesions.push(newLesionRecord(id, false));
    return { ...annotation, lesionId: id };
  });
  next = 1 + Math.max(0, ...[...ids].map((id) => Number(/^L(\d+)$/.exec(id)?.[1] ?? 0)));
  return {
    format: 'emh-inventory-state',
    version: 1,
    nextLesionNumber: next,
    knownLesionIds: [...ids],
    state: {
      lesions,
      annotations,
      seriesOverrides: restored.seriesOverrides,
      liverCallOverride: restored.liverCallOverride,
      statusMarks: restored.statusMarks,
    },
  };
}
