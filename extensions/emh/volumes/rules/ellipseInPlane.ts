/**
 * An ellipse drawn in any plane of a series' volume (a reformat ROI), measured on the series'
 * own voxels: the voxels whose centre lies within half a voxel of the ellipse's plane and whose
 * projection on that plane falls inside the ellipse (centre inside or on the edge). Nearest-voxel
 * sampling, no interpolation: in the plane of an acquired slice, through that slice, it takes
 * the same pixels as an ellipse drawn on the image, and so the same mean.
 */

import { add, cross, dot, norm, scale, sub, type MeasurementPlane, type Vec3 } from '../../lesions/rules/measurementPlane';
import type { ScalarVolume } from './voxelGrid';

/** Where the grid lies in patient mm: voxel [c, r, s] = origin + c x columnStep + r x rowStep + s x sliceStep. */
export interface GridPlacement {
  /** Centre of voxel [0, 0, 0] (the first slice's ImagePositionPatient). */
  readonly origin: Vec3;
  /** From one column to the next (ImageOrientationPatient's row direction x column spacing). */
  readonly columnStep: Vec3;
  /** From one row to the next. */
  readonly rowStep: Vec3;
  /** From one slice to the next, in the stack's order. */
  readonly sliceStep: Vec3;
}

/** An ellipse in patient mm: its centre and its two half-axes (perpendicular vectors). */
export interface WorldEllipse {
  readonly centre: Vec3;
  readonly axes: readonly [Vec3, Vec3];
}

export interface EllipseSample {
  readonly mean: number;
  /** Population standard deviation, as Cornerstone's ROI statistics. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly pixelCount: number;
  /** The ellipse's own area, pi x a x b, as Cornerstone reports an ellipse's. */
  readonly areaMm2: number;
}

/** The inverse of a 3 x 3 matrix given by its columns; null when singular. */
function inverseOfColumns(a: Vec3, b: Vec3, c: Vec3): [Vec3, Vec3, Vec3] | null {
  const det = dot(a, cross(b, c));
  if (Math.abs(det) < 1e-12) return null;
  // Rows of the inverse: (b x c, c x a, a x b) / det.
  return [scale(cross(b, c), 1 / det), scale(cross(c, a), 1 / det), scale(cross(a, b), 1 / det)];
}

/** Fractional voxel index of a patient point. */
export function voxelIndexOf(grid: GridPlacement, point: Vec3): Vec3 {
  const inverse = inverseOfColumns(grid.columnStep, grid.rowStep, grid.sliceStep);
  if (!inverse) throw new Error('The grid has no volume: its steps are not independent');
  const d = sub(point, grid.origin);
  return [dot(inverse[0], d), dot(inverse[1], d), dot(inverse[2], d)];
}

