import { metaData, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { ImageInstance } from '../../../src/data/types';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { slicePositionOf } from '../../../src/geometry/imagePlane';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { JsonValue } from '../inventory/rules/common';
import type { IndexPoint } from '../lesions/rules/lesionMeasurement';
import { mappingOfTool, type EmhToolName } from './rules/mappings/toolMappings';
import { imageRefOf, seriesInfoFromHeader } from './seriesFacts';
import { planeNameOf, type Vec3 } from '../lesions/rules/measurementPlane';
import { worldAnnotation } from './reformatMeasurement';
import { roiStatsOf } from './roiStats';

/**
 * From a Cornerstone annotation to the plain record the inventory store takes, and back: what
 * every tool shares (image references, index points, Cornerstone's ROI statistics, the source
 * kept to draw it again). What each tool's annotation means is in its mapping (rules/mappings/).
 */

/** What the adapter keeps to draw an annotation again after undo or a restore. */
export interface AnnotationSource {
  toolName: EmhToolName;
  referencedImageId: string;
  points: number[][];
  viewPlaneNormal?: number[];
  viewUp?: number[];
  /**
   * Made in a reformat: the points are patient mm in the plane of viewPlaneNormal, and the
   * annotation names no image (referencedImageId is then only the image nearest its centre).
   */
  world?: boolean;
}

export function lesionIdOf(annotation: ToolTypes.Annotation): string | undefined {
  const value = (annotation.data as { emhLesionId?: unknown }).emhLesionId;
  return typeof value === 'string' ? value : undefined;
}

export function setLesionIdOf(annotation: ToolTypes.Annotation, lesionId: string | undefined): void {
  (annotation.data as { emhLesionId?: string }).emhLesionId = lesionId;
}

/**
 * The record for the store, or null while the annotation is not measurable yet (an ROI whose
 * statistics Cornerstone has not computed).
 */
export function toEmhAnnotation(
  annotation: ToolTypes.Annotation,
  image: { instance: ImageInstance; frame: number },
  geometry: ImageGeometry,
): EmhAnnotation | null {
  const { header } = image.instance;
  const metadata: Partial<ToolTypes.Annotation['metadata'] & object> = annotation.metadata ?? {};
  const mapping = mappingOfTool(metadata.toolName);
  if (!mapping) return null;
  const { toolName } = mapping;
  const imageId = metadata.referencedImageId as string;
  const points = (annotation.data.handles?.points ?? []) as Types.Point3[];
  const plane = geometry.plane(imageId);
  if (!plane) return null;
  const indexPoints = points.map((p): IndexPoint => geometry.worldToIndex(imageId, p));
  const calibration = geometry.calibrationAt(imageId, indexPoints);
  const source: AnnotationSource = {
    toolName,
    referencedImageId: imageId,
    points: points.map((p) => [...p]),
    ...(metadata.viewPlaneNormal ? { viewPlaneNormal: [...metadata.viewPlaneNormal] } : {}),
    ...(metadata.viewUp ? { viewUp: [...metadata.viewUp] } : {}),
  };
  const base = {
    annotationUID: annotation.annotationUID as string,
    ref: imageRefOf(header, image.frame),
    series: seriesInfoFromHeader(header),
    slicePositionMm: slicePositionOf(plane),
    source: source as unknown as JsonValue,
    ...(lesionIdOf(annotation) ? { lesionId: lesionIdOf(annotation) } : {}),
  };
  // An ROI is measured once Cornerstone computed its statistics; axes need none.
  const stats = mapping.shape === 'ellipse' ? roiStatsOf(annotation, calibration, plane.rowSpacing * plane.columnSpacing) : null;
  return mapping.toRecord({ base, indexPoints, calibration, stats });
}

export function isAnnotationSource(value: unknown): value is AnnotationSource {
  const v = value as AnnotationSource | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.toolName === 'string' &&
    typeof v.referencedImageId === 'string' &&
    Array.isArray(v.points) &&
    v.points.every((p) => Array.isArray(p) && p.length === 3)
  );
}

/** The Cornerstone annotation a stored record draws again (after undo, redo or a restore). */
export function annotationFromSource(
  annotationUID: string,
  saved: AnnotationSource,
  imageId: string,
  seriesUID?: string,
): { annotation: ToolTypes.Annotation; frameOfReferenceUID: string } {
  const source = { ...saved, referencedImageId: imageId };
  const plane = metaData.get('imagePlaneModule', source.referencedImageId) as { frameOfReferenceUID?: string } | undefined;
  const frameOfReferenceUID = plane?.frameOfReferenceUID ?? '';
  if (saved.world && saved.viewPlaneNormal && saved.viewUp) {
    const points = saved.points as unknown as Vec3[];
    const normal = saved.viewPlaneNormal as unknown as Vec3;
    const worldPlane = { frameOfReferenceUID, name: planeNameOf(normal), viewPlaneNormal: normal, viewUp: saved.viewUp as unknown as Vec3 };
    return { annotation: worldAnnotation(annotationUID, saved.toolName, points, worldPlane, seriesUID ?? ''), frameOfReferenceUID };
  }
  const annotation: ToolTypes.Annotation = {
    annotationUID,
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
    metadata: {
      toolName: source.toolName,
      referencedImageId: source.referencedImageId,
      FrameOfReferenceUID: frameOfReferenceUID,
      // ROI statistics sample the image in this plane; without it they come out empty.
      viewPlaneNormal: source.viewPlaneNormal as Types.Point3 | undefined,
      viewUp: source.viewUp as Types.Point3 | undefined,
    },
    data: {
      handles: {
        points: source.points as Types.Point3[],
        activeHandleIndex: null,
        textBox: {
          hasMoved: false,
          worldPosition: [0, 0, 0],
          worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] },
        },
      },
      cachedStats: {},
      label: '',
    },
  };
  return { annotation, frameOfReferenceUID };
}
