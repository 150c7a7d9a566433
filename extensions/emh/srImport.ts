import { utilities as csUtils, type Types } from '@cornerstonejs/core';
import type { DataManager } from '../../src/data/dataManager';
import type { ImageInstance } from '../../src/data/types';
import { parseDicom } from '../../src/data/parseDicom';
import type { InventoryAdapter } from './adapter/inventoryAdapter';
import type { AnnotationSource } from './adapter/annotationMapping';
import { seriesInfoFromHeader } from './adapter/seriesFacts';
import type { EmhAnnotation, IndexPoint, JsonValue } from './domain';
import { readMeasurementReport } from './export/sr/srRead';
import { applyRestoredInventory } from './export/sr/srApply';
import { restoreInventory } from './export/sr/srRestore';
import type { ReadAnnotation } from './export/sr/srTypes';
import { EMH_TOOL_NAMES, type EmhToolName } from './tools/emhTools';

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

/** Index points in the order the tool keeps its handles. */
function handlePoints(read: ReadAnnotation): readonly IndexPoint[] | null {
  if (read.kind === 'lesionAxes') return [...read.longAxis, ...read.shortAxis];
  if (read.kind === 'huRoi' || read.kind === 'signalRoi') return read.ellipse;
  return null;
}

function sourceFor(read: ReadAnnotation, instance: ImageInstance): AnnotationSource | null {
  const toolName = toolFor(read);
  const points = handlePoints(read);
  const imageId = instance.imageIds[Math.max(0, read.ref.frame - 1)];
  if (!toolName || !points || !imageId) return null;
  const world = points.map((p) => csUtils.imageToWorldCoords(imageId, [p[0], p[1]] as Types.Point2));
  if (world.some((w) => !w)) return null;
  const o = instance.header.imageOrientationPatient;
  // Cornerstone draws a stack annotation in the plane it was made in: the image's own plane.
  const normal = o ? [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]] : undefined;
  return {
    toolName,
    referencedImageId: imageId,
    points: world.map((w) => [...(w as Types.Point3)]),
    ...(normal ? { viewPlaneNormal: normal.map((v) => -v), viewUp: o ? [-o[3], -o[4], -o[5]] : undefined } : {}),
  };
}

/**
 * Reads a TID 1500 report into the open case: each measurement becomes the same annotation
 * again (same lesion id, same site, notes and overrides), drawn where its image is open.
 */
export function importMeasurementReport(bytes: Uint8Array, adapter: InventoryAdapter, data: DataManager): SrImportReport {
  const openPatients = new Set(data.series().map((s) => s.instances[0]?.header.patientID).filter(Boolean));
  const srPatient = (parseDicom(bytes, { untilTag: 'x0040a730' }).string('x00100020') ?? '').trim();
  if (openPatients.size > 0 && srPatient && !openPatients.has(srPatient)) {
    throw new Error(`This report belongs to patient ${srPatient}, not to the open study (${[...openPatients].join(', ')}); nothing was imported.`);
  }
  const read = readMeasurementReport(bytes);
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
    const source = instance && readAnnotation ? sourceFor(readAnnotation, instance) : null;
    return source ? { ...annotation, source: source as unknown as JsonValue } : annotation;
  });
  adapter.reconcile();
  return {
    restored: restored.annotations.length,
    lesions: restored.lesions.map((l) => l.id),
    missingImages: [...missing],
    notUnderstood: [...read.notUnderstood, ...restored.notRestored, ...refused],
  };
}
