import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { regionGrow, thresholdWithin } from './regionGrow';
import { segmentMean, segmentVolume } from './segmentMeasures';
import type { GridSize } from './voxelGrid';

/** An ellipsoid of value 50 in a background of -100, with its brute-force voxel count. */
function ellipsoidVolume(dims: GridSize, centre: readonly number[], semiAxes: readonly number[]): { scalars: Int16Array; count: number } {
  const [columns, rows, slices] = dims;
  const scalars = new Int16Array(columns * rows * slices).fill(-100);
  let count = 0;
  for (let s = 0; s < slices; s += 1) {
    for (let r = 0; r < rows; r += 1) {
      for (let c = 0; c < columns; c += 1) {
        const d = ((c - centre[0]) / semiAxes[0]) ** 2 + ((r - centre[1]) / semiAxes[1]) ** 2 + ((s - centre[2]) / semiAxes[2]) ** 2;
        if (d <= 1) {
          scalars[c + columns * (r + rows * s)] = 50;
          count += 1;
        }
      }
    }
  }
  return { scalars, count };
}

describe('regionGrow', () => {
  it('grows a voxelised sphere and an ellipsoid to their brute-force counts, 6- and 26-connected', () => {
    const dims: GridSize = [40, 36, 30];
    for (const semiAxes of [
      [9, 9, 9],
      [12.3, 7.1, 5.6],
    ]) {
      const { scalars, count } = ellipsoidVolume(dims, [20, 18, 15], semiAxes);
      for (const connectivity of [6, 26] as const) {
        const grown = regionGrow({ dims, scalars }, [20, 18, 15], [0, 100], { connectivity });
        assert.equal(grown.voxels, count, `${semiAxes.join('x')} ${connectivity}`);
        assert.equal(grown.stoppedAtLimit, false);
        assert.equal(
          grown.mask.reduce((sum, value) => sum + value, 0),
          count,
        );
      }
    }
  });

  it('gives the volume in mL exactly for a known spacing, and the mean of the values inside', () => {
    const dims: GridSize = [30, 30, 30];
    const { scalars, count } = ellipsoidVolume(dims, [15, 15, 15], [10, 10, 10]);
    const grown = regionGrow({ dims, scalars }, [15, 15, 15], [0, 100]);
    assert.equal(count, 4169);
    // 0.5 x 0.5 x 2 = 0.5 mm3 per voxel.
    assert.deepEqual(segmentVolume(grown.mask, [0.5, 0.5, 2]), { voxels: 4169, volumeMl: 2.0845 });
    assert.equal(segmentMean(grown.mask, scalars), 50);
    assert.equal(segmentMean(new Uint8Array(scalars.length), scalars), null);
  });

  it('tells 6 from 26 connectivity: voxels touching by an edge or a corner only', () => {
    const dims: GridSize = [3, 3, 3];
    const scalars = new Float32Array(27);
    for (const offset of [0, 4, 13, 26]) scalars[offset] = 1; // [0,0,0], [1,1,0] (edge), [1,1,1] (face), [2,2,2] (corner)
    assert.equal(regionGrow({ dims, scalars }, [0, 0, 0], [1, 1], { connectivity: 6 }).voxels, 1);
    assert.equal(regionGrow({ dims, scalars }, [0, 0, 0], [1, 1], { connectivity: 26 }).voxels, 4);
    assert.equal(regionGrow({ dims, scalars }, [1, 1, 0], [1, 1], { connectivity: 6 }).voxels, 2);
  });

  it('refuses a seed outside the range, off the grid, or outside the drawn region, saying why', () => {
    const dims: GridSize = [4, 4, 4];
    const scalars = new Int16Array(64).fill(-100);
    scalars[21] = 40; // [1, 1, 1]
    assert.throws(() => regionGrow({ dims, scalars }, [0, 0, 0], [0, 100]), /The seed \[0, 0, 0\] is -100, outside the range \[0, 100\]/);
    assert.throws(() => regionGrow({ dims, scalars }, [4, 0, 0], [0, 100]), /not a voxel of the \[4, 4, 4\] grid/);
    assert.throws(() => regionGrow({ dims, scalars }, [1, 1, 1], [100, 0]), /not a range/);
    assert.throws(() => regionGrow({ dims, scalars }, [1, 1, 1], [0, 100], { within: new Uint8Array(64) }), /outside the drawn region/);
    assert.throws(
      () => regionGrow({ dims, scalars: new Int16Array(10) }, [1, 1, 1], [0, 100]),
      /has 10 values; the grid \[4, 4, 4\] has 64/,
    );
  });

  it('stops at maxVoxels and says the region is incomplete; a region that just fits is complete', () => {
    const dims: GridSize = [20, 20, 20];
    const { scalars, count } = ellipsoidVolume(dims, [10, 10, 10], [6, 6, 6]);
    const stopped = regionGrow({ dims, scalars }, [10, 10, 10], [0, 100], { maxVoxels: 100 });
    assert.deepEqual([stopped.voxels, stopped.stoppedAtLimit], [100, true]);
    const fits = regionGrow({ dims, scalars }, [10, 10, 10], [0, 100], { maxVoxels: count });
    assert.deepEqual([fits.voxels, fits.stoppedAtLimit], [count, false]);
  });

  it('grows only within a drawn region', () => {
    const dims: GridSize = [20, 20, 20];
    const { scalars } = ellipsoidVolume(dims, [10, 10, 10], [6, 6, 6]);
    const within = new Uint8Array(scalars.length);
    for (let offset = 0; offset < within.length; offset += 1) within[offset] = offset % 20 <= 10 ? 1 : 0; // columns 0-10
    const grown = regionGrow({ dims, scalars }, [10, 10, 10], [0, 100], { within });
    const halfAndMiddle = thresholdWithin({ dims, scalars }, within, [0, 100]);
    assert.equal(grown.voxels, halfAndMiddle.voxels);
    assert.deepEqual(grown.mask, halfAndMiddle.mask);
  });

  it('grows 100 mL in a 512 x 512 x 300 CT in well under a second', () => {
    const dims: GridSize = [512, 512, 300];
    const scalars = new Int16Array(512 * 512 * 300).fill(-100);
    // 1 mm voxels: a sphere of radius 28.8 mm holds about 100,000 voxels, 100 mL.
    const radius = 28.8;
    let count = 0;
    for (let s = 150 - 29; s <= 150 + 29; s += 1) {
      for (let r = 256 - 29; r <= 256 + 29; r += 1) {
        for (let c = 256 - 29; c <= 256 + 29; c += 1) {
          if ((c - 256) ** 2 + (r - 256) ** 2 + (s - 150) ** 2 <= radius * radius) {
            scalars[c + 512 * (r + 512 * s)] = 45;
            count += 1;
          }
        }
      }
    }
    const started = performance.now();
    const grown = regionGrow({ dims, scalars }, [256, 256, 150], [0, 100]);
    const elapsedMs = performance.now() - started;
    const { volumeMl } = segmentVolume(grown.mask, [1, 1, 1]);
    console.log(`grew ${grown.voxels} voxels (${volumeMl} mL) in a 512x512x300 volume in ${elapsedMs.toFixed(0)} ms`);
    assert.equal(grown.voxels, count);
    assert.ok(volumeMl > 99 && volumeMl < 101, `${volumeMl} mL`);
    // Well under a second on an idle machine; the margin is for a loaded one.
    assert.ok(elapsedMs < 1000, `${elapsedMs} ms`);
  });
});

describe('thresholdWithin', () => {
  it('keeps the voxels of the drawn region within the range, connected or not', () => {
    const dims: GridSize = [5, 1, 1];
    const scalars = [10, 60, -50, 70, 55];
    const region = Uint8Array.from([1, 1, 1, 1, 0]);
    const result = thresholdWithin({ dims, scalars }, region, [50, 100]);
    assert.deepEqual([...result.mask], [0, 1, 0, 1, 0]);
    assert.equal(result.voxels, 2);
  });
});
