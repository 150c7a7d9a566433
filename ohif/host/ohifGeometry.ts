/**
 * Our image geometry for OHIF's imageIds. The base class finds an image's header through our
 * own image store, which OHIF's `wadors:` imageIds are not in; here the header comes from the
 * OHIF data model (OhifData), and every crossing between pixels and patient mm is then the
 * one our viewer uses (not Cornerstone's imageToWorldCoords).
 */
import type { DataSet } from 'dicom-parser';
import type { CalibrationSources } from '../../src/geometry/calibration';
import { ImageGeometry } from '../../src/geometry/imageGeometry';
import { imagePlaneOf, type ImagePlane } from '../../src/geometry/imagePlane';
import { calibrationSourcesOf, planeAttributesOf } from '../../src/geometry/planeAttributes';
import type { DataManager } from '../../src/data/dataManager';

export class OhifGeometry extends ImageGeometry {
  private readonly ohifPlanes = new Map<string, ImagePlane>();
  private readonly ohifCalibrations = new Map<string, CalibrationSources>();

  constructor(private readonly data: DataManager) {
    super();
  }

  private headerOf(imageId: string): DataSet | undefined {
    // Enhanced multi-frame objects (per-frame functional groups) are not mapped yet: their
    // frames read the shared header.
    return this.data.instanceForImageId(imageId)?.instance.headerDataSet;
  }

  override plane(imageId: string): ImagePlane | undefined {
    let plane = this.ohifPlanes.get(imageId);
    if (!plane) {
      const header = this.headerOf(imageId);
      if (!header) return super.plane(imageId);
      plane = imagePlaneOf(planeAttributesOf(header));
      this.ohifPlanes.set(imageId, plane);
    }
    return plane;
  }

  override calibrationSources(imageId: string): CalibrationSources {
    let sources = this.ohifCalibrations.get(imageId);
    if (!sources) {
      const header = this.headerOf(imageId);
      if (!header) return super.calibrationSources(imageId);
      sources = calibrationSourcesOf(header);
      this.ohifCalibrations.set(imageId, sources);
    }
    return sources;
  }
}
