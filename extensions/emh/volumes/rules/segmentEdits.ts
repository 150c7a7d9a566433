/**
 * Changes to a segment on its grid, one slice at a time: the brush and eraser (a disc on a
 * slice), a drawn region on some slices (with the slices between interpolated), and the method
 * a segment has after a change. Pure: masks and grids in, masks out.
 */
import { brushDisc, type SlicePoint } from './brushDisc';
import type { CompactMask } from './compactMask';
import { fillPolygon } from './polygonFill';
import { interpolateSlices } from './sliceInterpolation';
import type { SegmentMethodName } from './segmentStore';
import type { GridSize, SegmentMask } from './voxelGrid';

/** Paints (or erases) discs centred on `centres` on one slice, in place; returns the voxels changed. */
export function paintDiscs(
  mask: SegmentMask,
  dims: GridSize,
  slice: number,
  centres: readonly SlicePoint[],
  radiusMm: number,
  pixelMm: readonly [number, number],
  erase: boolean,
): number {
  const [columns, rows, slices] = dims;
  if (!Number.isInteger(slice) || slice < 0 || slice >= slices) throw new Error(`Slice ${slice} is not one of the ${slices} slices`);
  const start = slice * columns * rows;
  const value = erase ? 0 : 1;
  let changed = 0;
  for (const centre of centres) {
    for (const offset of brushDisc(centre, radiusMm, pixelMm, columns, rows)) {
      if (mask[start + offset] !== value) {
        mask[start + offset] = value;
        changed += 1;
      }
    }
  }
  return changed;
}

/**
 * Points along a stroke no further apart than a quarter of the brush, so a fast drag leaves no
 * gaps; each on the pixel centre nearest to it (the brush is pixel-exact on the image grid).
 */
export function strokeCentres(path: readonly SlicePoint[], radiusMm: number, pixelMm: readonly [number, number]): SlicePoint[] {
  const step = Math.max(0.5, radiusMm / 4 / Math.max(pixelMm[0], pixelMm[1]));
  const centres: SlicePoint[] = [];
  const push = (p: SlicePoint): void => {
    const c: SlicePoint = [Math.round(p[0]), Math.round(p[1])];
    const last = centres[centres.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) centres.push(c);
  };
  path.forEach((point, k) => {
    const previous = path[k - 1];
    if (previous) {
      const length = Math.hypot(point[0] - previous[0], point[1] - previous[1]);
      const parts = Math.ceil(length / step);
      for (let part = 1; part < parts; part += 1)
        push([previous[0] + ((point[0] - previous[0]) * part) / parts, previous[1] + ((point[1] - previous[1]) * part) / parts]);
    }
    push(point);
  });
  return centres;
}

export interface DrawnSlice {
  /** 0-based place of the slice in the stack. */
  readonly slice: number;
  readonly polygon: readonly SlicePoint[];
}

/**
 * The region drawn on one or more slices as a mask of the grid: each polygon filled on its
 * slice, and the slices between two drawn ones (in stack order) interpolated from their shapes.
 */
export function drawnRegion(dims: GridSize, drawn: readonly DrawnSlice[]): SegmentMask {
  if (drawn.length === 0) throw new Error('Draw a region on at least one slice');
  const [columns, rows, slices] = dims;
  const plane = columns * rows;
  const region = new Uint8Array(plane * slices);
  const sorted = [...drawn].sort((a, b) => a.slice - b.slice);
  sorted.forEach((d, k) => {
    if (!Number.isInteger(d.slice) || d.slice < 0 || d.slice >= slices)
      throw new Error(`Slice ${d.slice} is not one of the ${slices} slices`);
    if (k > 0 && sorted[k - 1]!.slice === d.slice) throw new Error('Two regions are drawn on one slice: draw one per slice');
    const filled = fillPolygon(d.polygon, columns, rows);
    if (!filled.some((v) => v !== 0)) throw new Error(`The region drawn on slice ${d.slice + 1} holds no pixel centre`);
    region.set(filled, d.slice * plane);
  });
  let result: SegmentMask = region;
  for (let k = 0; k + 1 < sorted.length; k += 1) result = interpolateSlices(result, dims, sorted[k]!.slice, sorted[k + 1]!.slice);
  return result;
}

/** The method once the reader has corrected a segment by hand. */
export function methodAfterEdit(before: SegmentMethodName | null): SegmentMethodName {
  return before === null || before === 'painted' ? 'painted' : 'edited';
}

/** The pixel offsets of one slice of a mask that hold the segment (for the display and tests). */
export function slicePixels(mask: SegmentMask, dims: GridSize, slice: number): number[] {
  const plane = dims[0] * dims[1];
  const pixels: number[] = [];
  for (let k = 0; k < plane; k += 1) if (mask[slice * plane + k] !== 0) pixels.push(k);
  return pixels;
}

/**
 * One slice of a compact segment without expanding the whole grid: the box's columns and rows
 * on that slice, one byte per pixel; null when the slice holds none of the segment's box.
 */
export function compactSlice(
  mask: CompactMask,
  slice: number,
): { column: number; row: number; width: number; height: number; pixels: Uint8Array } | null {
  const { origin, size, bits } = mask;
  const z = slice - origin[2];
  if (z < 0 || z >= size[2] || size[0] === 0) return null;
  const [width, height] = [size[0], size[1]];
  const pixels = new Uint8Array(width * height);
  let bit = z * width * height;
  let any = false;
  for (let k = 0; k < width * height; k += 1, bit += 1) {
    if ((bits[bit >> 3]! >> (bit & 7)) & 1) {
      pixels[k] = 1;
      any = true;
    }
  }
  return any ? { column: origin[0], row: origin[1], width, height, pixels } : null;
}
