import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { imagePlaneOf, indexToPatient, patientToIndex } from '../../../../src/geometry/imagePlane';
import { indexToScoordData } from '../../../../src/geometry/scoord';
import { scoord3dReport } from './foreignSr.fixture';
import { readMeasurementReport } from './srRead';
import type { Scoord3dLocator } from './srReadGroup';

const FRAME_OF_REFERENCE = '2.25.990001';
const cos = Math.cos((25 * Math.PI) / 180);
const sin = Math.sin((25 * Math.PI) / 180);
// Non-square pixels (rows 0.8 mm, columns 1.2 mm) in a plane tilted 25 degrees.
const plane = imagePlaneOf({
  rows: 256,
  columns: 256,
  imagePositionPatient: [-150.25, -120.5, 33.75],
  imageOrientationPatient: [1, 0, 0, 0, cos, sin],
  pixelSpacing: [0.8, 1.2],
});
const LONG: [number, number][] = [
  [60.25, 128],
  [180.25, 128],
];
const SHORT: [number, number][] = [
  [120, 90],
  [120, 170],
];

const report = scoord3dReport({
  patientID: 'EMH-0001',
  patientName: 'EMH^Phantom',
  studyInstanceUID: '2.25.990002',
  frameOfReferenceUID: FRAME_OF_REFERENCE,
  longAxis: [indexToPatient(plane, LONG[0]!), indexToPatient(plane, LONG[1]!)],
  shortAxis: [indexToPatient(plane, SHORT[0]!), indexToPatient(plane, SHORT[1]!)],
  longAxisMm: 144,
  shortAxisMm: 64,
});

/** One open image in the report's frame of reference, as the viewer's locator would find it. */
const locate: Scoord3dLocator = (frameOfReferenceUID, points) =>
  frameOfReferenceUID === FRAME_OF_REFERENCE && points.every((p) => Math.abs(patientToIndex(plane, p).offPlaneMm) < 0.5)
    ? {
        image: { sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: '2.25.990003', frames: [] },
        studyInstanceUID: '2.25.990002',
        seriesInstanceUID: '2.25.990004',
        scoordData: indexToScoordData(points.map((p) => patientToIndex(plane, p).index)),
      }
    : null;

describe('SR import of SCOORD3D (patient coordinates, no image cited)', () => {
  it('puts each axis back on the pixels it was drawn on (float32 GraphicData: under 0.001 px)', () => {
    const read = readMeasurementReport(report, locate);
    assert.deepEqual(read.notUnderstood, []);
    const [lesion] = read.annotations;
    assert.equal(lesion?.kind, 'lesionAxes');
    if (lesion?.kind !== 'lesionAxes') return;
    [...lesion.longAxis, ...lesion.shortAxis].forEach((p, i) => {
      const want = [...LONG, ...SHORT][i]!;
      assert.ok(Math.hypot(p[0] - want[0], p[1] - want[1]) < 1e-3, `point ${i}: [${p.join(', ')}] vs [${want.join(', ')}]`);
    });
    assert.equal(lesion.ref.sopInstanceUID, '2.25.990003');
    assert.equal(lesion.ref.seriesInstanceUID, '2.25.990004');
    assert.equal(lesion.longAxisLength, 144);
  });

  it('lists the outline as not understood when no open image holds it', () => {
    const read = readMeasurementReport(report);
    assert.equal(read.annotations.length, 0);
    assert.ok(
      read.notUnderstood.some((line) => /SCOORD3D/.test(line)),
      read.notUnderstood.join('\n'),
    );
  });
});
