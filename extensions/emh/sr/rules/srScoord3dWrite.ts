/**
 * A lesion measured in a reformat is written in patient coordinates: each axis a SCOORD3D
 * POLYLINE (PS3.3 C.18.9) of its two ends in mm, in the frame of reference of the series
 * measured. TID 320 allows the SCOORD3D or an image, not both: the image nearest the
 * measurement's centre (its reference) is in the report's evidence and image library, and a
 * reader finds it again from the points.
 */

import type { LesionAxesAnnotation } from '../../inventory/rules/annotationTypes';
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
