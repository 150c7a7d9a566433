/**
 * A translation between two studies of one patient taken on different days: where study A's
 * anatomy lies in study B's patient coordinates (b = a + translation). Different visits have
 * different frames of reference; the table, not the patient, moved, so ImagePositionPatient
 * differences say nothing about anatomy. This finds the shift from the images themselves,
 * cheaply:
 * - along the slice normal, by cross-correlating the two series' profiles of mean intensity
 *   per slice (each slice's mean follows the anatomy: lungs, liver, pelvis), resampled to a
 *   fine grid so shifts between slice positions are found too;
 * - in the plane, from the centroid of the body (pixels above the series' mean) on slices
 *   that the z shift pairs.
 * Pure: no DOM, no Cornerstone.
 */
import { dot, scale, subtract, add, type Vec3 } from './vec3';

export interface SliceSample {
  /** ImagePositionPatient of the slice. */
  readonly position: Vec3;
  /** Mean pixel value of the slice (any unit, as long as one series uses one). */
  readonly mean: number;
  /** Centroid of the body on the slice, patient mm; null when the slice is empty. */
  readonly bodyCentroid: Vec3 | null;
}

export interface SeriesSamples {
  /** Unit normal of the slices (row x column direction); both series must share it. */
  readonly normal: Vec3;
  readonly slices: readonly SliceSample[];
}

export interface Registration {
  readonly translation: Vec3;
  /** Normalised cross-correlation at the shift found, -1..1. */
  readonly score: number;
}

const STEP_MM = 0.25;
/** At least this share of the shorter series must overlap for a shift to count. */
const MIN_OVERLAP = 0.4;

interface Profile {
  readonly start: number;
  readonly values: Float64Array;
}

/** Mean per slice along the normal, linearly interpolated every STEP_MM. */
function profileOf(series: SeriesSamples): Profile | null {
  const points = series.slices.map((s) => ({ z: dot(s.position, series.normal), mean: s.mean })).sort((a, b) => a.z - b.z);
  if (points.length < 3) return null;
  const start = points[0].z;
  const count = Math.floor((points[points.length - 1].z - start) / STEP_MM) + 1;
  const values = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < count; i += 1) {
    const z = start + i * STEP_MM;
    while (j < points.length - 2 && points[j + 1].z < z) j += 1;
    const a = points[j];
    const b = points[j + 1];
    const t = b.z > a.z ? Math.min(1, Math.max(0, (z - a.z) / (b.z - a.z))) : 0;
    values[i] = a.mean + t * (b.mean - a.mean);
  }
  return { start, values };
}

/**
 * Normalised cross-correlation of A with B, A's sample i against B's sample i + offset, over
 * their overlap; null when the overlap is too small to mean anything.
 */
function correlationAt(a: Profile, b: Profile, offset: number, minCount: number): number | null {
  const from = Math.max(0, -offset);
  const to = Math.min(a.values.length, b.values.length - offset);
  const n = to - from;
  if (n < minCount) return null;
  let sa = 0;
  let sb = 0;
  for (let i = from; i < to; i += 1) {
    sa += a.values[i];
    sb += b.values[i + offset];
  }
  const ma = sa / n;
  const mb = sb / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = from; i < to; i += 1) {
    const da = a.values[i] - ma;
    const db = b.values[i + offset] - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : null;
}

/** The shift s along the normal (mm) with B(z + s) most like A(z). */
export function shiftAlongNormal(a: SeriesSamples, b: SeriesSamples): { shiftMm: number; score: number } | null {
  const pa = profileOf(a);
  const pb = profileOf(b);
  if (!pa || !pb) return null;
  const minCount = Math.max(2, Math.floor(Math.min(pa.values.length, pb.values.length) * MIN_OVERLAP));
  let best: { offset: number; score: number } | null = null;
  const scores = new Map<number, number>();
  for (let offset = -pa.values.length; offset <= pb.values.length; offset += 1) {
    const score = correlationAt(pa, pb, offset, minCount);
    if (score === null) continue;
    scores.set(offset, score);
    if (!best || score > best.score) best = { offset, score };
  }
  if (!best) return null;
  // A parabola through the best and its neighbours places the peak between samples.
  const left = scores.get(best.offset - 1);
  const right = scores.get(best.offset + 1);
  let refined = best.offset;
  if (left !== undefined && right !== undefined) {
    const curvature = left - 2 * best.score + right;
    if (curvature < 0) refined += (0.5 * (left - right)) / curvature;
  }
  // A's sample i is at a.start + i*STEP; B's sample i + offset at b.start + (i + offset)*STEP.
  return { shiftMm: pb.start - pa.start + refined * STEP_MM, score: best.score };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The translation taking A's patient coordinates to B's, or null when the series do not share
 * a slice orientation or overlap too little to tell.
 */
export function registerStudies(a: SeriesSamples, b: SeriesSamples): Registration | null {
  if (Math.abs(dot(a.normal, b.normal)) < 0.99) return null;
  const along = shiftAlongNormal(a, b);
  if (!along) return null;
  const normal = a.normal;
  // In the plane: body centroids of slices the shift pairs (B's nearest slice within 1/2 spacing).
  const bSlices = b.slices
    .filter((s) => s.bodyCentroid !== null)
    .map((s) => ({ z: dot(s.position, normal), centroid: s.bodyCentroid as Vec3 }));
  const spacing = medianSpacing(b.slices.map((s) => dot(s.position, normal)));
  const diffs: Vec3[] = [];
  for (const slice of a.slices) {
    if (!slice.bodyCentroid) continue;
    const target = dot(slice.position, normal) + along.shiftMm;
    let nearest: { z: number; centroid: Vec3 } | null = null;
    for (const s of bSlices) if (!nearest || Math.abs(s.z - target) < Math.abs(nearest.z - target)) nearest = s;
    if (!nearest || Math.abs(nearest.z - target) > spacing / 2 + 1e-6) continue;
    const d = subtract(nearest.centroid, slice.bodyCentroid);
    diffs.push(subtract(d, scale(normal, dot(d, normal))));
  }
  const inPlane: Vec3 =
    diffs.length > 0 ? [median(diffs.map((d) => d[0])), median(diffs.map((d) => d[1])), median(diffs.map((d) => d[2]))] : [0, 0, 0];
  return { translation: add(scale(normal, along.shiftMm), inPlane), score: along.score };
}

function medianSpacing(positions: number[]): number {
  const sorted = [...positions].sort((x, y) => x - y);
  const gaps = sorted
    .slice(1)
    .map((z, i) => z - sorted[i])
    .filter((g) => g > 1e-6);
  return gaps.length > 0 ? median(gaps) : Infinity;
}
