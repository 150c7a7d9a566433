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
import { timepointReport } from './rules/srTimepoint';
import type { IronStore } from '../iron/rules/ironStore';
import { ironInventory } from '../iron/rules/ironReport';
import type { IronReportInput } from './rules/srIronWrite';
import type { SrLesionVolume } from './rules/srVolumeWrite';

function instancesBySop(data: DataManager): Map<string, ImageInstance> {
  const map = new Map<string, ImageInstance>();
  // Only the active patient's images: a report never describes another patient's.
  for (const series of data.activeSeries()) for (const instance of series.instances) map.set(instance.header.sopInstanceUID, instance);
  return map;
}

export interface ReportOptions {
  /** `T1`, `T2`, ...: the time point reported (default: the latest). */
  readonly timepoint?: string;
  readonly now?: Date;
  /** The iron store: its ROIs on the time point's studies go into the report. */
  readonly iron?: IronStore | null;
  /** The lesions' volumes citing the case's SEGs (volumes/caseSegs.ts); those on the time point's studies are written. */
  readonly volumes?: ReadonlyMap<string, SrLesionVolume>;
}

/** The active patient's iron ROIs on the reported time point's studies, with the case's calibration. */
function ironOfTimepoint(iron: IronStore | null | undefined, studies: readonly string[]): IronReportInput | undefined {
  const rois = iron?.rois().filter((r) => studies.includes(r.ref.studyInstanceUID)) ?? [];
  if (!iron || rois.length === 0) return undefined;
  return { inventory: ironInventory(rois, iron.calibration()), calibration: iron.calibration() };
}

/** The header of an open image of that study; undefined when none is open. */
function headerOfStudy(data: DataManager, studyInstanceUID: string): ImageInstance['header'] | undefined {
  for (const series of data.activeSeries()) {
    const header = series.instances[0]?.header;
    if (header?.studyInstanceUID === studyInstanceUID) return header;
  }
  return undefined;
}

/**
 * The TID 1500 measurement report of one time point (docs/exports.md#sr-time-points), filed in
 * a study of that time point. Image facts come from the open files (geometry per frame);
 * ellipse outlines from the annotations' own handles, converted to image indices by the host's
 * geometry.
 */
export function measurementReport(
  store: EmhInventoryStore,
  data: DataManager,
  geometry: ImageGeometry,
  options: ReportOptions = {},
): Uint8Array {
  const instances = instancesBySop(data);
  const report = timepointReport(store.state(), store.thresholds, inventoryContext(data), options.timepoint);
  const { inventory, annotations, statuses, filedIn } = report;
  const iron = ironOfTimepoint(options.iron, report.timepoint.studyInstanceUIDs);
  const studyHeader = headerOfStudy(data, filedIn);
  // The patient is the active one whichever study is open; a study not open is described by the inventory.
  const patientHeader = studyHeader ?? data.activeSeries()[0]?.instances[0]?.header;
  return writeMeasurementReport({
    inventory,
    annotations,
    statuses,
    filedIn,
    now: options.now ?? new Date(),
    ...(iron ? { iron } : {}),
    volumes: new Map([...(options.volumes ?? [])].filter(([, v]) => report.timepoint.studyInstanceUIDs.includes(v.seg.studyInstanceUID))),
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
    patient: patientHeader
      ? {
          name: patientHeader.patientName || null,
          id: patientHeader.patientID || null,
          issuer: patientHeader.issuerOfPatientID || null,
          birthDate: patientHeader.patientBirthDate || null,
          sex: patientHeader.patientSex || null,
          age: patientHeader.patientAge || null,
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
