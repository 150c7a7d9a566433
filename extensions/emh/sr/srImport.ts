import type { DataManager } from '../../../src/data/dataManager';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import type { ImageInstance } from '../../../src/data/types';
import { parseDicom } from '../../../src/data/parseDicom';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import type { AnnotationSource } from '../annotations/annotationMapping';
import { indexAxes } from '../annotations/rules/mappings/lesionAxes';
import { mappingOfRecord } from '../annotations/rules/mappings/toolMappings';
import { scoord3dLocator, worldEllipseSourceOf, worldSourceOf } from './scoord3dLocator';
import { seriesInfoFromHeader } from '../annotations/seriesFacts';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { JsonValue } from '../inventory/rules/common';
import { readMeasurementReport } from './rules/srRead';
import { applyRestoredInventory } from './rules/srApply';
import { restoreInventory } from './rules/srRestore';
import type { ReadAnnotation } from './rules/srTypes';
import type { IronRead } from './rules/srIronRead';
import type { ReadLesionVolume } from './rules/srVolumeRead';
import type { IronStore } from '../iron/rules/ironStore';
import type { IronRoiRecord } from '../iron/rules/ironReport';
import { slicePosition } from '../../../src/data/studyModel';

export interface SrImportReport {
  restored: number;
  /** The iron ROIs put back into the iron store (their ids); empty for a report without iron. */
  ironRois: string[];
  lesions: string[];
  /** Images the report measured on that are not open: their values are kept, not drawn. */
  missingImages: string[];
  notUnderstood: string[];
  /** The lesions' volumes (TID 1411) and the SEG segments they cite, for the segment store. */
  volumes: readonly ReadLesionVolume[];
}

function instancesBySop(data: DataManager): Map<string, ImageInstance> {
  const map = new Map<string, ImageInstance>();
  for (const series of data.series()) for (const instance of series.instances) map.set(instance.header.sopInstanceUID, instance);
  return map;
}

/** The tool's annotation a report's measurement is drawn again as (its mapping says how). */
function sourceFor(read: ReadAnnotation, instance: ImageInstance, geometry: ImageGeometry): AnnotationSource | null {
  // Another producer's rulers and ROIs of other values are kept in the report, not drawn.
  if (read.kind !== 'lesionAxes' && read.kind !== 'huRoi' && read.kind !== 'signalRoi') return null;
  const mapping = mappingOfRecord(read);
  const imageId = instance.imageIds[Math.max(0, read.ref.frame - 1)];
  if (read.kind === 'lesionAxes' && read.world && mapping && imageId) return worldSourceOf(mapping.toolName, read.world, imageId);
  if (read.kind !== 'lesionAxes' && read.worldEllipse && mapping && imageId) {
    return worldEllipseSourceOf(mapping.toolName, read.worldEllipse, imageId);
  }
  const points = mapping?.handlesFromReport(read) ?? null;
  const plane = imageId ? geometry.plane(imageId) : undefined;
  if (!mapping || !points || !imageId || !plane) return null;
  const { toolName } = mapping;
  // Cornerstone draws a stack annotation in the plane it was made in: the image's own plane,
  // seen from the front (the camera looks against the normal, column direction down).
  return {
    toolName,
    referencedImageId: imageId,
    points: points.map((p) => [...geometry.indexToWorld(imageId, p)]),
    viewPlaneNormal: plane.normal.map((v) => -v),
    viewUp: plane.columnDirection.map((v) => -v),
  };
}

/**
 * A size drawn on an image that is open takes that image's calibration, as a drawing by hand
 * would: the report's own spacing may be missing (other producers) or only a guess from mm.
 */
function calibratedOnOpenImage(annotation: EmhAnnotation, imageId: string, geometry: ImageGeometry): EmhAnnotation {
  if (annotation.kind !== 'lesionAxes' || annotation.axes.space !== 'index') return annotation;
  const { longAxis, shortAxis } = annotation.axes;
  return { ...annotation, axes: indexAxes([...longAxis], [...shortAxis], geometry.calibrationAt(imageId, [...longAxis, ...shortAxis])) };
}

