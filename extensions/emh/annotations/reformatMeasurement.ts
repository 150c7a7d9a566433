import { Enums, cache, getRenderingEngines, metaData, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { SeriesModel } from '../../../src/data/studyModel';
import { patientToIndex, slicePositionOf } from '../../../src/geometry/imagePlane';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { JsonValue, RoiStats } from '../inventory/rules/common';
import { centreOf, nearestSlice, planeNameOf, planeOfAxes, type MeasurementPlane, type Vec3 } from '../lesions/rules/measurementPlane';
import type { AnnotationSource } from './annotationMapping';
import { roiStatsOf } from './roiStats';
import { mappingOfTool } from './rules/mappings/toolMappings';
import { imageRefOf, seriesInfoFromHeader } from './seriesFacts';

/**
 * Measurements made in a reformat (an MPR view): Cornerstone annotations with world handles
 * and no image of their own. Here they become inventory records in patient mm with their
 * plane, the series' image nearest their centre as the reference, and back.
 */

/**
 * ROI statistics measured on the series' voxels (reformatRoi.ts), kept beside Cornerstone's
 * cachedStats (whose keys must name one of its images or volumes).
 */
export function seriesStatsOf(annotation: ToolTypes.Annotation): RoiStats | null {
  return (annotation.data as { emhSeriesStats?: RoiStats }).emhSeriesStats ?? null;
}

export function setSeriesStats(annotation: ToolTypes.Annotation, stats: RoiStats): void {
  (annotation.data as { emhSeriesStats?: RoiStats }).emhSeriesStats = stats;
}

/** The series an annotation in a reformat measures, kept on the annotation (as its lesion id is). */
export function seriesOfWorldAnnotation(annotation: ToolTypes.Annotation): string | undefined {
  const value = (annotation.data as { emhSeriesInstanceUID?: unknown }).emhSeriesInstanceUID;
  return typeof value === 'string' ? value : undefined;
}

export function setSeriesOfWorldAnnotation(annotation: ToolTypes.Annotation, seriesInstanceUID: string): void {
  (annotation.data as { emhSeriesInstanceUID?: string }).emhSeriesInstanceUID = seriesInstanceUID;
}

/**
 * Whether an annotation was made in a reformat: it names no image (Cornerstone names one only
 * when the view shows an acquired slice, which is then measured as on the stack).
 */
export function isWorldAnnotation(annotation: ToolTypes.Annotation): boolean {
  const metadata = annotation.metadata as { referencedImageId?: string; volumeId?: string } | undefined;
  return !metadata?.referencedImageId && (Boolean(metadata?.volumeId) || seriesOfWorldAnnotation(annotation) !== undefined);
}

/** The series of a reformat's annotation: as recorded, else the one its volume was made of. */
export function worldSeries(services: HostServices, annotation: ToolTypes.Annotation): SeriesModel | undefined {
  const recorded = seriesOfWorldAnnotation(annotation);
  if (recorded) return services.data.findSeries(recorded);
  const volumeId = (annotation.metadata as { volumeId?: string }).volumeId;
  const imageId = volumeId ? cache.getVolume(volumeId)?.imageIds?.[0] : undefined;
  const instance = imageId ? services.data.instanceForImageId(imageId) : undefined;
  return instance ? services.data.findSeries(instance.instance.header.seriesInstanceUID) : undefined;
}

/** Each image of a series with its position along the slice normal (images without one left out). */
function slicesOf(services: HostServices, series: SeriesModel): { imageId: string; position: number; normal: Vec3 }[] {
  return series.imageIds.flatMap((imageId) => {
    const plane = services.geometry.plane(imageId);
    const position = plane?.inPatientSpace ? slicePositionOf(plane) : null;
    return plane && position !== null ? [{ imageId, position, normal: plane.normal as Vec3 }] : [];
  });
}

/** The series' image nearest a patient point: a reformat measurement's reference image. */
export function imageNearest(services: HostServices, series: SeriesModel, point: Vec3): string | undefined {
  const slices = slicesOf(services, series);
  const first = slices[0];
  if (!first) return undefined;
  return slices[
    nearestSlice(
      slices.map((s) => s.position),
      first.normal,
      point,
    )
  ]?.imageId;
}

/**
 * Why points do not lie within a series' volume (its images' extent, half a pixel and half a
 * slice gap around), or null when they do.
 */
export function outsideVolume(services: HostServices, series: SeriesModel, points: readonly Vec3[]): string | null {
  const slices = slicesOf(services, series);
  const first = slices[0] ? services.geometry.plane(slices[0].imageId) : undefined;
  if (!first || slices.length < 2) return `Series ${series.seriesInstanceUID} has no volume to measure in (it needs positioned slices)`;
  const positions = slices.map((s) => s.position).sort((a, b) => a - b);
  const gap = Math.abs((positions[1] as number) - (positions[0] as number)) / 2;
  const low = (positions[0] as number) - gap;
  const high = (positions[positions.length - 1] as number) + gap;
  for (const point of points) {
    const [column, row] = patientToIndex(first, point).index;
    const onImage = column >= -0.5 && row >= -0.5 && column <= first.columns - 0.5 && row <= first.rows - 0.5;
    const signed = pointAlongNormal(point, first.normal as Vec3);
    if (!onImage || signed < low - 1e-6 || signed > high + 1e-6) {
      return `[${point.map((v) => Math.round(v * 10) / 10).join(', ')}] is outside the series' volume (slices from ${low.toFixed(1)} to ${high.toFixed(1)} mm along its normal, ${first.columns} x ${first.rows} pixels)`;
    }
  }
  return null;
}

function pointAlongNormal(point: Vec3, normal: Vec3): number {
  return point[0] * normal[0] + point[1] * normal[1] + point[2] * normal[2];
}

/** The plane of a reformat's annotation: the view it was drawn in, else the one its axes span. */
function planeOfAnnotation(
  annotation: ToolTypes.Annotation,
  points: readonly Vec3[],
  frameOfReferenceUID: string,
): MeasurementPlane | null {
  const metadata = annotation.metadata as { viewPlaneNormal?: Types.Point3; viewUp?: Types.Point3 };
  if (metadata.viewPlaneNormal && metadata.viewUp) {
    const normal = [...metadata.viewPlaneNormal] as unknown as Vec3;
    return { frameOfReferenceUID, name: planeNameOf(normal), viewPlaneNormal: normal, viewUp: [...metadata.viewUp] as unknown as Vec3 };
  }
  if (points.length < 4) return null;
  const [a, b, c, d] = points as [Vec3, Vec3, Vec3, Vec3];
  return planeOfAxes([a, b], [c, d], frameOfReferenceUID);
}

/**
 * The inventory record of a measurement made in a reformat (lesion axes, or an ROI once its
 * statistics are known); null for other tools. An ROI's four handles are the ends of its two
 * axes in patient mm, its statistics Cornerstone's (from the volume's voxels in the view's
 * plane, in mm) or those a script measured on the series (reformatRoi.ts).
 */
export function toWorldEmhAnnotation(services: HostServices, annotation: ToolTypes.Annotation): EmhAnnotation | null {
  const mapping = mappingOfTool(annotation.metadata?.toolName);
  const series = worldSeries(services, annotation);
  const points = (annotation.data.handles?.points ?? []).map((p) => [...p] as unknown as Vec3);
  if (!mapping || !series || points.length < 4) return null;
  setSeriesOfWorldAnnotation(annotation, series.seriesInstanceUID);
  const imageId = imageNearest(services, series, centreOf(points));
  const image = imageId ? services.data.instanceForImageId(imageId) : undefined;
  const geometry = imageId ? services.geometry.plane(imageId) : undefined;
  if (!imageId || !image || !geometry) return null;
  const { header } = image.instance;
  const plane = planeOfAnnotation(annotation, points, header.frameOfReferenceUID);
  if (!plane) return null;
  const source: AnnotationSource = {
    toolName: mapping.toolName,
    referencedImageId: imageId,
    points: points.map((p) => [...p]),
    viewPlaneNormal: [...plane.viewPlaneNormal],
    viewUp: [...plane.viewUp],
    world: true,
  };
  const lesionId = (annotation.data as { emhLesionId?: string }).emhLesionId;
  const base = {
    annotationUID: annotation.annotationUID as string,
    ref: imageRefOf(header, image.frame),
    series: seriesInfoFromHeader(header),
    // The reference image's position: the series' slice nearest the centre (the muscle
    // reference nearest an ROI is found by it, as for an ROI drawn on that slice).
    slicePositionMm: slicePositionOf(geometry),
    source: source as unknown as JsonValue,
    ...(lesionId ? { lesionId } : {}),
    plane,
  };
  if (mapping.shape === 'ellipse') {
    // Measured on the series (a script's ROI) or by Cornerstone in the view (in patient mm: its
    // area is mm2 already). The series' statistics stay once Cornerstone measures it in a view too.
    const stats = seriesStatsOf(annotation) ?? roiStatsOf(annotation, { source: 'patient', rowSpacingMm: 1, columnSpacingMm: 1 }, 1);
    return mapping.toRecord({ base, indexPoints: [], calibration: null, stats });
  }
  const [a, b, c, d] = points as [Vec3, Vec3, Vec3, Vec3];
  return { ...base, kind: 'lesionAxes', axes: { space: 'mm', longAxis: [a, b], shortAxis: [c, d] } };
}

/**
 * The Cornerstone annotation of a reformat's measurement: world handles, its plane's camera
 * and frame of reference, no image. Cornerstone draws it in any view coplanar with it (an MPR
 * view through it), whether that view is open now or later.
 */
export function worldAnnotation(
  annotationUID: string,
  toolName: string,
  points: readonly Vec3[],
  plane: MeasurementPlane,
  seriesInstanceUID: string,
): ToolTypes.Annotation {
  const annotation: ToolTypes.Annotation = {
    annotationUID,
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
    metadata: {
      toolName,
      FrameOfReferenceUID: plane.frameOfReferenceUID,
      viewPlaneNormal: [...plane.viewPlaneNormal] as Types.Point3,
      viewUp: [...plane.viewUp] as Types.Point3,
    },
    data: {
      handles: {
        points: points.map((p) => [...p] as Types.Point3),
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
  setSeriesOfWorldAnnotation(annotation, seriesInstanceUID);
  return annotation;
}

/** The frame of reference of a series (its first image's). */
export function frameOfReferenceOf(series: SeriesModel): string {
  const imageId = series.imageIds[0];
  const plane = imageId ? (metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string } | undefined) : undefined;
  return plane?.frameOfReferenceUID ?? series.instances[0]?.header.frameOfReferenceUID ?? '';
}

/** The reformat (volume) views open now: they are no cells of the grid, and draw annotations too. */
export function reformatViewportIds(): string[] {
  const engines = (getRenderingEngines() ?? []).filter((engine) => engine !== undefined);
  return engines.flatMap((engine) =>
    engine
      .getViewports()
      .filter((v) => v.type === Enums.ViewportType.ORTHOGRAPHIC)
      .map((v) => v.id),
  );
}
