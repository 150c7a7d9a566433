/**
 * A measurement made in a reformat (an MPR view) lies in a plane of its own, not on an acquired
 * image. It is kept in patient coordinates (mm) with the plane it was made in, so it can be
 * shown again in that plane, written as SCOORD3D and navigated to. Pure: no Cornerstone.
 */

import type { Segment } from './lesionMeasurement';

export type Vec3 = readonly [number, number, number];

export type PlaneName = 'axial' | 'sagittal' | 'coronal' | 'oblique';

/** Where a measurement in patient coordinates was made. */
export interface MeasurementPlane {
  /** FrameOfReferenceUID (0020,0052) of the series measured: the points' coordinate system. */
  readonly frameOfReferenceUID: string;
  readonly name: PlaneName;
  /** Unit vector the view looked along (Cornerstone's camera normal for the named planes). */
  readonly viewPlaneNormal: Vec3;
  /** Unit vector pointing up on the screen in that view. */
  readonly viewUp: Vec3;
}

/**
 * The camera of each named reformat, as Cornerstone's MPR views have it: a measurement in the
 * sagittal plane gets the sagittal view's normal, so that view shows it.
 */
export const NAMED_PLANES: Readonly<Record<Exclude<PlaneName, 'oblique'>, { normal: Vec3; up: Vec3 }>> = {
  axial: { normal: [0, 0, -1], up: [0, -1, 0] },
  sagittal: { normal: [1, 0, 0], up: [0, 0, 1] },
  coronal: { normal: [0, -1, 0], up: [0, 0, 1] },
};

/** A plane within this angle of a named one takes its name (and exactly its camera). */
export const NAMED_PLANE_TOLERANCE_DEG = 1;

/** The short axis must be within this angle of perpendicular to the long one (RECIST). */
export const PERPENDICULAR_TOLERANCE_DEG = 10;

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
const unit = (a: Vec3): Vec3 => scale(a, 1 / norm(a));

function isPoint3(value: unknown): value is Vec3 {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Why two axes in patient mm cannot be a lesion measurement, or null when they can. */
export function worldAxesRefusal(longAxis: Segment<Vec3>, shortAxis: Segment<Vec3>): string | null {
  if (![...longAxis, ...shortAxis].every(isPoint3)) return 'Every axis end must be three finite numbers [x, y, z] in mm';
  const long = sub(longAxis[1], longAxis[0]);
  const short = sub(shortAxis[1], shortAxis[0]);
  if (norm(long) < 0.1 || norm(short) < 0.1) return 'An axis is shorter than 0.1 mm: its two ends are the same point';
  const cosine = Math.abs(dot(long, short)) / (norm(long) * norm(short));
  const angle = (Math.acos(Math.min(1, cosine)) * 180) / Math.PI;
  if (angle < 90 - PERPENDICULAR_TOLERANCE_DEG) {
    return `The short axis must be perpendicular to the long axis (within ${PERPENDICULAR_TOLERANCE_DEG} degrees); they meet at ${angle.toFixed(1)} degrees`;
  }
  return null;
}

/** The named plane a normal lies within NAMED_PLANE_TOLERANCE_DEG of, else oblique. */
export function planeNameOf(normal: Vec3): PlaneName {
  const n = unit(normal);
  const limit = Math.cos((NAMED_PLANE_TOLERANCE_DEG * Math.PI) / 180);
  for (const name of ['axial', 'sagittal', 'coronal'] as const) {
    if (Math.abs(dot(n, NAMED_PLANES[name].normal)) >= limit) return name;
  }
  return 'oblique';
}

/**
 * The plane two axes span: normal = long x short, turned to face as the named view does (a
 * named plane takes its view's camera exactly, so that view shows the measurement). An oblique
 * plane keeps its own normal, its up the patient's head (or anterior for a near-axial plane)
 * projected on it.
 */
export function planeOfAxes(longAxis: Segment<Vec3>, shortAxis: Segment<Vec3>, frameOfReferenceUID: string): MeasurementPlane {
  const normal = unit(cross(sub(longAxis[1], longAxis[0]), sub(shortAxis[1], shortAxis[0])));
  const name = planeNameOf(normal);
  if (name !== 'oblique') {
    const { normal: viewPlaneNormal, up } = NAMED_PLANES[name];
    return { frameOfReferenceUID, name, viewPlaneNormal, viewUp: up };
  }
  const head: Vec3 = Math.abs(normal[2]) > 0.9 ? [0, -1, 0] : [0, 0, 1];
  const viewUp = unit(sub(head, scale(normal, dot(head, normal))));
  return { frameOfReferenceUID, name, viewPlaneNormal: normal, viewUp };
}

/** The centre of a measurement: the mean of its points. */
export function centreOf(points: readonly Vec3[]): Vec3 {
  const sum = points.reduce<Vec3>((acc, p) => add(acc, p), [0, 0, 0]);
  return scale(sum, 1 / points.length);
}

/** The greatest distance of the points from the plane through `origin` with this normal (mm). */
export function offPlaneMm(points: readonly Vec3[], normal: Vec3, origin: Vec3): number {
  const n = unit(normal);
  return Math.max(...points.map((p) => Math.abs(dot(sub(p, origin), n))));
}

/**
 * Where a segment crosses a plane (through `origin`, with this normal); null when it does not
 * reach it or lies in it. A measurement seen from another view is marked there.
 */
export function segmentCrossing(segment: Segment<Vec3>, normal: Vec3, origin: Vec3): Vec3 | null {
  const [a, b] = segment;
  const da = dot(sub(a, origin), normal);
  const db = dot(sub(b, origin), normal);
  if (da === db || da * db > 0) return null;
  const t = da / (da - db);
  return add(a, scale(sub(b, a), t));
}

/**
 * The slice nearest a point, among slices given by their position along their normal (mm):
 * the index of that slice, or -1 without slices. A reformat's measurement keeps this image as
 * its reference (go to image, the SR's image library, time points, the patient check).
 */
export function nearestSlice(positions: readonly number[], normal: Vec3, point: Vec3): number {
  const along = dot(point, unit(normal));
  let best = -1;
  for (let i = 0; i < positions.length; i += 1) {
    if (best < 0 || Math.abs((positions[i] as number) - along) < Math.abs((positions[best] as number) - along)) best = i;
  }
  return best;
}

/** Whether a stored value is a plane as this module writes it (records of older builds have none). */
export function isMeasurementPlane(value: unknown): value is MeasurementPlane {
  const v = value as MeasurementPlane | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.frameOfReferenceUID === 'string' &&
    v.frameOfReferenceUID !== '' &&
    ['axial', 'sagittal', 'coronal', 'oblique'].includes(v.name) &&
    isPoint3(v.viewPlaneNormal) &&
    isPoint3(v.viewUp) &&
    Math.abs(norm(v.viewPlaneNormal) - 1) < 1e-3
  );
}
