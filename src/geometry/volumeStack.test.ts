import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagePlaneOf } from './imagePlane';
import { slabSetting, volumeStackProblem, type VolumeSlice } from './volumeStack';

const AXIAL = [1, 0, 0, 0, 1, 0];

function slice(z: number, options: { x?: number; orientation?: number[]; spacing?: number[]; frame?: string } = {}): VolumeSlice {
  return {
    frameOfReferenceUID: options.frame ?? '1.2.3',
    plane: imagePlaneOf({
      rows: 256,
      columns: 256,
      imagePositionPatient: [options.x ?? -192, -192, z],
      imageOrientationPatient: options.orientation ?? AXIAL,
      pixelSpacing: options.spacing ?? [1.5, 1.5],
    }),
  };
}

const even = (count: number, spacing = 5) => Array.from({ length: count }, (_, i) => slice(-i * spacing));

test('an evenly spaced axial stack is a volume, in any order', () => {
  assert.equal(volumeStackProblem(even(60)), null);
  assert.equal(volumeStackProblem([...even(10)].reverse()), null);
});

test('DS rounding of positions is not a gap', () => {
  const slices = Array.from({ length: 10 }, (_, i) => slice(-i * 1.25 + (i % 2 ? 0.004 : 0)));
  assert.equal(volumeStackProblem(slices), null);
});

test('a missing slice, a shared position and a change of spacing are refused', () => {
  const missing = even(10).filter((_, i) => i !== 4);
  assert.match(volumeStackProblem(missing) ?? '', /unevenly spaced/);
  assert.match(volumeStackProblem([...even(5), slice(0)]) ?? '', /share a position/);
  const changed = [...even(5), slice(-22.5), slice(-25)];
  assert.match(volumeStackProblem(changed) ?? '', /unevenly spaced/);
});

test('mixed frames, sizes, spacings, tilted and shifted slices are refused with the reason', () => {
  assert.match(volumeStackProblem([...even(4), slice(-20, { frame: '9' })]) ?? '', /frame of reference/);
  assert.match(volumeStackProblem([...even(4), slice(-20, { spacing: [1, 1] })]) ?? '', /pixel spacing/);
  const tilted = [...even(4), slice(-20, { orientation: [1, 0, 0, 0, 0.98, 0.199] })];
  assert.match(volumeStackProblem(tilted) ?? '', /not parallel/);
  assert.match(volumeStackProblem([...even(4), slice(-20, { x: -180 })]) ?? '', /shifted/);
  assert.match(volumeStackProblem(even(2)) ?? '', /at least 3/);
});

test('images without a plane are refused', () => {
  const flat: VolumeSlice = {
    frameOfReferenceUID: '1.2.3',
    plane: imagePlaneOf({ rows: 256, columns: 256, imagePositionPatient: null, imageOrientationPatient: null, pixelSpacing: null }),
  };
  assert.match(volumeStackProblem([flat, flat, flat]) ?? '', /no position/);
});

test('a slab of 0 mm or mode none is a plain slice; MIP needs a thickness', () => {
  assert.deepEqual(slabSetting(20, 'mip'), { thickness: 20, mip: true });
  assert.deepEqual(slabSetting(0, 'mip'), { thickness: 0, mip: false });
  assert.deepEqual(slabSetting(20, 'none'), { thickness: 0, mip: false });
  assert.throws(() => slabSetting(-1, 'mip'), /0 to 500/);
});
