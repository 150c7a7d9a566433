import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imagePlaneOf, indexToPatient, isOnImage, patientToIndex, slicePositionOf, type PlaneAttributes } from './imagePlane';
import { indexToScoord, indexToScoordData, scoordDataToIndex, scoordToIndex } from './scoord';

const close = (actual: readonly number[], expected: readonly number[], tolerance = 1e-9): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `[${actual.join(', ')}] != [${expected.join(', ')}]`));
};

const axial = (spacing: number[] | null, extra: Partial<PlaneAttributes> = {}): PlaneAttributes => ({
  rows: 100,
  columns: 200,
  imagePositionPatient: [-100, -50, 20],
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  pixelSpacing: spacing,
  ...extra,
});

describe('image plane: index <-> patient mm', () => {
  it('puts the centre of pixel [0, 0] at ImagePositionPatient', () => {
    close(indexToPatient(imagePlaneOf(axial([0.5, 0.8])), [0, 0]), [-100, -50, 20]);
  });

  it('moves PixelSpacing[1] per column along the row cosines and PixelSpacing[0] per row (non-square pixels)', () => {
    // PixelSpacing 0.5 (between rows) \ 0.8 (between columns): column 10 is 8 mm right, row 10 is 5 mm down.
    const plane = imagePlaneOf(axial([0.5, 0.8]));
    close(indexToPatient(plane, [10, 0]), [-92, -50, 20]);
    close(indexToPatient(plane, [0, 10]), [-100, -45, 20]);
    close(indexToPatient(plane, [10, 4]), [-92, -48, 20]);
  });

  it('is inverted by patientToIndex, off-plane distance along the normal', () => {
    const plane = imagePlaneOf(axial([0.5, 0.8]));
    const { index, offPlaneMm } = patientToIndex(plane, [-92, -48, 23]);
    close(index, [10, 4]);
    assert.ok(Math.abs(offPlaneMm - 3) < 1e-9);
  });

  it('follows oblique cosines: a plane rotated 30 degrees about the patient x axis', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const plane = imagePlaneOf(axial([0.7, 1.1], { imageOrientationPatient: [1, 0, 0, 0, c, s], imagePositionPatient: [0, 0, 0] }));
    // Hand computed: 3 columns -> 3 x 1.1 mm along x; 2 rows -> 2 x 0.7 mm along (0, cos, sin).
    close(indexToPatient(plane, [3, 2]), [3.3, 1.4 * c, 1.4 * s]);
    close(patientToIndex(plane, [3.3, 1.4 * c, 1.4 * s]).index, [3, 2]);
    close(plane.normal, [0, -s, c]);
  });

  it('follows flipped orientations (rows running right to left, columns feet to head)', () => {
    // A coronal image displayed with columns towards patient right (-x) and rows towards head (+z).
    const plane = imagePlaneOf({
      rows: 10,
      columns: 10,
      imagePositionPatient: [50, 10, -30],
      imageOrientationPatient: [-1, 0, 0, 0, 0, 1],
      pixelSpacing: [2, 3],
    });
    close(indexToPatient(plane, [4, 5]), [50 - 12, 10, -30 + 10]);
    close(patientToIndex(plane, [38, 10, -20]).index, [4, 5]);
    close(plane.normal, [0, 1, 0]);
  });

  it('gives the slice position along the normal for images with position and orientation', () => {
    assert.equal(slicePositionOf(imagePlaneOf(axial([1, 1]))), 20);
    // Without spacing the slice is still placed: the distance between slices does not need it.
    assert.equal(slicePositionOf(imagePlaneOf(axial(null))), 20);
    assert.equal(slicePositionOf(imagePlaneOf(axial([1, 1], { imagePositionPatient: null }))), null);
    assert.equal(slicePositionOf(imagePlaneOf(axial([1, 1], { imageOrientationPatient: null }))), null);
  });

  it('places an image without Image Plane module as the viewer draws it: origin 0, axial, 1 per pixel', () => {
    const plane = imagePlaneOf({ rows: 64, columns: 48, imagePositionPatient: null, imageOrientationPatient: null, pixelSpacing: null });
    assert.equal(plane.inPatientSpace, false);
    close(indexToPatient(plane, [5, 7]), [5, 7, 0]);
    close(patientToIndex(plane, [5, 7, 0]).index, [5, 7]);
  });

  it('draws a pixel of PixelAspectRatio 4\\3 (no PixelSpacing) 4/3 as high as wide, still uncalibrated', () => {
    const plane = imagePlaneOf({
      rows: 10,
      columns: 10,
      imagePositionPatient: null,
      imageOrientationPatient: null,
      pixelSpacing: null,
      pixelAspectRatio: [4, 3],
    });
    close(indexToPatient(plane, [3, 3]), [3, 4, 0]);
    assert.equal(plane.inPatientSpace, false);
    // PixelSpacing, when present, decides the shape.
    assert.equal(imagePlaneOf(axial([0.5, 0.8], { pixelAspectRatio: [4, 3] })).rowSpacing, 0.5);
  });

  it('refuses cosines that describe no plane (zero, not unit, not orthogonal) and falls back to axial', () => {
    for (const bad of [
      [0, 0, 0, 0, 0, 0],
      [1, 0, 0, 1, 0, 0],
      [2, 0, 0, 0, 2, 0],
      [Number.NaN, 0, 0, 0, 1, 0],
    ]) {
      const plane = imagePlaneOf(axial([1, 1], { imageOrientationPatient: bad }));
      close(plane.rowDirection, [1, 0, 0]);
      assert.equal(plane.inPatientSpace, false);
    }
  });

  it('ignores a zero or negative spacing (no calibration) instead of dividing by it', () => {
    const plane = imagePlaneOf(axial([0, 0.5]));
    assert.equal(plane.rowSpacing, 1);
    assert.equal(plane.columnSpacing, 1);
    assert.equal(plane.inPatientSpace, false);
  });

  it('knows the image edges: pixel centres from 0 to size - 1, edges half a pixel beyond', () => {
    const plane = imagePlaneOf(axial([1, 1]));
    assert.equal(isOnImage(plane, [-0.5, -0.5]), true);
    assert.equal(isOnImage(plane, [199.5, 99.5]), true);
    assert.equal(isOnImage(plane, [199.6, 10]), false);
  });
});

describe('SCOORD: 0\\0 is the top-left corner of the first pixel', () => {
  it('puts the first pixel centre at 0.5\\0.5', () => {
    assert.deepEqual(indexToScoord([0, 0]), [0.5, 0.5]);
    assert.deepEqual(scoordToIndex([0.5, 0.5]), [0, 0]);
  });

  it('round-trips GraphicData exactly', () => {
    const points: [number, number][] = [
      [10.25, 3],
      [0, 255],
    ];
    assert.deepEqual(indexToScoordData(points), [10.75, 3.5, 0.5, 255.5]);
    assert.deepEqual(scoordDataToIndex(indexToScoordData(points)), points);
  });
});
