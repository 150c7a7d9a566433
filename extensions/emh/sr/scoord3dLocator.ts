import type { DataManager } from '../../../src/data/dataManager';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { isOnImage, patientToIndex, slicePositionOf } from '../../../src/geometry/imagePlane';
import { indexToScoordData } from '../../../src/geometry/scoord';
import type { Scoord3dLocator } from './rules/srReadGroup';

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
          },
        };
      });
    }
    return (best as { found: ReturnType<Scoord3dLocator> } | null)?.found ?? null;
  };
}
