import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centreOf, nearestLesions } from './lesionCandidates';

const MR = '2.25.1';
const CT = '2.25.2';

test("lesions measured in the ROI's frame of reference come nearest first, with their distance", () => {
  const candidates = nearestLesions(
    ['L1', 'L2', 'L3'],
    [
      { lesionId: 'L1', frameOfReferenceUID: MR, centreMm: [90, 0, 0] },
      { lesionId: 'L2', frameOfReferenceUID: MR, centreMm: [0, 30, 40] },
      { lesionId: 'L2', frameOfReferenceUID: MR, centreMm: [3, 4, 0] }, // its nearer measurement counts
      { lesionId: 'L3', frameOfReferenceUID: CT, centreMm: [0, 0, 0] }, // same spot, other scan
    ],
    { frameOfReferenceUID: MR, centreMm: [0, 0, 0] },
  );
  assert.deepEqual(candidates, [
    { lesionId: 'L2', distanceMm: 5 },
    { lesionId: 'L1', distanceMm: 90 },
    { lesionId: 'L3', distanceMm: null },
  ]);
});

test('without measurements in the frame of reference the order is creation order', () => {
  const candidates = nearestLesions(['L4', 'L1', 'L7'], [{ lesionId: 'L7', frameOfReferenceUID: CT, centreMm: [1, 1, 1] }], {
    frameOfReferenceUID: MR,
    centreMm: [0, 0, 0],
  });
  assert.deepEqual(
    candidates.map((c) => c.lesionId),
    ['L4', 'L1', 'L7'],
  );
});

test("the centre of an ellipse's four points is its middle", () => {
  assert.deepEqual(
    centreOf([
      [10, 0, 5],
      [10, 20, 5],
      [4, 10, 5],
      [16, 10, 5],
    ]),
    [10, 10, 5],
  );
});
