import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CT_PRESETS, autoWindow, voiRangeFor } from './windowPresets';

test('presets carry the reading-room values', () => {
  const byId = Object.fromEntries(CT_PRESETS.map((p) => [p.id, [p.width, p.center]]));
  assert.deepEqual(byId, { 'soft-tissue': [400, 40], liver: [150, 90], bone: [2000, 500], lung: [1500, -600] });
});

test('voiRangeFor follows the DICOM linear function', () => {
  // W 400 / L 40 maps -160 to black and 239 to white (PS3.3 C.11.2.1.2).
  assert.deepEqual(voiRangeFor(400, 40), { lower: -160, upper: 239 });
});

test('autoWindow ignores a few hot pixels', () => {
  const pixels = new Uint16Array(10000);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 100 + (i % 300); // values 100..399
  pixels[0] = 60000; // one hot pixel must not stretch the window
  const window = autoWindow(pixels);
  assert.ok(window);
  assert.ok(window.width < 320 && window.width > 280, `width ${window.width}`);
  assert.ok(Math.abs(window.center - 250) < 10, `center ${window.center}`);
});

test('autoWindow of nothing is null', () => {
  assert.equal(autoWindow([]), null);
});
