import type { DataManager } from '../../../src/data/dataManager';
import type { ImageInstance } from '../../../src/data/types';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { isAnnotationSource } from '../annotations/annotationMapping';
import type { ImageRef } from '../inventory/rules/common';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import type { IndexPoint } from '../lesions/rules/lesionMeasurement';
import { writeMeasurementReport } from './rules/srWrite';
import type { EllipseIndexPoints, ImageFacts } from './rules/srTypes';
import { inventoryContext } from '../inventory/inventoryContext';

function instancesBySop(data: DataManager): Map<string, ImageInstance> {
  const map = new Map<string, ImageInstance>();
  // Only the active patient's images: a report never describes another patient's.
  for (const series of data.activeSeries()) for (const instance of series.instances) map.set(instance.header.sopInstanceUID, instance);
  return map;
}

/**
 * The TID 1500 measurement report of what is on the images now. Image facts come from the
 * open files (geometry per frame); ellipse outlines from the annotations' own handles,
 * converted to image indices by the host's geometry.
 */
export function measurementReport(store: EmhInventoryStore, data: DataManager, geometry: ImageGeometry, now = new Date()): Uint8Array {
  const instances = instancesBySop(data);
  const headers = { get: (sop: string) => instances.get(sop)?.header };
  const inventory = store.inventory(inventoryContext(data));
  const annotations = store.state().annotations;
  const firstRef = annotations[0]?.ref;
  const studyHeader = firstRef ? headers.get(firstRef.sopInstanceUID) : undefined;
  return writeMeasurementReport({
    inventory,
    annotations,
    now,
    images: (ref: ImageRef): ImageFacts | null => {
      const instance = instances.get(ref.sopInstanceUID);
      const imageId = instance?.imageIds[Math.max(0, ref.frame - 1)];
      const plane = imageId ? geometry.plane(imageId) : undefined;
      if (!instance || !imageId || !plane) return null;
      // The frame's own plane: an enhanced multi-frame object keeps it per frame.
      const spacing = geometry.calibrationSources(imageId).pixelSpacing;
      return {
        sopClassUID: instance.header.sopClassUID,
        modality: instance.header.modality,
        pixelSpacing: spacing ? [spacing[0], spacing[1]] : null,
        numberOfFrames: instance.header.numberOfFrames,
        imagePositionPatient: plane.hasPosition ? [...plane.origin] : null,
        imageOrientationPatient: plane.hasOrientation ? [...plane.rowDirection, ...plane.columnDirection] : null,
      };
    },
    roiOutline: (annotation): EllipseIndexPoints | null => {
      const source = annotation.source;
      if (!isAnnotationSource(source) || source.points.length !== 4) return null;
      const instance = instances.get(annotation.ref.sopInstanceUID);
      // The image as open now: a saved imageId may name another image after a reload.
      const imageId = instance?.imageIds[Math.max(0, annotation.ref.frame - 1)] ?? source.referencedImageId;
      if (!geometry.plane(imageId)) return null;
      const [a, b, c, d] = source.points.map((p): IndexPoint => geometry.worldToIndex(imageId, p));
      return a && b && c && d ? [a, b, c, d] : null;
    },
    patient: studyHeader
      ? {
          name: studyHeader.patientName || null,
          id: studyHeader.patientID || null,
          issuer: studyHeader.issuerOfPatientID || null,
          birthDate: studyHeader.patientBirthDate || null,
          sex: studyHeader.patientSex || null,
          age: studyHeader.patientAge || null,
        }
      : undefined,
    study: studyHeader
      ? {
          studyInstanceUID: studyHeader.studyInstanceUID,
          date: studyHeader.studyDate || null,
          time: studyHeader.studyTime || null,
          accessionNumber: studyHeader.accessionNumber || null,
          description: studyHeader.studyDescription || null,
        }
      : undefined,
  });
}
