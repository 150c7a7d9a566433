import type { DataManager } from '../../../src/data/dataManager';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { isOnImage, patientToIndex, slicePositionOf } from '../../../src/geometry/imagePlane';
import { indexToScoordData } from '../../../src/geometry/scoord';
import type { LocatedOutline, Scoord3dLocator } from './rules/srReadGroup';
import type { SeriesModel } from '../../../src/data/studyModel';
import type { ImagePlane } from '../../../src/geometry/imagePlane';
import { dot } from '../../../src/geometry/vec3';
import { centreOf, nearestSlice, type Vec3 } from '../lesions/rules/measurementPlane';
import type { AnnotationSource } from '../annotations/annotationMapping';
import type { EmhToolName } from '../annotations/rules/mappings/toolMappings';
import { worldAxesRestored, worldEllipsePlane, type WorldAxesRead, type WorldEllipseRead } from './rules/srScoord3dRead';
import { ellipseHandlesInView, ellipseOfEnds } from '../volumes/rules/ellipseInPlane';

/**
 * Places SCOORD3D points on the open image of their frame of reference whose plane holds them:
 * within half the distance to the next slice (1 mm for a lone image) and inside the image.
 */
export function scoord3dLocator(data: DataManager, geometry: ImageGeometry): Scoord3dLocator {
  return (frameOfReferenceUID, points) => {
    let best: { offPlane: number; found: ReturnType<Scoord3dLocator> } | null = null;
    for (const series of data.series()) {
      const images = series.instances.flatMap((instance) =>
        instance.header.frameOfReferenceUID === frameOfReferenceUID
          ? instance.imageIds.map((imageId, frame) => ({ instance, imageId, frame: frame + 1 }))
          : [],
      );
      const positions = images.map(({ imageId }) => {
        const plane = geometry.plane(imageId);
        return plane ? slicePositionOf(plane) : null;
      });
      images.forEach(({ instance, imageId, frame }, i) => {
        const plane = geometry.plane(imageId);
        const position = positions[i];
        if (!plane?.inPatientSpace || position == null) return;
        const projected = points.map((p) => patientToIndex(plane, p));
        const offPlane = Math.max(...projected.map((p) => Math.abs(p.offPlaneMm)));
        if ((best && best.offPlane <= offPlane) || !projected.every((p) => isOnImage(plane, p.index))) return;
        const gaps = positions.filter((p): p is number => p !== null && Math.abs(p - position) > 1e-3).map((p) => Math.abs(p - position));
        const tolerance = gaps.length > 0 ? Math.min(...gaps) / 2 : 1;
        if (offPlane > tolerance) return;
        const { header } = instance;
        best = {
          offPlane,
          found: {
            image: {
              sopClassUID: header.sopClassUID,
              sopInstanceUID: header.sopInstanceUID,
              frames: header.numberOfFrames > 1 ? [frame] : [],
            },
            studyInstanceUID: header.studyInstanceUID,
            seriesInstanceUID: header.seriesInstanceUID,
            scoordData: indexToScoordData(projected.map((p) => p.index)),
            world: { frameOfReferenceUID, points: points.map((p) => [p[0], p[1], p[2]] as const), onSlice: true },
          },
        };
      });
    }
    const onSlice = (best as { found: ReturnType<Scoord3dLocator> } | null)?.found ?? null;
    return onSlice ?? inReformat(data, geometry, frameOfReferenceUID, points);
  };
}

/**
 * Points on no acquired slice but within a series' volume (a reformat's measurement): kept in
 * patient mm, cited by the series' image nearest their centre. Outside every volume: null.
 */
