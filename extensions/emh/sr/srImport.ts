import type { DataManager } from '../../../src/data/dataManager';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import type { ImageInstance } from '../../../src/data/types';
import { parseDicom } from '../../../src/data/parseDicom';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import { indexAxes, type AnnotationSource } from '../annotations/annotationMapping';
import { scoord3dLocator } from './scoord3dLocator';
import { seriesInfoFromHeader } from '../annotations/seriesFacts';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { JsonValue } from '../inventory/rules/common';
import type { IndexPoint } from '../lesions/rules/lesionMeasurement';
import { readMeasurementReport } from './rules/srRead';
import { applyRestoredInventory } from './rules/srApply';
import { restoreInventory } from './rules/srRestore';
import type { ReadAnnotation } from './rules/srTypes';
import { EMH_TOOL_NAMES, type EmhToolName } from '../annotations/emhTools';

export interface SrImportReport {
  restored: number;
  lesions: string[];
  /** Images the report measured on that are not open: their values are kept, not drawn. */
  missingImages: string[];
  notUnderstood: string[];
}

function instancesBySop(data: DataManager): Map<string, ImageInstance> {
  const map = new Map<string, ImageInstance>();
  for (const series of data.series()) for (const instance of series.instances) map.set(instance.header.sopInstanceUID, instance);
  return map;
}

function toolFor(read: ReadAnnotation): EmhToolName | null {
  switch (read.kind) {
    case 'lesionAxes':
      return EMH_TOOL_NAMES.lesionAxes;
    case 'huRoi':
      return read.organ === 'liver' ? EMH_TOOL_NAMES.liverRoi : read.organ === 'spleen' ? EMH_TOOL_NAMES.spleenRoi : EMH_TOOL_NAMES.lesionHuRoi;
    case 'signalRoi':
      return read.role === 'muscle' ? EMH_TOOL_NAMES.muscleRoi : EMH_TOOL_NAMES.lesionSignalRoi;
    default:
      return null;
  }
}

/**
 * Index points in the order the tool keeps its handles. An SR ellipse lists its major axis
 * first; Cornerstone's ellipse keeps the vertical axis (top, bottom) before the horizontal one.
 */
function handlePoints(read: ReadAnnotation): readonly IndexPoint[] | null {
  if (read.kind === 'lesionAxes') return [...read.longAxis, ...read.shortAxis];
  if ((read.kind !== 'huRoi' && read.kind !== 'signalRoi') || !read.ellipse) return null;
  const [a, b, c, d] = read.ellipse;
  const firstIsHorizontal = Math.abs(b[0] - a[0]) > Math.abs(b[1] - a[1]);
  return firstIsHorizontal ? [c, d, a, b] : read.ellipse;
}

function sourceFor(read: ReadAnnotation, instance: ImageInstance, geometry: ImageGeometry): AnnotationSource | null {
  const toolName = toolFor(read);
  const points = handlePoints(read);
  const imageId = instance.imageIds[Math.max(0, read.ref.frame - 1)];
  const plane = imageId ? geometry.plane(imageId) : undefined;
  if (!toolName || !points || !imageId || !plane) return null;
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
export function importMeasurementReport(bytes: Uint8Array, adapter: InventoryAdapter, data: DataManager, geometry: ImageGeometry): SrImportReport {
  // The case is the active patient's: a report of any other patient, open or not, is refused.
  const openPatients = new Set(data.activeSeries().map((s) => s.instances[0]?.header.patientID).filter(Boolean));
  const srPatient = (parseDicom(bytes, { untilTag: 'x0040a730' }).string('x00100020') ?? '').trim();
  if (openPatients.size > 0 && srPatient && !openPatients.has(srPatient)) {
    throw new Error(`This report belongs to patient ${srPatient}, not to the open case (${[...openPatients].join(', ')}); nothing was imported.`);
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
  return {
    restored: restored.annotations.length,
    lesions: restored.lesions.map((l) => l.id),
    missingImages: [...missing],
    notUnderstood: [...read.notUnderstood, ...restored.notRestored, ...refused],
  };
}
