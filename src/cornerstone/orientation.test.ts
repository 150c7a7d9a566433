import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directionLetters, edgeMarkers } from './orientation';

test('axial image seen from the feet: patient right on screen left, anterior at top', () => {
  // Cornerstone's default axial camera: up is anterior (-y), looking along -z... towards the head.
  const markers = edgeMarkers([0, -1, 0], [0, 0, -1]);
  assert.deepEqual(markers, { top: 'A', bottom: 'P', left: 'R', right: 'L' });
});

test('oblique vectors list the strongest direction first', () => {
  assert.equal(directionLetters([0.9, -0.4, 0]), 'LA');
  assert.equal(directionLetters([0, 0, 1]), 'H');
});

test("reformats: Cornerstone's sagittal and coronal cameras read as a radiologist expects", () => {
  // Sagittal: seen from the patient's left, head up, anterior on the left of the screen.
  assert.deepEqual(edgeMarkers([0, 0, 1], [1, 0, 0]), { top: 'H', bottom: 'F', left: 'A', right: 'P' });
  // Coronal: seen from the front, head up, patient right on screen left.
  assert.deepEqual(edgeMarkers([0, 0, 1], [0, -1, 0]), { top: 'H', bottom: 'F', left: 'R', right: 'L' });
});
