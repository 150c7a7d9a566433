/**
 * Filling the slices between two edited slices, so a reader who corrects the segment on every
 * few slices with the brush does not have to paint the ones between.
 *
 * Shape-based interpolation: each end slice's mask becomes a signed distance map (negative
 * inside, positive outside, the boundary halfway between an inside and an outside pixel); a
 * slice between takes the distances linearly weighted by how near it is to each end, and is
 * inside where the result is below zero. Two discs of radius 10 and 20 give discs of radius
 * near 12.5, 15 and 17.5 at a quarter, half and three quarters of the way; an unchanged
 * outline gives the same outline on every slice between. Outlines that do not overlap at all
 * leave the slices between empty (every pixel is outside both, so its weighted distance stays
 * positive): the reader edits slices close enough that the outline overlaps from one to the next.
 */
import { assertGrid, type GridSize, type SegmentMask } from './voxelGrid';

/** Squared Euclidean distance transform of one line (Felzenszwalb and Huttenlocher), in place. */
function distanceLine(values: Float64Array, length: number, hull: Int32Array, cuts: Float64Array, out: Float64Array): void {
  let k = 0;
  hull[0] = 0;
  cuts[0] = Number.NEGATIVE_INFINITY;
  cuts[1] = Number.POSITIVE_INFINITY;
  for (let q = 1; q < length; q += 1) {
    if (values[q] === Number.POSITIVE_INFINITY) continue;
    if (values[hull[k]] === Number.POSITIVE_INFINITY) {
      hull[k] = q;
      continue;
    }
    let s = (values[q] + q * q - (values[hull[k]] + hull[k] * hull[k])) / (2 * q - 2 * hull[k]);
    while (s <= cuts[k]) {
      k -= 1;
      s = (values[q] + q * q - (values[hull[k]] + hull[k] * hull[k])) / (2 * q - 2 * hull[k]);
    }
    k += 1;
    hull[k] = q;
    cuts[k] = s;
    cuts[k + 1] = Number.POSITIVE_INFINITY;
  }
  k = 0;
  for (let q = 0; q < length; q += 1) {
    while (cuts[k + 1] < q) k += 1;
    const from = hull[k];
    out[q] = values[from] === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : (q - from) * (q - from) + values[from];
  }
}

/** Distance from every pixel to the nearest pixel where `isTarget` holds (0 on those). */
function distanceTo(columns: number, rows: number, isTarget: (index: number) => boolean): Float64Array {
  const size = Math.max(columns, rows);
  const line = new Float64Array(size);
  const out = new Float64Array(size);
  const hull = new Int32Array(size);
  const cuts = new Float64Array(size + 1);
  const squared = new Float64Array(columns * rows);
  for (let index = 0; index < squared.length; index += 1) squared[index] = isTarget(index) ? 0 : Number.POSITIVE_INFINITY;
  for (let column = 0; column < columns; column += 1) {
    for (let row = 0; row < rows; row += 1) line[row] = squared[column + row * columns];
    distanceLine(line, rows, hull, cuts, out);
    for (let row = 0; row < rows; row += 1) squared[column + row * columns] = out[row];
  }
  for (let row = 0; row < rows; row += 1) {
    const start = row * columns;
    for (let column = 0; column < columns; column += 1) line[column] = squared[start + column];
    distanceLine(line, columns, hull, cuts, out);
    for (let column = 0; column < columns; column += 1) squared[start + column] = Math.sqrt(out[column]);
  }
  return squared;
}

/** Signed distance of one slice's outline: -(distance to outside - 1/2) inside, distance to inside - 1/2 outside. */
export function signedDistance(slice: SegmentMask, columns: number, rows: number): Float64Array {
  const toOutside = distanceTo(columns, rows, (index) => slice[index] === 0);
  const toInside = distanceTo(columns, rows, (index) => slice[index] !== 0);
  return toOutside.map((outside, index) => (slice[index] !== 0 ? 0.5 - outside : toInside[index] - 0.5));
}

/**
 * A copy of the mask whose slices strictly between sliceA and sliceB (0-based, either order)
 * are replaced by the shape interpolated from those two. Both must hold a segment: from an
 * empty slice there is no outline to interpolate (the caller clears those slices instead).
 */
export function interpolateSlices(mask: SegmentMask, dims: GridSize, sliceA: number, sliceB: number): SegmentMask {
  assertGrid(dims, mask.length, 'The segment');
  const [columns, rows, slices] = dims;
  for (const slice of [sliceA, sliceB]) {
    if (!Number.isInteger(slice) || slice < 0 || slice >= slices) throw new Error(`Slice ${slice} is not one of the ${slices} slices`);
  }
  const [first, last] = sliceA <= sliceB ? [sliceA, sliceB] : [sliceB, sliceA];
  const plane = columns * rows;
  const planeOf = (slice: number): SegmentMask => mask.subarray(slice * plane, (slice + 1) * plane);
  for (const slice of [first, last]) {
    if (!planeOf(slice).some((value) => value !== 0)) {
      throw new Error(`Slice ${slice} holds no segment: there is no outline to interpolate from`);
    }
  }
  const result = Uint8Array.from(mask);
  if (last - first < 2) return result;
  const distanceFirst = signedDistance(planeOf(first), columns, rows);
  const distanceLast = signedDistance(planeOf(last), columns, rows);
  for (let slice = first + 1; slice < last; slice += 1) {
    const weight = (slice - first) / (last - first);
    const start = slice * plane;
    for (let index = 0; index < plane; index += 1) {
      result[start + index] = (1 - weight) * distanceFirst[index] + weight * distanceLast[index] < 0 ? 1 : 0;
    }
  }
  return result;
}
