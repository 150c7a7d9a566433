import { frameDataSet } from '../data/frameDataSet';
import { calibrationAt, NO_CALIBRATION, type Calibration, type CalibrationSources } from './calibration';
import { imagePlaneOf, indexToPatient, patientToIndex, type ImagePlane, type IndexPoint } from './imagePlane';
import { calibrationSourcesOf, planeAttributesOf } from './planeAttributes';
import type { Vec3 } from './vec3';

/** The geometric fields of Cornerstone's imagePlaneModule, filled from our plane. */
export interface ImagePlaneModuleGeometry {
  imagePositionPatient: number[];
  imageOrientationPatient: number[];
  rowCosines: number[];
  columnCosines: number[];
  pixelSpacing: number[] | undefined;
  rowPixelSpacing: number;
  columnPixelSpacing: number;
  usingDefaultValues: boolean;
}

/**
 * Every crossing between image indices and patient coordinates, for any image the host has
 * loaded, by imageId. The viewer's renderer takes its image plane from here as well
 * (imageLoader.ts), so an annotation placed through this module lies on the pixels it names.
 * Cornerstone's utilities.imageToWorldCoords / worldToImageCoords are not used anywhere: they
 * pair each axis with the other axis's spacing and put 0,0 at a pixel corner.
 */
export class ImageGeometry {
  private readonly planes = new Map<string, ImagePlane>();
  private readonly calibrations = new Map<string, CalibrationSources>();

  /** The image's plane, or undefined for an imageId the host does not know. */
  plane(imageId: string): ImagePlane | undefined {
    let plane = this.planes.get(imageId);
    if (!plane) {
      const dataSet = frameDataSet(imageId);
      if (!dataSet) return undefined;
      plane = imagePlaneOf(planeAttributesOf(dataSet));
      this.planes.set(imageId, plane);
    }
    return plane;
  }

  calibrationSources(imageId: string): CalibrationSources {
    let sources = this.calibrations.get(imageId);
    if (!sources) {
      const dataSet = frameDataSet(imageId);
      sources = dataSet ? calibrationSourcesOf(dataSet) : NO_CALIBRATION;
      this.calibrations.set(imageId, sources);
    }
    return sources;
  }

  /** mm per pixel for a measurement made of these points, with where it comes from; null: pixels only. */
  calibrationAt(imageId: string, points: readonly IndexPoint[]): Calibration | null {
    return calibrationAt(this.calibrationSources(imageId), points);
  }

  indexToWorld(imageId: string, point: IndexPoint): Vec3 {
    return indexToPatient(this.requirePlane(imageId), point);
  }

  worldToIndex(imageId: string, point: readonly number[]): [number, number] {
    return patientToIndex(this.requirePlane(imageId), [point[0] ?? 0, point[1] ?? 0, point[2] ?? 0]).index;
  }

  imagePlaneModule(imageId: string): Partial<ImagePlaneModuleGeometry> {
    const plane = this.plane(imageId);
    if (!plane) return {};
    const hasSpacing = this.calibrationSources(imageId).pixelSpacing !== null;
    return {
      imagePositionPatient: [...plane.origin],
      imageOrientationPatient: [...plane.rowDirection, ...plane.columnDirection],
      rowCosines: [...plane.rowDirection],
      columnCosines: [...plane.columnDirection],
      pixelSpacing: hasSpacing ? [plane.rowSpacing, plane.columnSpacing] : undefined,
      rowPixelSpacing: plane.rowSpacing,
      columnPixelSpacing: plane.columnSpacing,
      usingDefaultValues: !hasSpacing,
    };
  }

  private requirePlane(imageId: string): ImagePlane {
    const plane = this.plane(imageId);
    if (!plane) throw new Error(`No image ${imageId} is loaded`);
    return plane;
  }
}

export const imageGeometry = new ImageGeometry();
