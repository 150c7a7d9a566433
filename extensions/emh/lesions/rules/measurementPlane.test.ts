import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { measureLesionAxes } from './lesionMeasurement';
import {
  centreOf,
  isMeasurementPlane,
  nearestSlice,
  offPlaneMm,
  planeNameOf,
  planeOfAxes,
  segmentCrossing,
  worldAxesRefusal,
  type Vec3,
} from './measurementPlane';

const FOR = '2.25.1';
// L4 of the sample in a sagittal plane: craniocaudal 44 mm (z), anteroposterior 57 mm (y).
const CC: [Vec3, Vec3] = [
  [0, 27, -88],
  [0, 27, -132],
];
const AP: [Vec3, Vec3] = [
  [0, -1.5, -110],
  [0, 55.5, -110],
];

describe('a measurement in a reformat', () => {
  it('measures its axes in mm from the 3D points (the longer is the long axis)', () => {
    const axes = measureLesionAxes({ space: 'mm', longAxis: CC, shortAxis: AP });
    assert.ok(axes.calibrated);
    if (!axes.calibrated) return;
    assert.equal(axes.longAxisMm, 57);
    assert.equal(axes.shortAxisMm, 44);
  });

  it('names the plane its axes span and takes that view’s camera', () => {
    assert.deepEqual(planeOfAxes(CC, AP, FOR), {
      frameOfReferenceUID: FOR,
      name: 'sagittal',
      viewPlaneNormal: [1, 0, 0],
      viewUp: [0, 0, 1],
    });
    // Either order of the axes spans the same plane, seen from the same side.
    assert.equal(planeOfAxes(AP, CC, FOR).name, 'sagittal');
    assert.deepEqual(planeOfAxes(AP, CC, FOR).viewPlaneNormal, [1, 0, 0]);
    const axial = planeOfAxes(
      [
        [-50, 27, -110],
        [50, 27, -110],
      ],
      AP,
      FOR,
    );
    assert.deepEqual([axial.name, axial.viewPlaneNormal, axial.viewUp], ['axial', [0, 0, -1], [0, -1, 0]]);
    const coronal = planeOfAxes(
      [
        [-50, 27, -110],
        [50, 27, -110],
      ],
      CC,
      FOR,
    );
    assert.equal(coronal.name, 'coronal');
  });

  it('keeps an oblique plane’s own normal, its up anterior as in the axial view it is tilted from', () => {
    const tilt = (20 * Math.PI) / 180;
    const long: [Vec3, Vec3] = [
      [0, 0, 0],
      [0, 40 * Math.cos(tilt), 40 * Math.sin(tilt)],
    ];
    const short: [Vec3, Vec3] = [
      [-10, 20 * Math.cos(tilt), 20 * Math.sin(tilt)],
      [10, 20 * Math.cos(tilt), 20 * Math.sin(tilt)],
    ];
    const plane = planeOfAxes(long, short, FOR);
    assert.equal(plane.name, 'oblique');
    assert.ok(Math.abs(plane.viewPlaneNormal[0]) < 1e-12);
    assert.ok(Math.abs(Math.abs(plane.viewPlaneNormal[2]) - Math.cos(tilt)) < 1e-12);
    assert.ok(
      plane.viewUp[1] < -0.9 && Math.abs(plane.viewUp.reduce((s, v, i) => s + v * (plane.viewPlaneNormal[i] as number), 0)) < 1e-12,
    );
    assert.equal(planeNameOf([0.9999, 0.01, 0]), 'sagittal'); // 0.57 degrees off
    assert.equal(planeNameOf([0.999, 0.0447, 0]), 'oblique'); // 2.6 degrees off
  });

  it('refuses axes that are not finite, a point, or not perpendicular', () => {
    assert.equal(worldAxesRefusal(CC, AP), null);
    assert.match(worldAxesRefusal([[0, 0, NaN] as unknown as Vec3, [0, 0, 1]], AP) ?? '', /finite/);
    assert.match(worldAxesRefusal([CC[0], CC[0]], AP) ?? '', /same point/);
    const slanted: [Vec3, Vec3] = [
      [0, 0, -110],
      [0, 30, -90],
    ];
    assert.match(worldAxesRefusal(CC, slanted) ?? '', /perpendicular.*56\.3 degrees/);
    // 9 degrees off perpendicular is still a measurement.
    const nine = (81 * Math.PI) / 180;
    assert.equal(
      worldAxesRefusal(CC, [
        [0, 0, 0],
        [0, 30 * Math.sin(nine), 30 * Math.cos(nine)],
      ]),
      null,
    );
  });

  it('finds its centre, the slice nearest it, and where it crosses another plane', () => {
    assert.deepEqual(centreOf([...CC, ...AP]), [0, 27, -110]);
    // Slices every 5 mm from z = 155 down: -110 is the 54th (index 53), as L4's truth has it.
    const positions = Array.from({ length: 60 }, (_, i) => 155 - 5 * i);
    assert.equal(nearestSlice(positions, [0, 0, 1], [0, 27, -110]), 53);
    assert.equal(nearestSlice(positions, [0, 0, 1], [0, 27, -112.4]), 53);
    assert.equal(nearestSlice(positions, [0, 0, 1], [0, 27, -112.6]), 54);
    assert.equal(nearestSlice([], [0, 0, 1], [0, 0, 0]), -1);
    // The axial plane at z = -100 cuts the craniocaudal axis at its point there.
    assert.deepEqual(segmentCrossing(CC, [0, 0, 1], [0, 0, -100]), [0, 27, -100]);
    assert.equal(segmentCrossing(CC, [0, 0, 1], [0, 0, -80]), null);
    assert.equal(segmentCrossing(AP, [1, 0, 0], [0, 0, 0]), null); // lies in it
    assert.equal(offPlaneMm([...CC, ...AP], [1, 0, 0], [0, 0, 0]), 0);
  });

  it('tells a stored plane from damaged ones', () => {
    assert.ok(isMeasurementPlane(planeOfAxes(CC, AP, FOR)));
    assert.ok(!isMeasurementPlane({ ...planeOfAxes(CC, AP, FOR), frameOfReferenceUID: '' }));
    assert.ok(!isMeasurementPlane({ ...planeOfAxes(CC, AP, FOR), name: 'diagonal' }));
    assert.ok(!isMeasurementPlane({ ...planeOfAxes(CC, AP, FOR), viewPlaneNormal: [2, 0, 0] }));
    assert.ok(!isMeasurementPlane(null));
  });
});
