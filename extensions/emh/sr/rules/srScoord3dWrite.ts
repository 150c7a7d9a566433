/**
 * A lesion measured in a reformat is written in patient coordinates: each axis a SCOORD3D
 * POLYLINE (PS3.3 C.18.9) of its two ends in mm, in the frame of reference of the series
 * measured. TID 320 allows the SCOORD3D or an image, not both: the image nearest the
 * measurement's centre (its reference) is in the report's evidence and image library, and a
 * reader finds it again from the points.
 */

import type { HuRoiAnnotation, LesionAxesAnnotation, SignalRoiAnnotation } from '../../inventory/rules/annotationTypes';
import { mmSegmentLength, type MmPoint, type Segment } from '../../lesions/rules/lesionMeasurement';
import type { MeasurementPlane } from '../../lesions/rules/measurementPlane';
import { numItem, type ContentItem, type Relationship } from './srContent';
import { MEASUREMENTS, UNITS } from './srCodes';

export function scoord3dItem(
  relationship: Relationship,
  graphicType: 'POINT' | 'POLYLINE' | 'ELLIPSE' | 'MULTIPOINT',
  points: readonly MmPoint[],
  frameOfReferenceUID: string,
): ContentItem {
  return {
    RelationshipType: relationship,
    ValueType: 'SCOORD3D',
    GraphicType: graphicType,
    GraphicData: points.flatMap((p) => [...p]),
    ReferencedFrameOfReferenceUID: frameOfReferenceUID,
  };
}

/** Whether a lesion measurement was made in a reformat (and so is written as SCOORD3D). */
export function isWorldAxes(annotation: LesionAxesAnnotation): annotation is LesionAxesAnnotation & { plane: MeasurementPlane } {
  return annotation.axes.space === 'mm' && annotation.plane !== undefined;
}

/** Long axis then short axis, each in mm with its SCOORD3D; the longer drawn segment is the long axis. */
export function worldAxesItems(annotation: LesionAxesAnnotation & { plane: MeasurementPlane }): ContentItem[] {
  if (annotation.axes.space !== 'mm') return [];
  const { longAxis, shortAxis } = annotation.axes;
  const [long, short]: Segment<MmPoint>[] =
    mmSegmentLength(longAxis) >= mmSegmentLength(shortAxis) ? [longAxis, shortAxis] : [shortAxis, longAxis];
  const { frameOfReferenceUID } = annotation.plane;
  const axis = (concept: typeof MEASUREMENTS.longAxis, segment: Segment<MmPoint>) =>
    numItem('CONTAINS', concept, mmSegmentLength(segment), UNITS.mm, [
      scoord3dItem('INFERRED FROM', 'POLYLINE', segment, frameOfReferenceUID),
    ]);
  return [axis(MEASUREMENTS.longAxis, long as Segment<MmPoint>), axis(MEASUREMENTS.shortAxis, short as Segment<MmPoint>)];
}

/**
 * An ROI drawn in a reformat: a SCOORD3D ELLIPSE of its four axis ends in mm, major axis first
 * (PS3.3 C.18.9), in the frame of reference of the series measured; null for an ROI on an image.
 * Its handles are kept in the record's source (the adapter's), as patient points.
 */
export function worldEllipseItem(annotation: HuRoiAnnotation | SignalRoiAnnotation): ContentItem | null {
  const source = annotation.source as { world?: unknown; points?: unknown } | undefined;
  const points = source?.points;
  if (!annotation.plane || source?.world !== true || !Array.isArray(points) || points.length !== 4) return null;
  if (!points.every((p) => Array.isArray(p) && p.length === 3 && p.every((v) => typeof v === 'number' && Number.isFinite(v)))) return null;
  const [a, b, c, d] = points as MmPoint[] as [MmPoint, MmPoint, MmPoint, MmPoint];
  const majorFirst = mmSegmentLength([a, b]) >= mmSegmentLength([c, d]) ? [a, b, c, d] : [c, d, a, b];
  return scoord3dItem('INFERRED FROM', 'ELLIPSE', majorFirst, annotation.plane.frameOfReferenceUID);
}
