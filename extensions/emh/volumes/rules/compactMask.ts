/**
 * A segment kept small: the box around its voxels and one bit per voxel of that box. A whole CT
 * grid is tens of millions of bytes while a lesion is a few thousand voxels; the store holds
 * segments for every open patient and the autosave writes them, so the full-grid mask is made
 * only when something needs it (the SEG, a mean) and dropped after.
 */
import { assertGrid, type GridSize, type SegmentMask } from './voxelGrid';

export interface CompactMask {
  /** The grid the segment lives on, [columns, rows, slices]. */
  readonly dims: GridSize;
  /** The box's first voxel [column, row, slice]; [0, 0, 0] with size [0, 0, 0] for an empty segment. */
  readonly origin: GridSize;
  readonly size: GridSize;
  /** One bit per voxel of the box, column fastest, then row, then slice; first voxel in the lowest bit. */
  readonly bits: Uint8Array;
}

export function compactMask(mask: SegmentMask, dims: GridSize): CompactMask {
  assertGrid(dims, mask.length, 'The segment');
  const [columns, rows] = dims;
  const low = [Infinity, Infinity, Infinity];
  const high = [-1, -1, -1];
  for (let offset = 0; offset < mask.length; offset += 1) {
    if (mask[offset] === 0) continue;
    const column = offset % columns;
    const row = Math.floor(offset / columns) % rows;
    const slice = Math.floor(offset / (columns * rows));
    const at = [column, row, slice];
    for (let axis = 0; axis < 3; axis += 1) {
      low[axis] = Math.min(low[axis]!, at[axis]!);
      high[axis] = Math.max(high[axis]!, at[axis]!);
    }
  }
  if (high[0] === -1) return { dims, origin: [0, 0, 0], size: [0, 0, 0], bits: new Uint8Array(0) };
  const origin: GridSize = [low[0]!, low[1]!, low[2]!];
  const size: GridSize = [high[0]! - low[0]! + 1, high[1]! - low[1]! + 1, high[2]! - low[2]! + 1];
  const bits = new Uint8Array(Math.ceil((size[0] * size[1] * size[2]) / 8));
  let bit = 0;
  for (let slice = 0; slice < size[2]; slice += 1) {
    for (let row = 0; row < size[1]; row += 1) {
      const start = origin[0] + columns * (origin[1] + row + rows * (origin[2] + slice));
      for (let column = 0; column < size[0]; column += 1, bit += 1) {
        if (mask[start + column] !== 0) bits[bit >> 3]! |= 1 << (bit & 7);
      }
    }
  }
  return { dims, origin, size, bits };
}

/** The full-grid mask again, one byte per voxel. */
export function expandMask(compact: CompactMask): SegmentMask {
  const { dims, origin, size, bits } = compact;
  const [columns, rows, slices] = dims;
  const mask = new Uint8Array(columns * rows * slices);
  let bit = 0;
  for (let slice = 0; slice < size[2]; slice += 1) {
    for (let row = 0; row < size[1]; row += 1) {
      const start = origin[0] + columns * (origin[1] + row + rows * (origin[2] + slice));
      for (let column = 0; column < size[0]; column += 1, bit += 1) {
        if ((bits[bit >> 3]! >> (bit & 7)) & 1) mask[start + column] = 1;
      }
    }
  }
  return mask;
}
