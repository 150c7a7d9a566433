import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../sample-dicom/random';
import { T2STAR_NOISE_SIGMA, t2starPixels, t2starTissueAt, t2starTruth } from '../../../../sample-dicom/t2starPhantom';
import { computeR2starMap, fitPixelDecay, noiseFromAir, pixelDecays, type EchoStack } from './r2starMap';
import { fitR2star } from './r2starFit';
import { legendTicks, mapPixels, r2starColour, t2starLabel } from './r2starColours';

const ECHO_TIMES = Array.from({ length: 12 }, (_, i) => 0.99 + (i * (16.1 - 0.99)) / 11);

/** A 40 x 30 image: air around three blocks of known S0 and R2*. */
const BLOCKS = [
  { columns: [2, 13], s0: 800, r2starHz: 385.75 },
  { columns: [14, 25], s0: 550, r2starHz: 66.67 },
  { columns: [26, 37], s0: 650, r2starHz: 1000 },
] as const;

function blockAt(column: number, row: number) {
  if (row < 3 || row > 26) return null;
  return BLOCKS.find((b) => column >= b.columns[0] && column <= b.columns[1]) ?? null;
}

function analyticStack(noise: ((signal: number) => number) | null): EchoStack {
  const columns = 40;
  const rows = 30;
  const echoes = ECHO_TIMES.map((te) => {
    const image = new Float32Array(columns * rows);
    for (let row = 0; row < rows; row++)
      for (let column = 0; column < columns; column++) {
        const block = blockAt(column, row);
        const signal = block ? block.s0 * Math.exp((-block.r2starHz * te) / 1000) : 0;
        image[row * columns + column] = noise ? noise(signal) : signal;
      }
    return image;
  });
  return { columns, rows, echoTimesMs: ECHO_TIMES, echoes };
}

