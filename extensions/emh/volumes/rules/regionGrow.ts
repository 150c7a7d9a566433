/**
 * Region growing from a seed and thresholding within a drawn region: the two ways a lesion's
 * segment starts before the brush corrects it.
 */
import {
  assertGrid,
  assertRange,
  isOnGrid,
  voxelCount,
  voxelOffset,
  type ScalarVolume,
  type SegmentMask,
  type ValueRange,
  type VoxelIndex,
} from './voxelGrid';

/** 6: voxels sharing a face; 26: sharing a face, an edge or a corner. */
export type Connectivity = 6 | 26;

export interface GrowOptions {
  readonly connectivity?: Connectivity;
  /** The most voxels the region may hold; growth stops there (a leak into the neighbouring organ). */
  readonly maxVoxels?: number;
  /** Grow only inside this mask (a drawn region); same grid. */
  readonly within?: SegmentMask;
}

export interface GrownRegion {
  readonly mask: SegmentMask;
  readonly voxels: number;
  /** True when more voxels were connected than maxVoxels allows: the region is incomplete, most likely leaking. */
  readonly stoppedAtLimit: boolean;
}

function neighbourSteps(connectivity: Connectivity): Array<readonly [number, number, number]> {
  const steps: Array<readonly [number, number, number]> = [];
  for (let ds = -1; ds <= 1; ds += 1) {
    for (let dr = -1; dr <= 1; dr += 1) {
      for (let dc = -1; dc <= 1; dc += 1) {
        const moved = Math.abs(dc) + Math.abs(dr) + Math.abs(ds);
        if (moved === 0 || (connectivity === 6 && moved > 1)) continue;
        steps.push([dc, dr, ds]);
      }
    }
  }
  return steps;
}

/** A queue of voxel offsets that grows by doubling: the region, not the grid, sets its size. */
class OffsetQueue {
  private items = new Int32Array(4096);
  private head = 0;
  private tail = 0;
  push(offset: number): void {
    if (this.tail === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.tail] = offset;
    this.tail += 1;
  }
  get isEmpty(): boolean {
    return this.head === this.tail;
  }
  shift(): number {
    const offset = this.items[this.head];
    this.head += 1;
    return offset;
  }
}

/**
 * The voxels connected to the seed whose values lie within the range (both ends included),
 * breadth first with an explicit queue (no recursion, so no stack limit on a large organ).
 * A seed off the grid, outside the range or outside `within` is refused with the reason.
 */
export function regionGrow(volume: ScalarVolume, seed: VoxelIndex, range: ValueRange, options: GrowOptions = {}): GrownRegion {
  const { dims, scalars } = volume;
  assertGrid(dims, scalars.length, 'The volume');
  assertRange(range);
  const { connectivity = 6, maxVoxels = Number.POSITIVE_INFINITY, within } = options;
  if (within !== undefined) assertGrid(dims, within.length, 'The drawn region');
  if (!isOnGrid(dims, seed)) throw new Error(`The seed [${seed.join(', ')}] is not a voxel of the [${dims.join(', ')}] grid`);
  const [low, high] = range;
  const seedOffset = voxelOffset(dims, seed);
  const seedValue = scalars[seedOffset];
  if (!(seedValue >= low && seedValue <= high)) {
    throw new Error(`The seed [${seed.join(', ')}] is ${seedValue}, outside the range [${low}, ${high}]: nothing to grow`);
  }
  if (within !== undefined && within[seedOffset] === 0) throw new Error(`The seed [${seed.join(', ')}] is outside the drawn region`);

  const [columns, rows, slices] = dims;
  const plane = columns * rows;
  const steps = neighbourSteps(connectivity);
  // Offsets of the neighbours; a voxel off the grid's border has all of them on the grid, so
  // only border voxels pay for the bounds check.
  const deltas = Int32Array.from(steps, ([dc, dr, ds]) => dc + dr * columns + ds * plane);
  const mask = new Uint8Array(voxelCount(dims));
  const queue = new OffsetQueue();
  mask[seedOffset] = 1;
  queue.push(seedOffset);
  let voxels = 1;
  let stoppedAtLimit = false;
  while (!queue.isEmpty && !stoppedAtLimit) {
    const offset = queue.shift();
    const slice = Math.floor(offset / plane);
    const inPlane = offset - slice * plane;
    const row = Math.floor(inPlane / columns);
    const column = inPlane - row * columns;
    const onBorder = column === 0 || row === 0 || slice === 0 || column === columns - 1 || row === rows - 1 || slice === slices - 1;
    for (let k = 0; k < deltas.length; k += 1) {
      if (onBorder) {
        const [dc, dr, ds] = steps[k];
        const c = column + dc;
        const r = row + dr;
        const s = slice + ds;
        if (c < 0 || r < 0 || s < 0 || c >= columns || r >= rows || s >= slices) continue;
      }
      const next = offset + deltas[k];
      if (mask[next] !== 0) continue;
      const value = scalars[next];
      if (value < low || value > high || (within !== undefined && within[next] === 0)) continue;
      // One more voxel belongs to the region than it may hold: it is incomplete.
      if (voxels >= maxVoxels) {
        stoppedAtLimit = true;
        break;
      }
      mask[next] = 1;
      queue.push(next);
      voxels += 1;
    }
  }
  return { mask, voxels, stoppedAtLimit };
}

/** Every voxel of the drawn region whose value lies within the range, connected or not. */
export function thresholdWithin(volume: ScalarVolume, region: SegmentMask, range: ValueRange): { mask: SegmentMask; voxels: number } {
  assertGrid(volume.dims, volume.scalars.length, 'The volume');
  assertGrid(volume.dims, region.length, 'The drawn region');
  assertRange(range);
  const [low, high] = range;
  const mask = new Uint8Array(region.length);
  let voxels = 0;
  for (let offset = 0; offset < region.length; offset += 1) {
    if (region[offset] === 0) continue;
    const value = volume.scalars[offset];
    if (value >= low && value <= high) {
      mask[offset] = 1;
      voxels += 1;
    }
  }
  return { mask, voxels };
}