/** The voxels of the ellipse and their statistics; throws when it holds no voxel. */
export function sampleEllipse(volume: ScalarVolume, grid: GridPlacement, ellipse: WorldEllipse): EllipseSample {
  const [a, bGiven] = ellipse.axes;
  const lengthA = norm(a);
  if (lengthA === 0 || norm(bGiven) === 0) throw new Error('The ellipse has a half-axis of length 0');
  const unitA = scale(a, 1 / lengthA);
  // Only the part of the second axis perpendicular to the first spans the plane.
  const b = sub(bGiven, scale(unitA, dot(bGiven, unitA)));
  const lengthB = norm(b);
  if (lengthB === 0) throw new Error('The two half-axes are parallel: they span no plane');
  const unitB = scale(b, 1 / lengthB);
  const normal = cross(unitA, unitB);
  // Half a voxel along the plane's normal: the voxel's own extent that way.
  const halfThickness =
    (Math.abs(dot(normal, grid.columnStep)) + Math.abs(dot(normal, grid.rowStep)) + Math.abs(dot(normal, grid.sliceStep))) / 2;
  const corners = [add(a, b), sub(a, b), sub(scale(a, -1), b), sub(b, a)].map((v) => voxelIndexOf(grid, add(ellipse.centre, v)));
  const [columns, rows, slices] = volume.dims;
  const bounds = [0, 1, 2].map((axis) => {
    const values = corners.map((c) => c[axis] as number);
    const limit = [columns, rows, slices][axis] as number;
    return [Math.max(0, Math.floor(Math.min(...values)) - 1), Math.min(limit - 1, Math.ceil(Math.max(...values)) + 1)] as const;
  }) as [readonly [number, number], readonly [number, number], readonly [number, number]];
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let s = bounds[2][0]; s <= bounds[2][1]; s += 1) {
    for (let r = bounds[1][0]; r <= bounds[1][1]; r += 1) {
      for (let c = bounds[0][0]; c <= bounds[0][1]; c += 1) {
        const centre = add(add(add(grid.origin, scale(grid.columnStep, c)), scale(grid.rowStep, r)), scale(grid.sliceStep, s));
        const d = sub(centre, ellipse.centre);
        const off = dot(d, normal);
        // Half-open, so a plane halfway between two slices takes one of them, not both.
        if (off < -halfThickness - 1e-9 || off >= halfThickness - 1e-9) continue;
        const u = dot(d, unitA) / lengthA;
        const v = dot(d, unitB) / lengthB;
        if (u * u + v * v > 1 + 1e-9) continue;
        const value = volume.scalars[c + columns * (r + rows * s)] as number;
        count += 1;
        sum += value;
        sumSquares += value * value;
        if (value < min) min = value;
        if (value > max) max = value;
      }
    }
  }
  if (count === 0) throw new Error('The ellipse holds no voxel of the series (it is smaller than a voxel or outside the volume)');
  const mean = sum / count;
  return {
    mean,
    sd: Math.sqrt(Math.max(0, sumSquares / count - mean * mean)),
    min,
    max,
    pixelCount: count,
    areaMm2: Math.PI * lengthA * lengthB,
  };
}

/**
 * The four ends in the order Cornerstone's ellipse keeps them (bottom, top, left, right in its
 * view): the half-axis nearer the view's up first, so a view of the plane draws it as given.
 */
export function ellipseHandlesInView(ellipse: WorldEllipse, plane: Pick<MeasurementPlane, 'viewUp' | 'viewPlaneNormal'>): Vec3[] {
  const up = plane.viewUp;
  const right = cross(up, plane.viewPlaneNormal);
  const [a, b] = ellipse.axes;
  const vertical = Math.abs(dot(a, up)) / norm(a) >= Math.abs(dot(b, up)) / norm(b) ? a : b;
  const horizontal = vertical === a ? b : a;
  const v = dot(vertical, up) >= 0 ? vertical : scale(vertical, -1);
  const h = dot(horizontal, right) >= 0 ? horizontal : scale(horizontal, -1);
  const { centre } = ellipse;
  return [sub(centre, v), add(centre, v), sub(centre, h), add(centre, h)];
}

/** The ellipse of four axis ends (one axis's two ends, then the other's). */
export function ellipseOfEnds([a, b, c, d]: readonly [Vec3, Vec3, Vec3, Vec3]): WorldEllipse {
  const centre = scale(add(add(a, b), add(c, d)), 1 / 4);
  return { centre, axes: [scale(sub(b, a), 1 / 2), scale(sub(d, c), 1 / 2)] };
}

/**
 * Where an ellipse's outline crosses a plane (through `origin`, normal `normal`): the two ends
 * of the chord the plane cuts, one point where it touches, none where it misses or when the
 * ellipse lies in the plane.
 */
export function ellipseCrossings(ellipse: WorldEllipse, normal: Vec3, origin: Vec3): Vec3[] {
  const [a, b] = ellipse.axes;
  // Points of the outline: centre + a cos t + b sin t; on the plane where A cos t + B sin t + C = 0.
  const A = dot(a, normal);
  const B = dot(b, normal);
  const C = dot(sub(ellipse.centre, origin), normal);
  const R = Math.hypot(A, B);
  if (R < 1e-9 || Math.abs(C) > R) return [];
  const phase = Math.atan2(B, A);
  const spread = Math.acos(Math.min(1, -C / R));
  const at = (t: number): Vec3 => add(ellipse.centre, add(scale(a, Math.cos(t)), scale(b, Math.sin(t))));
  return spread < 1e-9 ? [at(phase)] : [at(phase + spread), at(phase - spread)];
}
