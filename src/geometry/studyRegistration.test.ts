import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerStudies, shiftAlongNormal, type SeriesSamples } from './studyRegistration';
import type { Vec3 } from './vec3';

/** A body whose mean intensity changes along z as a trunk's does: bumps of organs and bone. */
const anatomy = (z: number): number => 100 * Math.exp(-(((z - 80) / 25) ** 2)) + 60 * Math.exp(-(((z - 190) / 15) ** 2)) + 0.2 * z;

/** A 60-slice 5 mm axial series whose table started at `tableZ`; the patient lies `bodyShift` off. */
function series(tableZ: number, bodyShift: Vec3): SeriesSamples {
  const slices = Array.from({ length: 60 }, (_, k) => {
    const z = tableZ + 5 * k;
    const anatomyZ = z - bodyShift[2];
    return {
      position: [-192, -192, z] as Vec3,
      mean: anatomy(anatomyZ),
      bodyCentroid: [3 + bodyShift[0], -20 + bodyShift[1], z] as Vec3,
    };
  });
  return { normal: [0, 0, 1], slices };
}

test('the same images with the table moved 37.5 mm and 6 mm: the shift found exactly', () => {
  const baseline = series(0, [0, 0, 0]);
  const copy: SeriesSamples = {
    normal: [0, 0, 1],
    slices: baseline.slices.map((s) => ({
      ...s,
      position: [s.position[0], s.position[1] + 6, s.position[2] + 37.5],
      bodyCentroid: s.bodyCentroid && ([s.bodyCentroid[0], s.bodyCentroid[1] + 6, s.bodyCentroid[2] + 37.5] as Vec3),
    })),
  };
  const found = registerStudies(baseline, copy);
  assert.ok(found);
  assert.ok(Math.abs(found.translation[2] - 37.5) < 0.3, `z ${found.translation[2]}`);
  assert.ok(Math.abs(found.translation[1] - 6) < 1e-6);
  assert.ok(Math.abs(found.translation[0]) < 1e-6);
  assert.ok(found.score > 0.99);
});

test('a new scan of the same body, slices falling between the baseline ones: within a quarter slice', () => {
  const baseline = series(0, [0, 0, 0]);
  const later = series(20, [0, 6, 37.5]);
  const found = registerStudies(baseline, later);
  assert.ok(found);
  assert.ok(Math.abs(found.translation[2] - 37.5) < 1.25, `z ${found.translation[2]}`);
  assert.ok(Math.abs(found.translation[1] - 6) < 1e-6);
  // And back: B to A is the opposite shift.
  const back = shiftAlongNormal(later, baseline);
  assert.ok(back && Math.abs(back.shiftMm + 37.5) < 1.25, `back ${back?.shiftMm}`);
});

test('series of different orientations or too short are not registered', () => {
  const axial = series(0, [0, 0, 0]);
  assert.equal(registerStudies(axial, { ...axial, normal: [0, 1, 0] }), null);
  assert.equal(registerStudies(axial, { normal: [0, 0, 1], slices: axial.slices.slice(0, 2) }), null);
});
