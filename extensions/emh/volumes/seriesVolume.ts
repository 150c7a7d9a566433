/**
 * A series read as one block of values for the volume rules: the decoded images from
 * Cornerstone's cache (loaded when missing), rescaled to HU on CT, slices in the stack's order,
 * the voxel's depth the spacing between slice positions. Stacks the rules cannot measure are
 * refused with the reason rather than given a wrong volume.
 */
import { imageLoader } from '@cornerstonejs/core';
import type { SeriesModel } from '../../../src/data/studyModel';
import type { ImageInstance } from '../../../src/data/types';
import { sliceSpacingFromPositions, type Point3 } from './rules/sliceSpacing';
import type { VoxelSpacing } from './rules/segmentMeasures';
import type { GridSize, ScalarVolume } from './rules/voxelGrid';

export interface SeriesVolume extends ScalarVolume {
  readonly dims: GridSize;
  /** Int16 when every value is a whole number within its range (CT in HU), else Float32. */
  readonly scalars: Int16Array | Float32Array;
  /** [between columns, between rows, between slice positions] mm. */
  readonly spacingMm: VoxelSpacing;
  readonly normal: Point3;
  /** The instance of each slice, in the stack's order. */
  readonly instances: readonly ImageInstance[];
}

export function sliceNormal(orientation: readonly number[]): Point3 {
  const [rx, ry, rz, cx, cy, cz] = orientation as [number, number, number, number, number, number];
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

/** The grid of a series without its pixels: what the SEG and the checks need. */
export function seriesGrid(series: SeriesModel): Omit<SeriesVolume, 'scalars'> {
  const instances = series.instances;
  if (instances.length < 2) throw new Error('A volume needs a stack of two or more slices; this series has one image');
  if (instances.some((i) => i.header.numberOfFrames > 1))
    throw new Error('This series holds multi-frame images: volumes are measured on stacks of single images only');
  const first = instances[0]!.header;
  const { rows, columns, pixelSpacing, imageOrientationPatient: orientation } = first;
  if (!pixelSpacing) throw new Error('The series has no PixelSpacing: its voxels have no size in mm');
  if (!orientation) throw new Error('The series has no ImageOrientationPatient: its slices have no normal');
  const positions: Point3[] = [];
  for (const { header } of instances) {
    if (header.rows !== rows || header.columns !== columns)
      throw new Error('The slices of the series differ in size: they make no single grid');
    const sameOrientation = header.imageOrientationPatient?.every((v, k) => Math.abs(v - orientation[k]!) < 1e-4) === true;
    if (!sameOrientation) throw new Error('The slices of the series are not all parallel: they make no single grid');
    if (!header.imagePositionPatient) throw new Error(`Instance ${String(header.instanceNumber)} has no ImagePositionPatient`);
    positions.push(header.imagePositionPatient);
  }
  const normal = sliceNormal(orientation);
  const spacing = sliceSpacingFromPositions(positions, normal);
  if (!spacing.ok) throw new Error(spacing.reason);
  // PixelSpacing is [between rows, between columns].
  const spacingMm: VoxelSpacing = [pixelSpacing[1], pixelSpacing[0], spacing.spacingMm];
  return { dims: [columns, rows, instances.length], spacingMm, normal, instances };
}

type DecodedSlice = { readonly pixels: ArrayLike<number>; readonly slope: number; readonly intercept: number };

const INTEGER_PIXELS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];

/**
 * The slices' values in 16-bit integers when that is exact (half the memory of floats; a
 * 512 x 512 x 300 CT is 150 MB, not 300): integer pixels, whole slope and intercept, every value
 * within Int16. Null when any slice needs floats.
 */
function wholeValues(slices: readonly DecodedSlice[], plane: number): Int16Array | null {
  if (!slices.every((s) => Number.isInteger(s.slope) && Number.isInteger(s.intercept) && INTEGER_PIXELS.some((T) => s.pixels instanceof T)))
    return null;
  const scalars = new Int16Array(plane * slices.length);
  for (let slice = 0; slice < slices.length; slice += 1) {
    const { pixels, slope, intercept } = slices[slice]!;
    const offset = slice * plane;
    for (let k = 0; k < plane; k += 1) {
      const value = pixels[k]! * slope + intercept;
      if (value < -32768 || value > 32767) return null;
      scalars[offset + k] = value;
    }
  }
  return scalars;
}

function floatValues(slices: readonly DecodedSlice[], plane: number): Float32Array {
  const scalars = new Float32Array(plane * slices.length);
  slices.forEach(({ pixels, slope, intercept }, slice) => {
    const offset = slice * plane;
    for (let k = 0; k < plane; k += 1) scalars[offset + k] = pixels[k]! * slope + intercept;
  });
  return scalars;
}

/** The series' values, rescaled as the iron ROIs read them (ironMeasurement.ts). */
export async function loadSeriesVolume(series: SeriesModel): Promise<SeriesVolume> {
  const grid = seriesGrid(series);
  const [columns, rows] = grid.dims;
  const plane = columns * rows;
  const images = await Promise.all(grid.instances.map((instance) => imageLoader.loadAndCacheImage(instance.imageIds[0]!)));
  const slices = images.map((image, slice): DecodedSlice => {
    const pixels = image.getPixelData();
    if (pixels.length !== plane) throw new Error(`Slice ${slice + 1} decodes to ${pixels.length} pixels, not ${columns} x ${rows}`);
    // The loader may have rescaled the values already (preScale); then they are used as they are.
    const scaled = image.preScale?.scaled === true;
    return { pixels, slope: scaled ? 1 : (image.slope ?? 1), intercept: scaled ? 0 : (image.intercept ?? 0) };
  });
  return { ...grid, scalars: wholeValues(slices, plane) ?? floatValues(slices, plane) };
}

/** How long a series read as a volume is kept after its last use. */
const KEEP_MS = 120_000;

/**
 * The last series read as a volume, shared by growing, thresholding and the brush: reading a
 * 512 x 512 x 300 series takes seconds, a stroke must not. It is one more copy of the voxels,
 * so it is let go two minutes after its last use, or when another series is read.
 */
export class SeriesVolumeCache {
  #held: { uid: string; slices: number; volume: Promise<SeriesVolume>; timer: ReturnType<typeof setTimeout> | null } | null = null;

  get(series: SeriesModel): Promise<SeriesVolume> {
    const uid = series.seriesInstanceUID;
    let held = this.#held;
    if (!held || held.uid !== uid || held.slices !== series.instances.length) {
      this.clear();
      const volume = loadSeriesVolume(series);
      held = { uid, slices: series.instances.length, volume, timer: null };
      this.#held = held;
      volume.catch(() => {
        if (this.#held?.volume === volume) this.clear();
      });
    }
    if (held.timer !== null) clearTimeout(held.timer);
    held.timer = setTimeout(() => this.clear(), KEEP_MS);
    return held.volume;
  }

  clear(): void {
    if (this.#held?.timer != null) clearTimeout(this.#held.timer);
    this.#held = null;
  }
}

/** The one cache the segmentation commands and tools share. */
export const seriesVolumes = new SeriesVolumeCache();
