import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { interpolateSlices, signedDistance } from './sliceInterpolation';
import type { GridSize } from './voxelGrid';

const SIZE = 64;
const dims: GridSize = [SIZE, SIZE, 9];
const PLANE = SIZE * SIZE;

function paintDisc(mask: Uint8Array, slice: number, radius: number, centre: readonly [number, number] = [32, 32]): void {
  for (let row = 0; row < SIZE; row += 1) {
    for (let column = 0; column < SIZE; column += 1) {
      if ((column - centre[0]) ** 2 + (row - centre[1]) ** 2 <= radius * radius) mask[slice * PLANE + row * SIZE + column] = 1;
    }
  }
}

function sliceOf(mask: Uint8Array, slice: number): Uint8Array {
  return mask.subarray(slice * PLANE, (slice + 1) * PLANE);
}

function count(values: Uint8Array): number {
  return values.reduce((sum, value) => sum + value, 0);
}

describe('signedDistance', () => {
  it('equals the brute-force distance to the nearest pixel of the other side, minus half a pixel', () => {
    const columns = 23;
    const rows = 17;
    const slice = new Uint8Array(columns * rows);
    for (let index = 0; index < slice.length; index += 1) slice[index] = (index * 7919) % 13 < 3 || (index > 120 && index < 160) ? 1 : 0;
    const distance = signedDistance(slice, columns, rows);
    for (let index = 0; index < slice.length; index += 1) {
      let nearest = Number.POSITIVE_INFINITY;
      for (let other = 0; other < slice.length; other += 1) {
        if ((slice[other] !== 0) === (slice[index] !== 0)) continue;
        nearest = Math.min(
          nearest,
          Math.hypot((other % columns) - (index % columns), Math.floor(other / columns) - Math.floor(index / columns)),
        );
      }
      const expected = slice[index] !== 0 ? 0.5 - nearest : nearest - 0.5;
      assert.ok(Math.abs(distance[index] - expected) < 1e-9, `pixel ${index}: ${distance[index]} vs ${expected}`);
    }
  });
});

describe('interpolateSlices', () => {
  it('fills the slices between a disc of radius 10 and one of radius 20 with discs of the radii between', () => {
    const mask = new Uint8Array(PLANE * dims[2]);
    paintDisc(mask, 0, 10);
    paintDisc(mask, 8, 20);
    const filled = interpolateSlices(mask, dims, 8, 0);
    for (let slice = 1; slice < 8; slice += 1) {
      const radius = 10 + (10 * slice) / 8;
      const disc = new Uint8Array(PLANE * dims[2]);
      paintDisc(disc, slice, radius);
      const expected = sliceOf(disc, slice);
      const got = sliceOf(filled, slice);
      // Every pixel more than a pixel inside the expected circle is in, every pixel more than a pixel outside is out.
      for (let index = 0; index < PLANE; index += 1) {
        const r = Math.hypot((index % SIZE) - 32, Math.floor(index / SIZE) - 32);
        if (r <= radius - 1) assert.equal(got[index], 1, `slice ${slice} r ${r}`);
        if (r >= radius + 1) assert.equal(got[index], 0, `slice ${slice} r ${r}`);
      }
      const relative = Math.abs(count(got) - count(expected)) / count(expected);
      assert.ok(relative < 0.05, `slice ${slice}: ${count(got)} pixels vs ${count(expected)}`);
    }
    assert.deepEqual(sliceOf(filled, 0), sliceOf(mask, 0), 'the edited slices are kept');
    assert.deepEqual(sliceOf(filled, 8), sliceOf(mask, 8));
    assert.equal(count(mask.subarray(PLANE, 8 * PLANE)), 0, 'the input is not changed');
  });

  it('repeats an unchanged outline on every slice between, and moves a shifted one along', () => {
    const mask = new Uint8Array(PLANE * dims[2]);
    paintDisc(mask, 2, 12, [24, 30]);
    paintDisc(mask, 6, 12, [24, 30]);
    const same = interpolateSlices(mask, dims, 2, 6);
    for (let slice = 3; slice < 6; slice += 1) assert.deepEqual(sliceOf(same, slice), sliceOf(mask, 2));
    // Overlapping outlines 8 pixels apart: halfway, a shape around the midpoint, within the union of the two.
    const shifted = new Uint8Array(PLANE * dims[2]);
    paintDisc(shifted, 0, 8, [28, 32]);
    paintDisc(shifted, 4, 8, [36, 32]);
    const half = sliceOf(interpolateSlices(shifted, dims, 0, 4), 2);
    assert.equal(half[32 * SIZE + 32], 1);
    const union = sliceOf(shifted, 0).map((value, index) => value | shifted[4 * PLANE + index]);
    assert.ok(half.every((value, index) => value <= union[index]));
    assert.ok(count(half) > 0.6 * count(sliceOf(shifted, 0)), `${count(half)}`);
    // Outlines that do not overlap at all share no inside: nothing is filled between (the method's limit).
    const apart = new Uint8Array(PLANE * dims[2]);
    paintDisc(apart, 0, 6, [16, 32]);
    paintDisc(apart, 4, 6, [48, 32]);
    assert.equal(count(sliceOf(interpolateSlices(apart, dims, 0, 4), 2)), 0);
  });

  it('leaves slices outside the two alone, and neighbouring slices need nothing filled', () => {
    const mask = new Uint8Array(PLANE * dims[2]);
    paintDisc(mask, 3, 5);
    paintDisc(mask, 4, 6);
    paintDisc(mask, 7, 2);
    assert.deepEqual(interpolateSlices(mask, dims, 3, 4), mask);
  });

  it('refuses an end slice with no segment and a slice off the stack', () => {
    const mask = new Uint8Array(PLANE * dims[2]);
    paintDisc(mask, 0, 10);
    assert.throws(() => interpolateSlices(mask, dims, 0, 5), /Slice 5 holds no segment/);
    assert.throws(() => interpolateSlices(mask, dims, 0, 9), /Slice 9 is not one of the 9 slices/);
  });
});
