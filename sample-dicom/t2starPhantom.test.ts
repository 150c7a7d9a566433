import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitR2star } from '../extensions/emh/iron/rules/r2starFit';
import { recogniseEchoSeries } from '../extensions/emh/iron/rules/echoTrain';
import { ECHO_TIMES_MS, T2STAR_NOISE_SIGMA, t2starImages, t2starPixels, t2starTissueAt, t2starTruth } from './t2starPhantom';

const truth = t2starTruth();
const COLUMNS = 128;

/** Mean of the stored pixels inside a truth ROI (pixel centres on integers). */
function roiMean(pixels: Uint16Array, { center, radii }: { center: [number, number]; radii: [number, number] }): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < pixels.length; i++) {
    const column = i % COLUMNS;
    const row = Math.floor(i / COLUMNS);
    if (((column - center[0]) / radii[0]) ** 2 + ((row - center[1]) / radii[1]) ** 2 <= 1) {
      sum += pixels[i]!;
      count += 1;
    }
  }
  assert.ok(count >= 20, `an ROI of ${count} pixels`);
  return sum / count;
}

describe('the T2* sample study', () => {
  it('is 12 echoes from 0.99 to 16.1 ms at two positions, recognised as two echo trains', () => {
    assert.deepEqual(ECHO_TIMES_MS.slice(0, 2), [0.99, 2.36]);
    assert.equal(ECHO_TIMES_MS[11], 16.1);
    const images = t2starImages().map(({ dataset, relative }) => ({
      id: relative,
      echoTimeMs: dataset.EchoTime as number,
      slicePositionMm: (dataset.ImagePositionPatient as number[])[2]!,
      imageType: dataset.ImageType as string[],
    }));
    const series = recogniseEchoSeries(images);
    assert.equal(series.kind, 't2star');
    assert.ok(series.kind === 't2star' && series.trains.length === 2 && series.description === 'T2*: 12 echoes, TE 0.99-16.1 ms');
  });

  it("gives each tissue's ROI an R2* within 2 % of its truth (Rician noise, SNR >= 20 on the first echo)", () => {
    for (const position of [0, 1]) {
      const echoes = ECHO_TIMES_MS.map((te, echo) => ({ te, pixels: t2starPixels(position, echo) }));
      for (const tissue of truth.tissues) {
        const first = tissue.s0 * Math.exp((-tissue.r2starHz * ECHO_TIMES_MS[0]!) / 1000);
        assert.ok(first / T2STAR_NOISE_SIGMA >= 20, `${tissue.name}: SNR ${(first / T2STAR_NOISE_SIGMA).toFixed(1)} on the first echo`);
        const fit = fitR2star(
          echoes.map(({ te, pixels }) => ({ echoTimeMs: te, signal: roiMean(pixels, tissue.roi) })),
          { noiseSigma: T2STAR_NOISE_SIGMA },
        );
        assert.ok(fit, tissue.name);
        const error = Math.abs(fit.r2starHz - tissue.r2starHz) / tissue.r2starHz;
        assert.ok(error < 0.02, `${tissue.name} at position ${position}: R2* ${fit.r2starHz.toFixed(1)} vs ${tissue.r2starHz} Hz`);
      }
    }
  });

  it('puts every ROI on its own tissue only', () => {
    for (const tissue of truth.tissues) {
      const { center, radii } = tissue.roi;
      for (let row = 0; row < 128; row++) {
        for (let column = 0; column < COLUMNS; column++) {
          if (((column - center[0]) / radii[0]) ** 2 + ((row - center[1]) / radii[1]) ** 2 <= 1) {
            assert.equal(t2starTissueAt(column, row), tissue.name, `[${column}, ${row}] in the ${tissue.name} ROI`);
          }
        }
      }
    }
  });

  it('holds a liver of moderate iron (LIC 10 mg/g by Wood 2005) and a heart of T2* 15 ms', () => {
    const liver = truth.tissues.find((t) => t.name === 'liver')!;
    assert.ok(Math.abs(0.0254 * liver.r2starHz + 0.202 - 10) < 1e-3);
    assert.equal(truth.liverGrade, 'moderate');
    assert.equal(truth.tissues.find((t) => t.name === 'heart')!.t2starMs, 15);
  });
});
