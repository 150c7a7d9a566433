import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ellipseCrossings, sampleEllipse, voxelIndexOf, type GridPlacement } from './ellipseInPlane';
import type { GridSize } from './voxelGrid';

// An axial stack: 0.8 mm pixels, 2.5 mm slices going towards the feet (as a CT stored head first).
const dims: GridSize = [40, 30, 12];
const grid: GridPlacement = { origin: [-16, -12, 10], columnStep: [0.8, 0, 0], rowStep: [0, 0.8, 0], sliceStep: [0, 0, -2.5] };
const [columns, rows, slices] = dims;
// Every voxel a value of its own: column + 100 x row + 10000 x slice.
const scalars = new Float64Array(columns * rows * slices).map((_, k) => {
  const c = k % columns;
  const r = Math.floor(k / columns) % rows;
  const s = Math.floor(k / (columns * rows));
  return c + 100 * r + 10000 * s;
});
const volume = { dims, scalars };

function centreOf(c: number, r: number, s: number): [number, number, number] {
  return [-16 + 0.8 * c, -12 + 0.8 * r, 10 - 2.5 * s];
}

/** The brute-force answer: the voxels of one slice (or row, or column) inside an ellipse of their in-plane mm. */
function expectedMean(select: (c: number, r: number, s: number) => boolean): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let s = 0; s < slices; s += 1)
    for (let r = 0; r < rows; r += 1)
      for (let c = 0; c < columns; c += 1)
        if (select(c, r, s)) {
          sum += c + 100 * r + 10000 * s;
          count += 1;
        }
  return { mean: sum / count, count };
}

describe('an ellipse in a plane of a volume', () => {
  it('in the plane of an acquired slice takes that slice pixels inside the ellipse, as on the image', () => {
    const centre = centreOf(20, 15, 5);
    const sample = sampleEllipse(volume, grid, {
      centre,
      axes: [
        [6, 0, 0],
        [0, 4, 0],
      ],
    });
    const want = expectedMean((c, r, s) => s === 5 && ((0.8 * (c - 20)) / 6) ** 2 + ((0.8 * (r - 15)) / 4) ** 2 <= 1 + 1e-9);
    assert.equal(sample.pixelCount, want.count);
    assert.ok(Math.abs(sample.mean - want.mean) < 1e-9);
    assert.ok(Math.abs(sample.areaMm2 - Math.PI * 24) < 1e-9);
  });

  it('in a coronal plane takes the nearest row of voxels, through the slices', () => {
    const centre: [number, number, number] = [0, centreOf(0, 10, 0)[1] + 0.3, centreOf(0, 0, 6)[2]];
    const sample = sampleEllipse(volume, grid, {
      centre,
      axes: [
        [0, 0, 7],
        [5, 0, 0],
      ],
    });
    const want = expectedMean((c, r, s) => {
      const [x, , z] = centreOf(c, r, s);
      return r === 10 && ((z - centre[2]) / 7) ** 2 + ((x - centre[0]) / 5) ** 2 <= 1 + 1e-9;
    });
    assert.equal(sample.pixelCount, want.count);
    assert.ok(Math.abs(sample.mean - want.mean) < 1e-9);
    assert.ok(sample.sd > 0 && sample.min < sample.mean && sample.max > sample.mean);
  });

  it('halfway between two slices takes one of them, not both', () => {
    const centre = centreOf(20, 15, 5);
    const between: [number, number, number] = [centre[0], centre[1], centre[2] - 1.25];
    const sample = sampleEllipse(volume, grid, {
      centre: between,
      axes: [
        [3, 0, 0],
        [0, 3, 0],
      ],
    });
    const slicesTaken = new Set([Math.floor(sample.min / 10000), Math.floor(sample.max / 10000)]);
    assert.equal(slicesTaken.size, 1);
  });

  it('finds the voxel index of a patient point', () => {
    assert.deepEqual(
      voxelIndexOf(grid, centreOf(3, 4, 5)).map((v) => Math.round(v * 1e9) / 1e9),
      [3, 4, 5],
    );
  });

  it('refuses an ellipse that holds no voxel or spans no plane', () => {
    assert.throws(
      () =>
        sampleEllipse(volume, grid, {
          centre: [500, 0, 0],
          axes: [
            [3, 0, 0],
            [0, 3, 0],
          ],
        }),
      /no voxel/,
    );
    assert.throws(
      () =>
        sampleEllipse(volume, grid, {
          centre: [0, 0, 0],
          axes: [
            [3, 0, 0],
            [6, 0, 0],
          ],
        }),
      /parallel/,
    );
  });
});

describe('where an ellipse crosses another plane', () => {
  // A coronal ellipse: 20 mm craniocaudal, 8 mm left-right half-axes, centre [0, 0, 0].
  const coronal = { centre: [0, 0, 0] as const, axes: [[0, 0, 20] as const, [8, 0, 0] as const] as const };
  it('an axial plane through it cuts a left-right chord', () => {
    const points = ellipseCrossings(coronal, [0, 0, 1], [0, 0, 10]);
    assert.equal(points.length, 2);
    const half = 8 * Math.sqrt(1 - (10 / 20) ** 2);
    const xs = points.map((p) => p[0]).sort((u, v) => u - v);
    assert.ok(Math.abs(xs[0]! + half) < 1e-9 && Math.abs(xs[1]! - half) < 1e-9);
    for (const p of points) assert.ok(Math.abs(p[2] - 10) < 1e-9 && Math.abs(p[1]) < 1e-9);
  });
  it('a plane that misses it, or its own plane, gives none', () => {
    assert.deepEqual(ellipseCrossings(coronal, [0, 0, 1], [0, 0, 25]), []);
    assert.deepEqual(ellipseCrossings(coronal, [0, 1, 0], [0, 0, 0]), []);
  });
});
