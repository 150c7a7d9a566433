import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatLesionAxes,
  indexSegmentLength,
  isUsablePixelSpacing,
  measureLesionAxes,
  mmSegmentLength,
  mmToDisplayCm,
  type LesionAxes,
} from './lesionMeasurement';

const close = (actual: number, expected: number, tolerance = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);

describe('indexSegmentLength', () => {
  it('scales columns by the column spacing and rows by the row spacing', () => {
    // PixelSpacing is [row spacing, column spacing]: a 10-column step is 10 x 0.5 mm.
    assert.equal(
      indexSegmentLength(
        [
          [0, 0],
          [10, 0],
        ],
        [2, 0.5],
      ),
      5,
    );
    assert.equal(
      indexSegmentLength(
        [
          [0, 0],
          [0, 10],
        ],
        [2, 0.5],
      ),
      20,
    );
    assert.equal(
      indexSegmentLength(
        [
          [0, 0],
          [3, 4],
        ],
        null,
      ),
      5,
    );
  });
});

describe('mmSegmentLength', () => {
  it('measures 2D and 3D points and refuses mixed dimensions', () => {
    assert.equal(
      mmSegmentLength([
        [0, 0],
        [30, 40],
      ]),
      50,
    );
    assert.equal(
      mmSegmentLength([
        [1, 2, 3],
        [1, 2, 13],
      ]),
      10,
    );
    assert.throws(
      () =>
        mmSegmentLength([
          [0, 0],
          [1, 1, 1],
        ]),
      RangeError,
    );
  });
});

describe('measureLesionAxes', () => {
  it('gives mm for a calibrated image (L4: 10.0 x 5.7 cm at 1.5 mm pixels)', () => {
    const axes = measureLesionAxes({
      space: 'index',
      longAxis: [
        [100, 128],
        [100 + 100 / 1.5, 128],
      ],
      shortAxis: [
        [133, 128 - 19],
        [133, 128 + 19],
      ],
      pixelSpacing: [1.5, 1.5],
    });
    assert.equal(axes.calibrated, true);
    if (!axes.calibrated) return;
    close(axes.longAxisMm, 100);
    close(axes.shortAxisMm, 57);
  });

  it('swaps the axes so long >= short', () => {
    const axes = measureLesionAxes({
      space: 'mm',
      longAxis: [
        [0, 0],
        [0, 15],
      ],
      shortAxis: [
        [0, 0],
        [20, 0],
      ],
    });
    assert.deepEqual(axes, { calibrated: true, longAxisMm: 20, shortAxisMm: 15 });
  });

  it('keeps pixels and says uncalibrated without pixel spacing', () => {
    const axes = measureLesionAxes({
      space: 'index',
      longAxis: [
        [0, 0],
        [0, 40],
      ],
      shortAxis: [
        [0, 0],
        [30, 0],
      ],
      pixelSpacing: null,
    });
    assert.deepEqual(axes, { calibrated: false, longAxisPx: 40, shortAxisPx: 30 });
    assert.ok(!('longAxisMm' in axes));
  });

  it('treats zero, negative or non-finite spacing as no spacing', () => {
    for (const spacing of [
      [0, 1],
      [1, -1],
      [Number.NaN, 1],
    ] as const) {
      assert.equal(isUsablePixelSpacing(spacing), false);
      const axes = measureLesionAxes({
        space: 'index',
        longAxis: [
          [0, 0],
          [0, 4],
        ],
        shortAxis: [
          [0, 0],
          [3, 0],
        ],
        pixelSpacing: spacing,
      });
      assert.equal(axes.calibrated, false);
    }
    assert.equal(isUsablePixelSpacing([1.5, 1.5]), true);
  });
});

describe('formatLesionAxes', () => {
  it('writes RECIST-style cm with one decimal', () => {
    const l4: LesionAxes = { calibrated: true, longAxisMm: 100, shortAxisMm: 57 };
    assert.equal(formatLesionAxes(l4, 'L4'), 'L4 10.0 x 5.7 cm');
    assert.equal(formatLesionAxes({ calibrated: true, longAxisMm: 42, shortAxisMm: 28 }), '4.2 x 2.8 cm');
  });

  it('rounds half up as printed, not as stored in binary', () => {
    assert.equal(formatLesionAxes({ calibrated: true, longAxisMm: 14.5, shortAxisMm: 14.4999 }), '1.5 x 1.4 cm');
  });

  it('never writes cm or mm for an uncalibrated image', () => {
    const text = formatLesionAxes({ calibrated: false, longAxisPx: 120, shortAxisPx: 80.26 }, 'L1');
    assert.equal(text, 'L1 120.0 x 80.3 px (uncalibrated)');
    assert.doesNotMatch(text, /cm|mm/);
  });
});

describe('mmToDisplayCm', () => {
  it('rounds to one decimal and keeps null as null', () => {
    assert.equal(mmToDisplayCm(57), 5.7);
    assert.equal(mmToDisplayCm(41.96), 4.2);
    assert.equal(mmToDisplayCm(null), null);
  });
});
