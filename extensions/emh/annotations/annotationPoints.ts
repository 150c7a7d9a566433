import type { DataManager } from '../../../src/data/dataManager';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { ImageRef } from '../inventory/rules/common';
import { isAnnotationSource } from './annotationMapping';
import type { MeasurementPlane } from '../lesions/rules/measurementPlane';

/** An annotation as a script sees it: what it is, where, and its points in image indices. */
export interface AnnotationPoints {
  annotationUID: string;
  kind: EmhAnnotation['kind'];
  lesionId: string | null;
  ref: ImageRef;
  /** Lesion axes: long axis ends then short axis ends. Ellipses: the four axis ends. */
  points: [number, number][];
  /**
   * A measurement made in a reformat: its points in patient mm (long axis ends, short axis ends;
   * an ROI's four axis ends, as Cornerstone keeps them: bottom, top, left, right in its view) and its plane.
   */
  world?: number[][];
  plane?: MeasurementPlane;
}

export function annotationPoints(annotation: EmhAnnotation, geometry: ImageGeometry, data: DataManager): AnnotationPoints {
  const base = {
    annotationUID: annotation.annotationUID,
    kind: annotation.kind,
    lesionId: annotation.lesionId ?? null,
    ref: annotation.ref,
  };
  if (annotation.kind === 'lesionAxes' && annotation.axes.space === 'mm' && annotation.plane) {
    const { longAxis, shortAxis } = annotation.axes;
    // Index points on the reference image would be a projection: a reformat's measurement has none.
    return { ...base, points: [], world: [...longAxis, ...shortAxis].map((p) => [...p]), plane: annotation.plane };
  }
  if (annotation.kind === 'lesionAxes' && annotation.axes.space === 'index') {
    const { longAxis, shortAxis } = annotation.axes;
    return { ...base, points: [...longAxis, ...shortAxis].map(([c, r]) => [c, r]) };
  }
  const source = annotation.source;
  if (annotation.kind !== 'lesionAxes' && annotation.plane && isAnnotationSource(source)) {
    return { ...base, points: [], world: source.points.map((p) => [...p]), plane: annotation.plane };
  }
  const instance = data
    .findSeries(annotation.ref.seriesInstanceUID)
    ?.instances.find((i) => i.header.sopInstanceUID === annotation.ref.sopInstanceUID);
  const imageId = instance?.imageIds[Math.max(0, annotation.ref.frame - 1)];
  if (!isAnnotationSource(source) || !imageId || !geometry.plane(imageId)) return { ...base, points: [] };
  return { ...base, points: source.points.map((p) => geometry.worldToIndex(imageId, p)) };
}
