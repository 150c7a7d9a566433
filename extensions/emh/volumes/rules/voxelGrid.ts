/**
 * The voxel grid a segmentation lives on: a stack of equally spaced slices of one series, read
 * as one block of values. Index of voxel [column, row, slice] = column + columns x (row + rows
 * x slice), slice 0 being the first slice in the stack's order.
 */

/** [columns, rows, slices]. */
export type GridSize = readonly [number, number, number];

/** [column, row, slice], all 0-based. */
export type VoxelIndex = readonly [number, number, number];

/** [low, high], both included (HU on CT). */
export type ValueRange = readonly [number, number];

/** The values of a stack of slices (HU on CT, signal on MR). */
export interface ScalarVolume {
  readonly dims: GridSize;
  readonly scalars: ArrayLike<number>;
}

/** One byte per voxel: 1 inside the segment, 0 outside. */
export type SegmentMask = Uint8Array;

export function voxelCount(dims: GridSize): number {
  return dims[0] * dims[1] * dims[2];
}

export function voxelOffset(dims: GridSize, [column, row, slice]: VoxelIndex): number {
  return column + dims[0] * (row + dims[1] * slice);
}

export function isOnGrid(dims: GridSize, [column, row, slice]: VoxelIndex): boolean {
  return (
    Number.isInteger(column) &&
    Number.isInteger(row) &&
    Number.isInteger(slice) &&
    column >= 0 &&
    row >= 0 &&
    slice >= 0 &&
    column < dims[0] &&
    row < dims[1] &&
    slice < dims[2]
  );
}

/** Throws unless the grid is whole and positive and the values (and a mask, if given) fill it. */
export function assertGrid(dims: GridSize, length: number, what: string): void {
  if (!dims.every((size) => Number.isInteger(size) && size > 0))
    throw new Error(`The grid size [${dims.join(', ')}] is not a whole positive size`);
  if (length !== voxelCount(dims)) {
    throw new Error(`${what} has ${length} values; the grid [${dims.join(', ')}] has ${voxelCount(dims)} voxels`);
  }
}

export function assertRange(range: ValueRange): void {
  if (!Number.isFinite(range[0]) || !Number.isFinite(range[1]) || range[0] > range[1]) {
    throw new Error(`The range [${range[0]}, ${range[1]}] is not a range: low must be a number at most high`);
  }
}
