import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sliceSpacingFromPositions, type Point3 } from './sliceSpacing';

const axial: Point3 = [0, 0, 1];
const stack = (zs: readonly number[]): Point3[] => zs.map((z) => [-192, -192, z]);

describe('sliceSpacingFromPositions', () => {
  it('is the distance between consecutive positions along the normal, in any order, not SliceThickness', () => {
    assert.deepEqual(sliceSpacingFromPositions(stack([150, 145, 140, 135]), axial), { ok: true, spacingMm: 5 });
    assert.deepEqual(sliceSpacingFromPositions(stack([135, 150, 140, 145]), axial), { ok: true, spacingMm: 5 });
    // Overlapping reconstructions: 2.5 mm apart whatever their thickness.
    assert.deepEqual(sliceSpacingFromPositions(stack([0, 2.5, 5, 7.5]), [0, 0, -1]), { ok: true, spacingMm: 2.5 });
  });

  it('measures along a tilted normal (the positions also move in the plane)', () => {
    // The oblique sample: rows along x, columns along (0, 0.936, -0.352); 3 mm along the normal.
    const row = [1, 0, 0];
    const column = [0, 0.936, -0.352];
    const normal: Point3 = [
      row[1] * column[2] - row[2] * column[1],
      row[2] * column[0] - row[0] * column[2],
      row[0] * column[1] - row[1] * column[0],
    ];
    const length = Math.hypot(...normal);
    const positions: Point3[] = [0, 1, 2, 3].map((k) => [10, 5 + (3 * k * normal[1]) / length + k * 0.7, (3 * k * normal[2]) / length]);
    // The in-plane drift (0.7 mm along y per slice) has a component along the normal too; remove it.
    const drift = (0.7 * normal[1]) / length;
    const result = sliceSpacingFromPositions(positions, normal);
    assert.ok(result.ok);
    assert.ok(Math.abs(result.spacingMm - (3 + drift)) < 1e-9, String(result.spacingMm));
  });

  it('tolerates the rounding of positions written as decimal strings', () => {
    assert.deepEqual(sliceSpacingFromPositions(stack([0, 0.625, 1.25, 1.875, 2.5, 3.13]), axial).ok, true);
  });

  it('refuses an uneven stack (a missing slice) with the reason', () => {
    const result = sliceSpacingFromPositions(stack([150, 145, 140, 130, 125]), axial);
    assert.deepEqual(result, {
      ok: false,
      reason:
        'The slices are not evenly spaced: 10 mm between two of them against 5 mm elsewhere (a missing slice or a change of spacing); no single voxel depth fits',
    });
    // 1 % is the tolerance: 5.06 mm among 5 mm steps is refused, 5.04 mm is not.
    assert.equal(sliceSpacingFromPositions(stack([0, 5, 10, 15.06, 20.06, 25.06]), axial).ok, false);
    assert.equal(sliceSpacingFromPositions(stack([0, 5, 10, 15.04, 20.04, 25.04]), axial).ok, true);
  });

  it('refuses one slice, two slices at one position, and a missing orientation', () => {
    assert.match((sliceSpacingFromPositions(stack([0]), axial) as { reason: string }).reason, /one slice/);
    assert.match((sliceSpacingFromPositions(stack([0, 5, 5, 10]), axial) as { reason: string }).reason, /share one position/);
    assert.match((sliceSpacingFromPositions(stack([0, 5]), [0, 0, 0]) as { reason: string }).reason, /no normal/);
  });
});
