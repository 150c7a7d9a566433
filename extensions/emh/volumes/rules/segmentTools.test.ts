/**
 * The pure rules of the segmentation tools: the brush's disc on grids of square and of
 * anisotropic pixels, a drawn region's pixels, the default range around a seed and which edited
 * slices "Interpolate" fills between. The disc and the region are checked against numpy
 * (an independent even-odd ray test over every pixel centre); skipped without numpy.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it, type TestContext } from 'node:test';

import { brushDisc, type SlicePoint } from './brushDisc';
import { slicesToInterpolate } from './editedSlices';
import { fillPolygon } from './polygonFill';
import { seedNeighbourhood, seedRange } from './seedRange';

const PYTHON = '/usr/bin/python3';

function numpy(context: TestContext): boolean {
  if (spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) return true;
  if (process.env.CI === 'true') assert.fail('python3-numpy is not installed, and CI=true requires it');
  context.skip('python3-numpy is not installed');
  return false;
}

function python(script: string, input: unknown): number[] {
  const result = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as number[];
}

const DISC_PY = `
import json, sys, numpy as np
a = json.load(sys.stdin)
rows, cols = np.mgrid[0:a['rows'], 0:a['columns']]
d2 = ((cols - a['centre'][0]) * a['pixel'][0]) ** 2 + ((rows - a['centre'][1]) * a['pixel'][1]) ** 2
print(json.dumps(np.flatnonzero((d2 <= a['radius'] ** 2).ravel()).tolist()))
`;

const POLYGON_PY = `
import json, sys, numpy as np
a = json.load(sys.stdin)
p = np.array(a['polygon'], dtype=float)
rows, cols = np.mgrid[0:a['rows'], 0:a['columns']]
x = cols.ravel().astype(float); y = rows.ravel().astype(float)
inside = np.zeros(x.shape, dtype=bool)
# Even-odd ray casting towards +x over every edge, vectorised over the pixel centres.
for (x0, y0), (x1, y1) in zip(p, np.roll(p, -1, axis=0)):
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide='ignore', invalid='ignore'):
        xi = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    inside ^= crosses & (x < xi)
print(json.dumps(np.flatnonzero(inside).tolist()))
`;

it('a 5 mm brush covers the pixels whose centres are within 5 mm, on square and anisotropic pixels', (context) => {
  // 1.5 mm square pixels, centred on a pixel: the disc of radius 3.33 pixels has 37 pixels (numpy agrees).
  assert.equal(brushDisc([50, 50], 5, [1.5, 1.5], 100, 100).length, 37);
  if (!numpy(context)) return;
  const cases: { centre: SlicePoint; radius: number; pixel: [number, number] }[] = [
    { centre: [50, 50], radius: 5, pixel: [1.5, 1.5] },
    { centre: [20.3, 31.7], radius: 7.5, pixel: [0.7, 1.9] },
    { centre: [3.5, 60.25], radius: 12, pixel: [2.2, 0.8] },
    { centre: [0, 0], radius: 9, pixel: [1, 3] },
    { centre: [79.9, 5.1], radius: 20, pixel: [0.5, 0.5] },
  ];
  for (const c of cases) {
    const ours = brushDisc(c.centre, c.radius, c.pixel, 80, 70);
    const theirs = python(DISC_PY, { ...c, columns: 80, rows: 70 });
    assert.deepEqual(
      [...ours].sort((a, b) => a - b),
      theirs,
      JSON.stringify(c),
    );
  }
  // Anisotropic: a 5 mm brush on 1 x 2.5 mm pixels reaches 5 columns but only 2 rows either side.
  const disc = brushDisc([10, 10], 5, [1, 2.5], 30, 30);
  const rowsCovered = new Set(disc.map((o) => Math.floor(o / 30)));
  const columnsCovered = new Set(disc.map((o) => o % 30));
  assert.deepEqual(
    [...rowsCovered].sort((a, b) => a - b),
    [8, 9, 10, 11, 12],
  );
  assert.equal(Math.min(...columnsCovered), 5);
  assert.equal(Math.max(...columnsCovered), 15);
  assert.throws(() => brushDisc([1, 1], 0, [1, 1], 5, 5), /positive number of mm/);
});

it('a drawn region holds the pixels whose centres are inside it (numpy even-odd)', (context) => {
  // A square from 2.5 to 6.5 holds columns and rows 3-6: 16 pixels.
  const square = fillPolygon(
    [
      [2.5, 2.5],
      [6.5, 2.5],
      [6.5, 6.5],
      [2.5, 6.5],
    ],
    10,
    10,
  );
  assert.equal(
    square.reduce((n, v) => n + v, 0),
    16,
  );
  assert.throws(
    () =>
      fillPolygon(
        [
          [1, 1],
          [2, 2],
        ],
        5,
        5,
      ),
    /three points/,
  );
  if (!numpy(context)) return;
  const star: SlicePoint[] = Array.from({ length: 10 }, (_, k) => {
    const r = k % 2 === 0 ? 25.3 : 9.7;
    const angle = (Math.PI * k) / 5 + 0.1;
    return [40.2 + r * Math.cos(angle), 33.9 + r * Math.sin(angle)];
  });
  const freehand: SlicePoint[] = Array.from({ length: 90 }, (_, k) => {
    const angle = (2 * Math.PI * k) / 90;
    const r = 18 + 6 * Math.sin(3 * angle) + 2.3 * Math.cos(7 * angle);
    return [30.37 + r * Math.cos(angle), 40.61 + 0.8 * r * Math.sin(angle)];
  });
  // A figure of eight crossing itself, and one that runs off the image.
  const eight: SlicePoint[] = [
    [5.2, 5.3],
    [50.7, 45.1],
    [50.3, 5.6],
    [5.4, 45.9],
  ];
  const offImage: SlicePoint[] = [
    [-10.3, -7.7],
    [90.2, 10.4],
    [60.6, 90.9],
  ];
  for (const polygon of [star, freehand, eight, offImage]) {
    const ours = fillPolygon(polygon, 80, 70);
    const theirs = python(POLYGON_PY, { polygon, columns: 80, rows: 70 });
    const oursOffsets = [...ours.keys()].filter((k) => ours[k] === 1);
    assert.ok(theirs.length > 50);
    assert.deepEqual(oursOffsets, theirs);
  }
});

it('the default range is the seed block mean ± 3 SD, at least ± 40 HU on CT and ± 25 % on MR', () => {
  assert.deepEqual(seedRange([42, 42, 42], 'CT'), [2, 82]);
  // SD 20: ± 60.
  const wide = [20, 60, 20, 60, 20, 60];
  const sd = Math.sqrt(wide.reduce((s, v) => s + (v - 40) ** 2, 0) / 5);
  assert.deepEqual(seedRange(wide, 'CT'), [Math.floor(40 - 3 * sd), Math.ceil(40 + 3 * sd)]);
  assert.deepEqual(seedRange([400, 400], 'MR'), [300, 500]);
  const dims = [4, 4, 3] as const;
  const scalars = Float32Array.from({ length: 48 }, (_, k) => k);
  // At the corner only the 3 x 3 x 2 part of the block on the grid is read.
  assert.equal(seedNeighbourhood({ dims, scalars }, [0, 0, 0]).length, 18);
  assert.equal(seedNeighbourhood({ dims, scalars }, [2, 2, 1]).length, 4 * 4 * 3);
  assert.throws(() => seedNeighbourhood({ dims, scalars }, [4, 0, 0]), /off the image/);
});

it('Interpolate fills between the edited slices either side of the image on screen, else the nearest pair', () => {
  assert.equal(slicesToInterpolate([5], 6), null);
  assert.deepEqual(slicesToInterpolate([10, 2, 6], 4), [2, 6]);
  assert.deepEqual(slicesToInterpolate([10, 2, 6], 8), [6, 10]);
  assert.deepEqual(slicesToInterpolate([10, 2, 6], 10), [6, 10]);
  assert.deepEqual(slicesToInterpolate([10, 2, 6], 0), [2, 6]);
  assert.deepEqual(slicesToInterpolate([3, 9, 3], 20), [3, 9]);
});
