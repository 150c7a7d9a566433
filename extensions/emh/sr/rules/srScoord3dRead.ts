/**
 * A SCOORD3D measurement that lies on no acquired slice (made in a reformat, such as a sagittal
 * view of an axial series) comes back in patient mm with the plane its axes span.
 */

import type { Segment } from '../../lesions/rules/lesionMeasurement';
import { planeOfAxes, type MeasurementPlane, type Vec3 } from '../../lesions/rules/measurementPlane';
import type { AxesPoints } from '../../lesions/rules/lesionMeasurement';

/** A SCOORD3D's points in patient mm and their frame of reference. */
export interface WorldOutline {
  readonly frameOfReferenceUID: string;
  readonly points: readonly Vec3[];
  /** Whether the points lie on an acquired image (then also read as that image's SCOORD). */
  readonly onSlice: boolean;
}

export interface WorldAxesRead {
  readonly frameOfReferenceUID: string;
  readonly longAxis: Segment<Vec3>;
  readonly shortAxis: Segment<Vec3>;
}

/**
 * Both axes in patient mm (one frame of reference, two points each) when one of them at least
 * lies on no acquired image; nothing when both lie on images (then read as drawn on an image).
 * A sagittal measurement's anteroposterior axis may lie on an axial slice: the other does not.
 */
export function worldAxesOf(
  long: { readonly world?: WorldOutline } | null,
  short: { readonly world?: WorldOutline } | null,
): { world?: WorldAxesRead } {
  const [a, b] = [long?.world, short?.world];
  if (!a || !b || a.frameOfReferenceUID !== b.frameOfReferenceUID || a.points.length !== 2 || b.points.length !== 2) return {};
  if (a.onSlice && b.onSlice) return {};
  return {
    world: {
      frameOfReferenceUID: a.frameOfReferenceUID,
      longAxis: [a.points[0] as Vec3, a.points[1] as Vec3],
      shortAxis: [b.points[0] as Vec3, b.points[1] as Vec3],
    },
  };
}

/** The inventory's axes (patient mm) and plane of a reformat's measurement read back. */
export function worldAxesRestored(world: WorldAxesRead): { axes: AxesPoints; plane: MeasurementPlane } {
  const { longAxis, shortAxis, frameOfReferenceUID } = world;
  return { axes: { space: 'mm', longAxis, shortAxis }, plane: planeOfAxes(longAxis, shortAxis, frameOfReferenceUID) };
}

/** A SCOORD3D that can be an axis of a reformat's measurement: a POLYLINE of two points. */
export function isWorldAxis(node: { readonly graphicType: string | null; readonly graphicData: readonly number[] }): boolean {
  return node.graphicType === 'POLYLINE' && node.graphicData.length === 6;
}

/** A SCOORD3D that can be the outline of a reformat's ROI: an ELLIPSE of four points. */
export function isWorldEllipse(node: { readonly graphicType: string | null; readonly graphicData: readonly number[] }): boolean {
  return node.graphicType === 'ELLIPSE' && node.graphicData.length === 12;
}

/** A reformat's ROI read back: its four axis ends in patient mm (major axis first) and frame of reference. */
export interface WorldEllipseRead {
  readonly frameOfReferenceUID: string;
  readonly points: readonly [Vec3, Vec3, Vec3, Vec3];
}

/** The ellipse in patient mm when it lies on no acquired image; nothing when it does (then read as drawn on it). */
export function worldEllipseOf(outline: { readonly world?: WorldOutline } | null): { worldEllipse?: WorldEllipseRead } {
  const world = outline?.world;
  if (!world || world.onSlice || world.points.length !== 4) return {};
  const [a, b, c, d] = world.points as [Vec3, Vec3, Vec3, Vec3];
  return { worldEllipse: { frameOfReferenceUID: world.frameOfReferenceUID, points: [a, b, c, d] } };
}

/** The plane of a reformat's ROI read back: the one its two axes span. */
export function worldEllipsePlane(ellipse: WorldEllipseRead): MeasurementPlane {
  const [a, b, c, d] = ellipse.points;
  return planeOfAxes([a, b], [c, d], ellipse.frameOfReferenceUID);
}