/**
 * Reads a TID 1500 report into the open case: each measurement becomes the same annotation
 * again (same lesion id, same site, notes and overrides), drawn where its image is open.
 */
export function importMeasurementReport(
  bytes: Uint8Array,
  adapter: InventoryAdapter,
  data: DataManager,
  geometry: ImageGeometry,
  iron?: IronStore | null,
): SrImportReport {
  // The case is the active patient's: a report of any other patient, open or not, is refused.
  const openPatients = new Set(
    data
      .activeSeries()
      .map((s) => s.instances[0]?.header.patientID)
      .filter(Boolean),
  );
  const srPatient = (parseDicom(bytes, { untilTag: 'x0040a730' }).string('x00100020') ?? '').trim();
  if (openPatients.size > 0 && srPatient && !openPatients.has(srPatient)) {
    throw new Error(
      `This report belongs to patient ${srPatient}, not to the open case (${[...openPatients].join(', ')}); nothing was imported.`,
    );
  }
  const read = readMeasurementReport(bytes, scoord3dLocator(data, geometry));
  const instances = instancesBySop(data);
  const restored = restoreInventory(read, {
    seriesInfo: (ref) => {
      const header = instances.get(ref.sopInstanceUID)?.header;
      return header ? seriesInfoFromHeader(header) : null;
    },
    instanceNumber: (ref) => instances.get(ref.sopInstanceUID)?.header.instanceNumber ?? null,
  });
  const readByUid = new Map(read.annotations.map((a) => [a.annotationUID, a]));
  const missing = new Set<string>();
  const refused = applyRestoredInventory(adapter.store, restored, (annotation): EmhAnnotation => {
    const instance = instances.get(annotation.ref.sopInstanceUID);
    const readAnnotation = readByUid.get(annotation.annotationUID);
    if (!instance) missing.add(`${annotation.ref.seriesInstanceUID} / ${annotation.ref.sopInstanceUID}`);
    const source = instance && readAnnotation ? sourceFor(readAnnotation, instance, geometry) : null;
    if (!source) return annotation;
    return { ...calibratedOnOpenImage(annotation, source.referencedImageId, geometry), source: source as unknown as JsonValue };
  });
  adapter.reconcile();
  const ironRestored = restoreIron(read.iron, iron ?? null, data, instances);
  return {
    restored: restored.annotations.length,
    ironRois: ironRestored.ids,
    lesions: restored.lesions.map((l) => l.id),
    missingImages: [...missing],
    notUnderstood: [...read.notUnderstood, ...restored.notRestored, ...refused, ...ironRestored.problems],
    volumes: read.volumes ?? [],
  };
}

/**
 * The report's iron ROIs into the iron store, in place of the patient's (a report is the whole
 * case, as an autosave is). The open image an ROI was drawn on gives its instance number and
 * slice position, as when it was drawn. A report without iron leaves the store alone, and so
 * does one with a damaged iron group: nothing half restored, the lesions imported all the same.
 */
function restoreIron(
  read: IronRead | null,
  iron: IronStore | null,
  data: DataManager,
  instances: ReadonlyMap<string, ImageInstance>,
): { ids: string[]; problems: string[] } {
  if (!read) return { ids: [], problems: [] };
  const patientKey = data.activePatientKey();
  const refused = (why: string) => `the iron measurements were not imported (${why})`;
  if (read.problems.length > 0) return { ids: [], problems: [...read.problems, refused('a damaged iron group; the case keeps its own')] };
  // Prior reports from the PACS bring lesion history; an earlier visit's iron must not replace this one's.
  if (!iron) return { ids: [], problems: [refused('iron comes back only from an import into the case')] };
  if (!patientKey) return { ids: [], problems: [refused('no patient open to hold them')] };
  const records: IronRoiRecord[] = read.rois.map((roi) => {
    const header = instances.get(roi.ref.sopInstanceUID)?.header;
    if (!header) return roi;
    return { ...roi, ref: { ...roi.ref, instanceNumber: header.instanceNumber ?? null, slicePositionMm: slicePosition(header) } };
  });
  iron.restore(patientKey, records, read.calibration ?? undefined);
  return { ids: records.map((r) => r.id), problems: [] };
}
