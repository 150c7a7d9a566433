import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawingRefusal } from './drawingChecks';

const plane = { rows: 256, columns: 256 };

test('a lesion drawn inside the image and 2 pixels or longer is measured', () => {
  assert.equal(
    drawingRefusal(plane, 'axes', [
      [10, 10],
      [12, 10],
      [11, 9.5],
      [11, 10.5],
    ]),
    null,
  );
  assert.equal(
    drawingRefusal(plane, 'axes', [
      [-0.5, -0.5],
      [255.5, 255.5],
      [0, 255],
      [255, 0],
    ]),
    null,
    'pixel edges are on the image',
  );
});

test('a lesion under 2 pixels long is refused, saying its size', () => {
  const reason = drawingRefusal(plane, 'axes', [
    [120, 120],
    [121.1, 121.1],
    [120.3, 120.8],
    [120.8, 120.3],
  ]);
  assert.match(reason ?? '', /too small \(1\.6 pixels; at least 2 pixels/);
});

test('a drawing reaching past the last column is refused', () => {
  const reason = drawingRefusal(plane, 'axes', [
    [200, 128],
    [255.6, 128],
    [228, 120],
    [228, 136],
  ]);
  assert.match(reason ?? '', /outside the image \(256 x 256 pixels\)/);
});

test('an ellipse is refused when either diameter is under 2 pixels', () => {
  // [bottom, top, left, right]: 10 pixels tall, 1.5 wide.
  assert.match(
    drawingRefusal(plane, 'ellipse', [
      [50, 45],
      [50, 55],
      [49.25, 50],
      [50.75, 50],
    ]) ?? '',
    /1\.5 pixels/,
  );
  assert.equal(
    drawingRefusal(plane, 'ellipse', [
      [50, 45],
      [50, 55],
      [49, 50],
      [51, 50],
    ]),
    null,
  );
});
