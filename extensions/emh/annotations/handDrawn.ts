import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import { huToolRefusal } from '../liver/rules/liverAttenuation';
import { mappingOfTool } from './rules/mappings/toolMappings';
import { isAnnotationSource } from './annotationMapping';
import { drawingRefusal } from './rules/drawingChecks';
import { worldSeries } from './reformatMeasurement';
import { centreOf, nearestLesions, type LesionCandidate } from '../lesions/rules/lesionCandidates';

/**
 * Why a drawing made by hand is no measurement, or null: a tool for another modality, off the
 * image, or under 2 pixels. Asked once the drag is over: a click (which draws nothing) must
 * not bring up a message.
 */
export function handDrawingRefusal(services: HostServices, annotation: ToolTypes.Annotation): string | null {
  const imageId = annotation.metadata?.referencedImageId;
  const mapping = mappingOfTool(annotation.metadata?.toolName);
  // Drawn in a reformat: no image of its own, the modality of the series its volume was made of.
  const modality = imageId
    ? services.data.instanceForImageId(imageId)?.instance.header.modality
    : worldSeries(services, annotation)?.instances[0]?.header.modality;
  if (mapping?.modality === 'CT') {
    const refusal = huToolRefusal(modality);
    if (refusal) return refusal;
  }
  if (mapping?.modality === 'MR' && modality !== 'MR') {
    return `Signal ROIs measure MR signal relative to muscle; this image is ${modality || 'not MR'}.`;
  }
  const plane = imageId ? services.geometry.plane(imageId) : undefined;
  const points = annotation.data.handles?.points;
  if (!imageId || !plane || !points || points.length < 4) return null;
  const indices = points.map((p) => services.geometry.worldToIndex(imageId, p));
  return drawingRefusal(plane, mapping?.shape === 'axes' ? 'axes' : 'ellipse', indices);
}

/** The lesions a new lesion ROI may measure, nearest first (same frame of reference only). */
export function lesionCandidatesFor(services: HostServices, store: EmhInventoryStore, annotation: ToolTypes.Annotation): LesionCandidate[] {
  const frameOf = (seriesInstanceUID: string): string =>
    services.data.findSeries(seriesInstanceUID)?.instances[0]?.header.frameOfReferenceUID ?? '';
  const imageId = annotation.metadata?.referencedImageId ?? '';
  const frameOfReferenceUID = services.data.instanceForImageId(imageId)?.instance.header.frameOfReferenceUID ?? '';
  const measurements = store.state().annotations.flatMap((record) =>
    record.lesionId && isAnnotationSource(record.source)
      ? [
          {
            lesionId: record.lesionId,
            frameOfReferenceUID: frameOf(record.ref.seriesInstanceUID),
            centreMm: centreOf(record.source.points),
          },
        ]
      : [],
  );
  return nearestLesions(store.lesionIds(), measurements, {
    frameOfReferenceUID,
    centreMm: centreOf(annotation.data.handles?.points ?? []),
  });
}
