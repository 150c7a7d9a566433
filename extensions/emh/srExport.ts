import { utilities as csUtils, type Types } from '@cornerstonejs/core';
import type { DataManager } from '../../src/data/dataManager';
import type { InstanceHeader } from '../../src/data/types';
import { isAnnotationSource } from './adapter/annotationMapping';
import type { EmhInventoryStore, ImageRef, IndexPoint } from './domain';
import { writeMeasurementReport } from './export/sr/srWrite';
import type { EllipseIndexPoints, ImageFacts } from './export/sr/srTypes';
import { inventoryContext } from './inventoryContext';

function headersBySop(data: DataManager): Map<string, InstanceHeader> {
  const map = new Map<string, InstanceHeader>();
  for (const series of data.series()) for (const instance of series.instances) map.set(instance.header.sopInstanceUID, instance.header);
  return map;
}

/**
 * The TID 1500 measurement report of what is on the images now. Image facts come from the
 * open files' headers; ellipse outlines from the annotations' own handles, in index space.
 */
export function measurementReport(store: EmhInventoryStore, data: DataManager, now = new Date()): Uint8Array {
  const headers = headersBySop(data);
  const inventory = store.inventory(inventoryContext(data));
  const annotations = store.state().annotations;
  const firstRef = annotations[0]?.ref;
  const studyHeader = firstRef ? headers.get(firstRef.sopInstanceUID) : undefined;
  return writeMeasurementReport({
    inventory,
    annotations,
    now,
    images: (ref: ImageRef): ImageFacts | null => {
      const header = headers.get(ref.sopInstanceUID);
      return header
        ? {
            sopClassUID: header.sopClassUID,
            modality: header.modality,
            pixelSpacing: header.pixelSpacing,
            numberOfFrames: header.numberOfFrames,
            imagePositionPatient: header.imagePositionPatient,
            imageOrientationPatient: header.imageOrientationPatient,
          }
        : null;
    },
    roiOutline: (annotation): EllipseIndexPoints | null => {
      const source = annotation.source;
      if (!isAnnotationSource(source) || source.points.length !== 4) return null;
      const points = source.points.map((p) => csUtils.worldToImageCoords(source.referencedImageId, p as Types.Point3));
      if (points.some((p) => !p)) return null;
      const [a, b, c, d] = points.map((p) => [p?.[0] ?? 0, p?.[1] ?? 0] as IndexPoint);
      return [a, b, c, d];
    },
    patient: studyHeader
      ? { name: studyHeader.patientName || null, id: studyHeader.patientID || null, birthDate: studyHeader.patientBirthDate || null, sex: studyHeader.patientSex || null, age: studyHeader.patientAge || null }
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