function inReformat(
  data: DataManager,
  geometry: ImageGeometry,
  frameOfReferenceUID: string,
  points: readonly (readonly [number, number, number])[],
): LocatedOutline | null {
  if (points.length === 0) return null;
  for (const series of data.series()) {
    const first = series.instances[0]?.header;
    if (!first || first.frameOfReferenceUID !== frameOfReferenceUID || series.imageIds.length < 2) continue;
    if (!withinVolume(geometry, series, points)) continue;
    const imageId = nearestImage(geometry, series, centreOf(points));
    const found = imageId ? data.instanceForImageId(imageId) : undefined;
    const plane = imageId ? geometry.plane(imageId) : undefined;
    if (!found || !plane) continue;
    const { header } = found.instance;
    return {
      image: {
        sopClassUID: header.sopClassUID,
        sopInstanceUID: header.sopInstanceUID,
        frames: header.numberOfFrames > 1 ? [found.frame] : [],
      },
      studyInstanceUID: header.studyInstanceUID,
      seriesInstanceUID: header.seriesInstanceUID,
      // Where the points fall on that image, for readers that need image coordinates; the
      // measurement itself is the world points.
      scoordData: indexToScoordData(points.map((p) => patientToIndex(plane, p).index)),
      world: { frameOfReferenceUID, points: points.map((p) => [p[0], p[1], p[2]] as const), onSlice: false },
    };
  }
  return null;
}

function slicesOf(geometry: ImageGeometry, series: SeriesModel): { imageId: string; position: number; plane: ImagePlane }[] {
  return series.imageIds.flatMap((imageId) => {
    const plane = geometry.plane(imageId);
    const position = plane?.inPatientSpace ? slicePositionOf(plane) : null;
    return plane && position !== null ? [{ imageId, position, plane }] : [];
  });
}

function withinVolume(geometry: ImageGeometry, series: SeriesModel, points: readonly (readonly [number, number, number])[]): boolean {
  const slices = slicesOf(geometry, series);
  const first = slices[0];
  if (!first || slices.length < 2) return false;
  const positions = slices.map((s) => s.position).sort((a, b) => a - b);
  const halfGap = Math.abs((positions[1] as number) - (positions[0] as number)) / 2;
  const [low, high] = [(positions[0] as number) - halfGap, (positions[positions.length - 1] as number) + halfGap];
  return points.every((p) => {
    const [column, row] = patientToIndex(first.plane, p).index;
    const along = dot(p, first.plane.normal);
    const onImage = column >= -0.5 && row >= -0.5 && column <= first.plane.columns - 0.5 && row <= first.plane.rows - 0.5;
    return onImage && along >= low - 1e-6 && along <= high + 1e-6;
  });
}

function nearestImage(geometry: ImageGeometry, series: SeriesModel, point: Vec3): string | undefined {
  const slices = slicesOf(geometry, series);
  const first = slices[0];
  if (!first) return undefined;
  return slices[
    nearestSlice(
      slices.map((s) => s.position),
      first.plane.normal,
      point,
    )
  ]?.imageId;
}

/** A reformat's measurement read back, drawn as it was made: world handles in its plane. */
export function worldSourceOf(toolName: EmhToolName, world: WorldAxesRead, imageId: string): AnnotationSource {
  const { plane } = worldAxesRestored(world);
  return {
    toolName,
    referencedImageId: imageId,
    points: [...world.longAxis, ...world.shortAxis].map((p) => [...p]),
    viewPlaneNormal: [...plane.viewPlaneNormal],
    viewUp: [...plane.viewUp],
    world: true,
  };
}

/** A reformat's ROI read back, drawn as it was made: its four axis ends in its plane, in Cornerstone's order. */
export function worldEllipseSourceOf(toolName: EmhToolName, ellipse: WorldEllipseRead, imageId: string): AnnotationSource {
  const plane = worldEllipsePlane(ellipse);
  return {
    toolName,
    referencedImageId: imageId,
    points: ellipseHandlesInView(ellipseOfEnds(ellipse.points), plane).map((p) => [...p]),
    viewPlaneNormal: [...plane.viewPlaneNormal],
    viewUp: [...plane.viewUp],
    world: true,
  };
}
