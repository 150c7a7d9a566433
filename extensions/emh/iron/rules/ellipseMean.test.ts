import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ellipseMean, ellipseOfHandles } from './ellipseMean';

const image = (values: (column: number, row: number) => number, slope = 1, intercept = 0) => {
  const pixels = new Uint16Array(8 * 6);
  for (let row = 0; row < 6; row++) for (let column = 0; column < 8; column++) pixels[row * 8 + column] = values(column, row);
  return { columns: 8, rows: 6, pixels, slope, intercept };
};

describe('ellipse mean', () => {
  it('takes the pixels whose centres lie inside or on the ellipse', () => {
    // A circle of radius 1 at [3, 2]: the centre and its four neighbours.
    const result = ellipseMean(
      image((c, r) => c * 10 + r),
      { center: [3, 2], radii: [1, 1] },
    );
    assert.deepEqual(result, { mean: (32 + 22 + 42 + 31 + 33) / 5, pixels: 5 });
  });

  it('applies the rescale and clips at the image edge', () => {
    const result = ellipseMean(
      image(() => 100, 2, -5),
      { center: [0, 0], radii: [1.5, 1.5] },
    );
    assert.deepEqual(result, { mean: 195, pixels: 4 });
  });

  it('is null outside the image or with no radius', () => {
    assert.equal(
      ellipseMean(
        image(() => 1),
        { center: [20, 20], radii: [1, 1] },
      ),
      null,
    );
    assert.equal(
      ellipseMean(
        image(() => 1),
        { center: [2, 2], radii: [0, 1] },
      ),
      null,
    );
  });
});

describe('ellipse from its handles', () => {
  it('gives the centre and the horizontal and vertical radii, from handles in any of the orders Cornerstone keeps', () => {
    // Cornerstone's drawing: vertical axis first (its upper end in canvas terms may come second), then left, right.
    assert.deepEqual(
      ellipseOfHandles([
        [38, 58],
        [38, 70],
        [31, 64],
        [45, 64],
      ]),
      { center: [38, 64], radii: [7, 6] },
    );
    assert.deepEqual(
      ellipseOfHandles([
        [38, 70],
        [38, 58],
        [45, 64],
        [31, 64],
      ]),
      { center: [38, 64], radii: [7, 6] },
    );
    assert.throws(() => ellipseOfHandles([[1, 2]]), /four handles/);
  });

  it('round-trips the handles the API draws from a centre and radii', () => {
    const [cx, cy, rx, ry] = [91.2, 64, 4.013, 5.5];
    const { center, radii } = ellipseOfHandles([
      [cx, cy - ry],
      [cx, cy + ry],
      [cx - rx, cy],
      [cx + rx, cy],
    ]);
    assert.ok(Math.abs(center[0] - cx) < 1e-12 && Math.abs(center[1] - cy) < 1e-12);
    assert.ok(Math.abs(radii[0] - rx) < 1e-12 && Math.abs(radii[1] - ry) < 1e-12);
  });
});