describe('R2* map', () => {
  it('gives every pixel of an analytic decay its R2* exactly, and air no value', () => {
    for (const neighbourhood of [0, 1]) {
      const map = computeR2starMap(analyticStack(null), { neighbourhood });
      // No air noise to measure: the mask falls back to a twentieth of the bright tissue.
      assert.equal(map.noiseSigma, null);
      let checked = 0;
      for (let row = 0; row < map.rows; row++)
        for (let column = 0; column < map.columns; column++) {
          const block = blockAt(column, row);
          const value = map.r2starHz[row * map.columns + column]!;
          if (!block) {
            assert.ok(Number.isNaN(value), `air at ${column},${row} has ${value}`);
            continue;
          }
          // The 3 x 3 mean mixes two blocks on their borders; inside, the curve is the block's.
          const inside = neighbourhood === 0 || (blockAt(column - 1, row - 1) === block && blockAt(column + 1, row + 1) === block);
          if (!inside) continue;
          assert.ok(Math.abs(value - block.r2starHz) < 1e-6 * block.r2starHz, `${value} vs ${block.r2starHz} at ${column},${row}`);
          checked++;
        }
      assert.ok(checked > 600, String(checked));
      assert.equal(map.masked, 40 * 30 - 24 * 36);
    }
  });

  it('fits one pixel as the ROI fit does (same model, same echoes)', () => {
    const rng = createRng('r2star-map/agree');
    const signals = ECHO_TIMES.map((te) => Math.hypot(700 * Math.exp(-0.3 * te) + 12 * rng.gaussian(), 12 * rng.gaussian()));
    // No noise given: the ROI fit's floor is a tenth of the first echo; take the same echoes.
    const roi = fitR2star(
      signals.slice(0, 6).map((signal, i) => ({ echoTimeMs: ECHO_TIMES[i]!, signal })),
      { minRSquared: 0 },
    );
    assert.ok(roi);
    const pixel = fitPixelDecay(ECHO_TIMES, signals, 0, 6);
    assert.ok(Math.abs(pixel - roi.r2starHz) < 1e-6 * roi.r2starHz, `${pixel} vs ${roi.r2starHz}`);
  });

  it('estimates the noise from the air of a Rician image', () => {
    const rng = createRng('r2star-map/air');
    const sigma = 12;
    const stack = analyticStack((s) => Math.hypot(s + sigma * rng.gaussian(), sigma * rng.gaussian()));
    const estimate = noiseFromAir(stack.echoes[0]!);
    assert.ok(estimate !== null && Math.abs(estimate - sigma) < 0.08 * sigma, String(estimate));
    // A zero-filled background says nothing about the noise.
    assert.equal(noiseFromAir(analyticStack(null).echoes[0]!), null);
  });

  it('on the T2* sample (Rician sigma 12), the liver and heart centres within 3 % and 5 %, the air empty', () => {
    const truth = t2starTruth();
    for (const position of [0, 1]) {
      const stack: EchoStack = {
        columns: 128,
        rows: 128,
        echoTimesMs: truth.echoTimesMs,
        echoes: truth.echoTimesMs.map((_, echo) => t2starPixels(position, echo)),
      };
      const map = computeR2starMap(stack);
      assert.ok(
        map.noiseSigma !== null && Math.abs(map.noiseSigma - T2STAR_NOISE_SIGMA) < 0.1 * T2STAR_NOISE_SIGMA,
        String(map.noiseSigma),
      );
      const at = ([column, row]: readonly number[]) => map.r2starHz[Math.round(row!) * 128 + Math.round(column!)]!;
      for (const [name, fraction] of [
        ['liver', 0.03],
        ['heart', 0.05],
        ['spleen', 0.05],
      ] as const) {
        const tissue = truth.tissues.find((t) => t.name === name)!;
        const value = at(tissue.roi.center);
        assert.ok(
          Math.abs(value - tissue.r2starHz) <= fraction * tissue.r2starHz,
          `${name} ${value} vs ${tissue.r2starHz} at position ${position}`,
        );
      }
      // Every air pixel away from tissue has no value (1 pixel of margin: the 3 x 3 mean reaches it).
      let airWithValue = 0;
      for (let row = 1; row < 127; row++)
        for (let column = 1; column < 127; column++) {
          const airAround = [-1, 0, 1].every((dr) => [-1, 0, 1].every((dc) => t2starTissueAt(column + dc, row + dr) === null));
          if (airAround && Number.isFinite(map.r2starHz[row * 128 + column]!)) airWithValue++;
        }
      assert.equal(airWithValue, 0);
      // The liver's pixels within the truth ROI: their median within 1 %, their spread small.
      const liver = truth.tissues.find((t) => t.name === 'liver')!;
      const values: number[] = [];
      for (let row = 0; row < 128; row++)
        for (let column = 0; column < 128; column++)
          if (Math.hypot(column - liver.roi.center[0], row - liver.roi.center[1]) <= liver.roi.radii[0])
            values.push(map.r2starHz[row * 128 + column]!);
      values.sort((a, b) => a - b);
      const median = values[Math.floor(values.length / 2)]!;
      assert.ok(Math.abs(median - liver.r2starHz) < 0.01 * liver.r2starHz, `liver median ${median}`);
      const spread = (values[Math.floor(values.length * 0.9)]! - values[Math.floor(values.length * 0.1)]!) / median;
      assert.ok(spread < 0.08, `liver 10-90 % spread ${spread}`);
    }
  });

  it('refuses a stack it cannot fit', () => {
    const stack = analyticStack(null);
    assert.throws(() => computeR2starMap({ ...stack, echoes: stack.echoes.slice(1) }), /one image per echo time/);
    assert.throws(() => computeR2starMap({ ...stack, echoTimesMs: [...ECHO_TIMES].reverse() }), /echo times must rise/);
    assert.throws(() => pixelDecays({ ...stack, columns: 10 }), /Every echo must hold/);
  });
});

describe('R2* map colours', () => {
  it('runs from the bottom colour at 0 Hz to the top one at 500 Hz and above', () => {
    assert.deepEqual(r2starColour(0), [48, 18, 59]);
    assert.deepEqual(r2starColour(500), [122, 4, 3]);
    assert.deepEqual(r2starColour(900), [122, 4, 3]);
    // Halfway is the sixth control point, to the 256 steps the overlay is drawn in.
    const middle = r2starColour(250);
    [36, 236, 166].forEach((v, k) => assert.ok(Math.abs(middle[k]! - v) <= 2, `${middle.join()}`));
    const rgba = mapPixels(Float32Array.of(250, Number.NaN));
    assert.deepEqual([...rgba], [...middle, 255, 0, 0, 0, 0]);
  });

  it('labels the legend in Hz and T2* ms', () => {
    const ticks = legendTicks();
    assert.deepEqual(
      ticks.map((t) => [t.hzLabel, t.t2starLabel]),
      [
        ['0', '∞'],
        ['100', '10'],
        ['200', '5.0'],
        ['300', '3.3'],
        ['400', '2.5'],
        ['≥500', '2.0'],
      ],
    );
    assert.equal(t2starLabel(66.67), '15');
  });
});
