import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { HuRoiAnnotation } from '../../inventory/rules/annotationTypes';
import { CT_PLAIN, SERIES, imageRef, slicePosition } from '../../inventory/rules/sampleCase.fixture';
import { planeOfAxes, type Vec3 } from '../../lesions/rules/measurementPlane';
import { ellipseHandlesInView, ellipseOfEnds } from '../../volumes/rules/ellipseInPlane';
import { worldEllipseOf, worldEllipsePlane } from './srScoord3dRead';
import { worldEllipseItem } from './srScoord3dWrite';

const FOR = '2.25.424242';
// A coronal liver ROI: 2 x 8 mm left-right (drawn first), 2 x 20 mm craniocaudal.
const centre: Vec3 = [-99, -24, 20];
const LR: [Vec3, Vec3] = [
  [-107, -24, 20],
  [-91, -24, 20],
];
const CC: [Vec3, Vec3] = [
  [-99, -24, 0],
  [-99, -24, 40],
];

function coronalLiverRoi(world = true): HuRoiAnnotation {
  return {
    annotationUID: '5a1c3f1e-7d0a-4f55-8f0e-1b9c2d3e4f50',
    kind: 'huRoi',
    organ: 'liver',
    ref: imageRef(CT_PLAIN, 27),
    series: SERIES[CT_PLAIN]!.info,
    slicePositionMm: slicePosition(27),
    stats: { mean: 103.5, sd: 8, min: 80, max: 125, areaMm2: Math.PI * 160, pixelCount: 67 },
    source: { toolName: 'EmhLiverRoi', referencedImageId: 'x', points: [...LR, ...CC].map((p) => [...p]), world },
    plane: planeOfAxes(LR, CC, FOR),
  };
}

describe('an ROI drawn in a reformat in the SR', () => {
  it('is a SCOORD3D ELLIPSE of its axis ends, major axis first, in its frame of reference', () => {
    const item = worldEllipseItem(coronalLiverRoi()) as {
      ValueType: string;
      GraphicType: string;
      GraphicData: number[];
      ReferencedFrameOfReferenceUID: string;
    };
    assert.equal(item.ValueType, 'SCOORD3D');
    assert.equal(item.GraphicType, 'ELLIPSE');
    assert.equal(item.ReferencedFrameOfReferenceUID, FOR);
    assert.deepEqual(item.GraphicData, [...CC, ...LR].flat());
  });

  it('is no SCOORD3D for an ROI drawn on an image', () => {
    assert.equal(worldEllipseItem(coronalLiverRoi(false)), null);
  });

  it('reads back off the slices as its four points and the coronal plane; on a slice as an image ROI', () => {
    const points = [...CC, ...LR];
    const read = worldEllipseOf({ world: { frameOfReferenceUID: FOR, points, onSlice: false } }).worldEllipse;
    assert.deepEqual(read?.points, points);
    const plane = worldEllipsePlane(read!);
    assert.equal(plane.name, 'coronal');
    assert.equal(plane.frameOfReferenceUID, FOR);
    assert.deepEqual(worldEllipseOf({ world: { frameOfReferenceUID: FOR, points, onSlice: true } }), {});
  });

  it('is drawn again with the handles in the order of the view: bottom, top, left, right', () => {
    const plane = planeOfAxes(CC, LR, FOR);
    const ellipse = ellipseOfEnds([...CC, ...LR] as [Vec3, Vec3, Vec3, Vec3]);
    assert.deepEqual(ellipse.centre, centre);
    const [bottom, top, left, right] = ellipseHandlesInView(ellipse, plane);
    assert.ok(bottom![2] < top![2]);
    // Coronal, seen from the front: the patient's right (smaller x) is on the viewer's left.
    assert.ok(left![0] < right![0]);
  });
});
