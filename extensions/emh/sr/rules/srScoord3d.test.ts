import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LesionAxesAnnotation } from '../../inventory/rules/annotationTypes';
import { CT_PLAIN, SERIES, imageRef, slicePosition } from '../../inventory/rules/sampleCase.fixture';
import { planeOfAxes, type Vec3 } from '../../lesions/rules/measurementPlane';
import { parseDicom } from '../../../../src/data/parseDicom';
import { restoreOptions, sampleReportInput, sampleStore } from './sampleReport.fixture';
import { readMeasurementReport } from './srRead';
import type { LocatedOutline, Scoord3dLocator } from './srReadGroup';
import { restoreInventory } from './srRestore';
import { worldAxesOf } from './srScoord3dRead';
import { writeMeasurementReport } from './srWrite';

const FOR = '2.25.424242';
// A sagittal measurement of a presacral mass: anteroposterior 57 mm, craniocaudal 44 mm.
const AP: [Vec3, Vec3] = [
  [0.25, -1.5, -110.5],
  [0.25, 55.5, -110.5],
];
const CC: [Vec3, Vec3] = [
  [0.25, 27, -88.5],
  [0.25, 27, -132.5],
];

function sagittalL4(): LesionAxesAnnotation {
  return {
    annotationUID: '0b7f6f0e-2f8b-4b7e-9d51-5c2d7c1e0a11',
    kind: 'lesionAxes',
    // The nearest acquired image (z = -110 is instance 23 of the fixture's 5 mm slices from 0).
    ref: imageRef(CT_PLAIN, 23),
    series: SERIES[CT_PLAIN]!.info,
    slicePositionMm: slicePosition(23),
    lesionId: 'L4',
    axes: { space: 'mm', longAxis: AP, shortAxis: CC },
    plane: planeOfAxes(AP, CC, FOR),
  };
}

/** The viewer's locator for a series of axial slices: the sagittal points lie on none of them. */
const locate: Scoord3dLocator = (frameOfReferenceUID, points): LocatedOutline | null =>
  frameOfReferenceUID === FOR
    ? {
        image: { sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: `${CT_PLAIN}.23`, frames: [] },
        studyInstanceUID: SERIES[CT_PLAIN]!.study,
        seriesInstanceUID: CT_PLAIN,
        scoordData: points.flatMap(() => [0, 0]),
        // An axis at one z lies on an axial slice (the anteroposterior one); the craniocaudal does not.
        world: { frameOfReferenceUID, points, onSlice: points.every((p) => p[2] === points[0]![2]) },
      }
    : null;

const outline = (points: readonly Vec3[], onSlice: boolean) => ({ world: { frameOfReferenceUID: FOR, points, onSlice } });

function reportWithSagittalL4(): Uint8Array {
  const store = sampleStore();
  // L4's axial measurement gives way to the sagittal one (one size per lesion and time point).
  for (const a of store.state().annotations) if (a.lesionId === 'L4' && a.kind === 'lesionAxes') store.remove(a.annotationUID);
  const outcome = store.upsert(sagittalL4());
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return writeMeasurementReport(sampleReportInput(store));
}

describe('SR of a lesion measured in a reformat (SCOORD3D)', () => {
  const bytes = reportWithSagittalL4();

  it('writes each axis as a SCOORD3D POLYLINE in the frame of reference, citing the nearest image', () => {
    const text = new TextDecoder('latin1').decode(bytes);
    assert.ok(text.includes('SCOORD3D'));
    assert.ok(text.includes(FOR));
    const parsed = parseDicom(bytes);
    assert.equal(parsed.string('x00080016'), '1.2.840.10008.5.1.4.1.1.88.34');
  });

  it('comes back with the same axes (float32: under 0.001 mm), plane, lesion, site and tracking UID', () => {
    const read = readMeasurementReport(bytes, locate);
    const l4 = read.annotations.find((a) => a.lesionId === 'L4' && a.kind === 'lesionAxes');
    assert.ok(l4?.kind === 'lesionAxes' && l4.world, JSON.stringify(read.notUnderstood));
    if (l4?.kind !== 'lesionAxes' || !l4.world) return;
    const near = (a: readonly Vec3[], b: readonly Vec3[]) =>
      a.forEach((p, i) => assert.ok(Math.hypot(...p.map((v, k) => v - (b[i] as Vec3)[k]!)) < 1e-3, `${p.join()} vs ${b[i]!.join()}`));
    near(l4.world.longAxis, AP);
    near(l4.world.shortAxis, CC);
    assert.ok(Math.abs(l4.longAxisLength - 57) < 1e-3 && Math.abs(l4.shortAxisLength - 44) < 1e-3);
    assert.equal(l4.ref.sopInstanceUID, `${CT_PLAIN}.23`);
    const restored = restoreInventory(read, restoreOptions);
    const back = restored.annotations.find((a) => a.lesionId === 'L4');
    assert.ok(back?.kind === 'lesionAxes' && back.axes.space === 'mm');
    assert.deepEqual(back.plane, planeOfAxes(AP, CC, FOR));
    assert.equal(back.annotationUID, sagittalL4().annotationUID);
    const lesion = restored.lesions.find((l) => l.id === 'L4');
    assert.equal(lesion?.site, 'presacral');
    const written = sampleReportInput(sampleStore()).inventory.lesions.find((l) => l.id === 'L4');
    assert.equal(lesion?.trackingUid, written?.trackingUid);
  });

  it('reads both axes on acquired slices as drawn on an image, as before', () => {
    const sameZ: [Vec3, Vec3] = [
      [-20, 27, -110.5],
      [30, 27, -110.5],
    ];
    assert.deepEqual(worldAxesOf(outline(sameZ, true), outline(AP, true)), {});
    assert.ok(worldAxesOf(outline(AP, true), outline(CC, false)).world);
    assert.deepEqual(worldAxesOf(outline(AP, false), { world: { ...outline(CC, false).world, frameOfReferenceUID: '2.25.9' } }), {});
  });

  it('without a volume to put it in, lists the SCOORD3D as not understood, as before', () => {
    const read = readMeasurementReport(bytes);
    assert.ok(!read.annotations.some((a) => a.lesionId === 'L4' && a.kind === 'lesionAxes'));
    assert.ok(
      read.notUnderstood.some((line) => /SCOORD3D/.test(line)),
      read.notUnderstood.join('\n'),
    );
  });
});
