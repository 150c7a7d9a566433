/**
 * What the Cornerstone adapter hands the inventory store for every annotation event
 * (added / completed / modified / removed). It is plain data: the adapter has already
 * turned tool state into image references, index points and ROI statistics, so the
 * domain never sees a Cornerstone object.
 */

import type { ImageRef, JsonValue, RoiStats } from './common';
import type { ContrastState } from '../../liver/rules/contrastState';
import type { AxesPoints } from '../../lesions/rules/lesionMeasurement';
import type { MeasurementPlane } from '../../lesions/rules/measurementPlane';
import type { HuOrgan } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';

/**
 * The series facts the rules need, as read from DICOM. `weighting` and `contrast` are the
 * automatic values (`seriesWeighting()` / `contrastState()`); the user's overrides live
 * in the store, beside them, never in here.
 */
export interface EmhSeriesInfo {
  readonly modality: string;
  /** SeriesDescription (0008,103E), '' when absent. */
  readonly description: string;
  readonly weighting: Weighting;
  readonly contrast: ContrastState;
  /**
   * StudyDate (0008,0020) of the image's study, YYYYMMDD; it places the annotation in a time
   * point (docs/follow-up.md#time-points). Absent in records of older builds, null when the
   * header has none.
   */
  readonly studyDate?: string | null;
}

interface EmhAnnotationBase {
  /** Cornerstone's annotationUID: the key for upsert and remove. */
  readonly annotationUID: string;
  readonly ref: ImageRef;
  readonly series: EmhSeriesInfo;
  /**
   * Position of the image along the slice normal in mm (ImagePositionPatient projected on
   * the normal of ImageOrientationPatient); null when the geometry is unknown. Only used
   * to find the nearest muscle reference.
   */
  readonly slicePositionMm: number | null;
  /**
   * The lesion this annotation belongs to. Absent on a lesion annotation means "a new
   * lesion": the store allocates the next id and returns it for the adapter to write back.
   * Ignored on muscle, liver and spleen ROIs, which belong to a series, not a lesion.
   */
  readonly lesionId?: string;
  /**
   * Adapter-owned data to re-create the Cornerstone annotation after undo or restore
   * (e.g. its handles). The domain stores it and never reads it.
   */
  readonly source?: JsonValue;
  /**
   * The plane a measurement made in a reformat lies in; its points are then patient mm
   * (`axes.space === 'mm'`) and `ref` is the series' image nearest its centre. Absent on
   * measurements made on an image (and in records of older builds).
   */
  readonly plane?: MeasurementPlane;
}

/** A bidirectional measurement (long and short axis), on CT or MR. */
export interface LesionAxesAnnotation extends EmhAnnotationBase {
  readonly kind: 'lesionAxes';
  readonly axes: AxesPoints;
}

/** An MR signal ROI: a lesion for T1 / T2 tagging, or a skeletal-muscle reference. */
export interface SignalRoiAnnotation extends EmhAnnotationBase {
  readonly kind: 'signalRoi';
  readonly role: 'muscle' | 'lesion';
  /** Raw MR signal statistics. */
  readonly stats: RoiStats;
}

/** A CT ROI in HU: liver or spleen for the liver summary, or a lesion's attenuation. */
export interface HuRoiAnnotation extends EmhAnnotationBase {
  readonly kind: 'huRoi';
  readonly organ: HuOrgan;
  /** In HU (RescaleSlope / Intercept already applied). */
  readonly stats: RoiStats;
}

export type EmhAnnotation = LesionAxesAnnotation | SignalRoiAnnotation | HuRoiAnnotation;

export type EmhAnnotationKind = EmhAnnotation['kind'];

/** Whether the annotation measures a lesion (and so needs a lesion id) rather than a reference organ. */
export function belongsToLesion(annotation: EmhAnnotation): boolean {
  switch (annotation.kind) {
    case 'lesionAxes':
      return true;
    case 'signalRoi':
      return annotation.role === 'lesion';
    case 'huRoi':
      return annotation.organ === 'lesion';
  }
}

/** The same annotation with `lesionId` set or removed; other fields untouched. */
export function withLesionId<A extends EmhAnnotation>(annotation: A, lesionId: string | null): A {
  const { lesionId: _previous, ...rest } = annotation;
  return (lesionId === null ? rest : { ...rest, lesionId }) as A;
}
