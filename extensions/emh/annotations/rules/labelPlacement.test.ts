import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anatomyUnder, backgroundThreshold, placeLabel, type Box } from './labelPlacement';

const canvas: Box = { x: 0, y: 0, width: 600, height: 500 };
/** A body: a disc of radius 150 centred at (250, 250); all else is air. */
const body = (x: number, y: number): boolean => Math.hypot(x - 250, y - 250) > 150;
const size = { width: 170, height: 40 };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('placeLabel', () => {
  it('puts the label of an ROI inside the body on air, off the ROI', () => {
    const anchor: Box = { x: 300, y: 230, width: 40, height: 40 };
    const at = placeLabel({ anchor, size, bounds: canvas, occupied: [], isBackground: body });
    const label = { ...at, ...size };
    assert.equal(anatomyUnder(label, body), 0);
    assert.equal(overlaps(label, anchor), false);
    // The nearest air is to the right of this ROI (the body's edge is at x = 400).
    assert.ok(label.x > 340, String(label.x));
    assert.ok(label.x < 430, String(label.x));
  });

  it('with air all round, sits just right of the annotation, as Cornerstone does', () => {
    const anchor: Box = { x: 100, y: 100, width: 50, height: 30 };
    const at = placeLabel({ anchor, size, bounds: canvas, occupied: [], isBackground: () => true });
    assert.deepEqual(at, { x: 158, y: 95 });
  });

  it('covers no other annotation or label, and stays inside the viewport', () => {
    const anchor: Box = { x: 360, y: 230, width: 30, height: 40 };
    const taken: Box[] = [{ x: 390, y: 200, width: 210, height: 100 }];
    const at = placeLabel({ anchor, size, bounds: canvas, occupied: taken, isBackground: body });
    const label = { ...at, ...size };
    assert.equal(overlaps(label, taken[0]), false);
    assert.equal(overlaps(label, anchor), false);
    assert.ok(label.x >= 0);
    assert.ok(label.y >= 0);
    assert.ok(label.x + label.width <= 600);
    assert.ok(label.y + label.height <= 500);
    assert.equal(anatomyUnder(label, body), 0);
  });

  it('when the image is all anatomy (zoomed in), stays next to the annotation', () => {
    const anchor: Box = { x: 200, y: 200, width: 60, height: 60 };
    const at = placeLabel({ anchor, size, bounds: canvas, occupied: [], isBackground: () => false });
    assert.deepEqual(at, { x: 268, y: 210 });
  });
});

describe('backgroundThreshold', () => {
  it('is -400 HU on CT', () => {
    assert.equal(backgroundThreshold([0, 50, 1000], true), -400);
  });

  it('falls between MR background noise and tissue', () => {
    const values = [...Array.from({ length: 500 }, (_, i) => i % 12), ...Array.from({ length: 500 }, (_, i) => 400 + (i % 600))];
    const threshold = backgroundThreshold(values, false);
    assert.ok(threshold > 11, String(threshold));
    assert.ok(threshold < 400, String(threshold));
  });
});
