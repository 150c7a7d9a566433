/**
 * The bench CT with a ~100 mL lesion: a 45 HU ellipsoid (34 x 28 x 25 mm semi-axes, 99.7 mL)
 * inside a -100 HU fat ellipsoid 11-12 mm larger on every side, both drawn over the phantom's
 * organs in the left upper abdomen (slice 241 of 300). With the phantom's noise (within
 * +-25 HU) the lesion holds 20..70 HU and the fat -125..-75 HU, so growing 0..100 HU from its
 * centre must give exactly the voxels the generator drew. Written once into
 * bench/data/ct512-lesion/ (its own study and series of the bench patient) and reused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { regionGrow } from '../../../extensions/emh/volumes/rules/regionGrow';
import { ensureCtSeries, SERIES, type SeriesInfo, type SeriesVariant } from '../../makeCtSeries';
import { RESCALE_INTERCEPT } from '../../lib/ctPhantom';
import { DATA_DIR } from '../../runner/paths';

const FAT = { cx: 40, cy: -40, cz: 240, rx: 46, ry: 40, rz: 36, hu: -100 };
const LESION = { cx: 40, cy: -40, cz: 240, rx: 34, ry: 28, rz: 25, hu: 45 };

export const LESION_VARIANT: SeriesVariant = {
  label: 'lesion-100ml',
  description: 'Bench CT 512x512x300 with a 100 mL lesion',
  inserts: [FAT, LESION],
};

export const LESION_SERIES = {
  dir: path.join(DATA_DIR, 'ct512-lesion'),
  manifestPath: '/data/ct512-lesion/manifest.json',
  /** [column, row, instanceNumber] of the lesion's centre voxel (x = (column - 255.5) x 0.7 mm). */
  seed: [313, 198, 241] as [number, number, number],
  range: [0, 100] as [number, number],
  /** Axes drawn for emh.addLesion on the seed's slice, in pixels: 2 x 34 mm and 2 x 28 mm. */
  longAxis: [
    [265, 198],
    [361, 198],
  ],
  shortAxis: [
    [313, 158],
    [313, 238],
  ],
  /** 4/3 pi abc, mL: what the voxels approximate. */
  ellipsoidMl: ((4 / 3) * Math.PI * LESION.rx * LESION.ry * LESION.rz) / 1000,
  voxelMl: (SERIES.pixelSpacing * SERIES.pixelSpacing * SERIES.sliceThickness) / 1000,
};

export interface LesionSeriesInfo extends SeriesInfo {
  /** The generator's count of lesion voxels (the last insert). */
  lesionVoxels: number;
}

export function ensureLesionSeries(): LesionSeriesInfo {
  const info = ensureCtSeries(LESION_SERIES.dir, LESION_VARIANT);
  const lesionVoxels = info.insertVoxels[LESION_VARIANT.inserts.length - 1];
  if (lesionVoxels === undefined) throw new Error('the lesion series has no voxel count for its lesion');
  return { ...info, lesionVoxels };
}

/** HU of every voxel, slice k = file k (instance k + 1), as the viewer's seriesVolume reads it. */
export function readHuGrid(info: SeriesInfo): Float32Array {
  const { rows, columns, slices } = SERIES;
  const files = (JSON.parse(readFileSync(info.manifestPath, 'utf8')) as { files: string[] }).files;
  const perSlice = rows * columns;
  const grid = new Float32Array(perSlice * slices);
  files.forEach((name, k) => {
    const bytes = readFileSync(path.join(info.dir, name));
    // Pixel data is the file's last element (makeCtSeries), little-endian 16-bit stored values.
    const start = bytes.length - perSlice * 2;
    for (let i = 0; i < perSlice; i++) grid[k * perSlice + i] = bytes.readUInt16LE(start + 2 * i) + RESCALE_INTERCEPT;
  });
  return grid;
}

export interface NodeGrow {
  ms: number;
  voxels: number;
}

/** The viewer's own regionGrow (same options as emh.segmentLesion) on the grid in Node. */
export function growInNode(grid: Float32Array): NodeGrow {
  const [column, row, instance] = LESION_SERIES.seed;
  const started = performance.now();
  const grown = regionGrow(
    { dims: [SERIES.columns, SERIES.rows, SERIES.slices], scalars: grid },
    [column, row, instance - 1],
    LESION_SERIES.range,
    {
      connectivity: 6,
      maxVoxels: Math.floor(1000 / LESION_SERIES.voxelMl),
    },
  );
  return { ms: performance.now() - started, voxels: grown.voxels };
}
