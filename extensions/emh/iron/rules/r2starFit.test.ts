import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../../../sample-dicom/random';
import { fitR2star, type EchoSignal } from './r2starFit';
import { heartIronGrade, liverIronConcentration, liverIronGrade } from './ironGrades';
import { heartIron, liverIron } from './ironSummary';

/** 12 echoes from 0.99 to 16.1 ms, as a typical liver/heart T2* protocol. */
const ECHO_TIMES = Array.from({ length: 12 }, (_, i) => 0.99 + (i * (16.1 - 0.99)) / 11);

const curve = (s0: number, r2starHz: number, offset = 0): EchoSignal[] =>
  ECHO_TIMES.map((te) => ({ echoTimeMs: te, signal: s0 * Math.exp((-r2starHz * te) / 1000) + offset }));

/** Magnitude images carry Rician noise: |S + n1 + i n2| with Gaussian n1, n2 of SD sigma. */
function rician(signals: EchoSignal[], sigma: number, rng: Rng): EchoSignal[] {
  return signals.map((e) => ({ echoTimeMs: e.echoTimeMs, signal: Math.hypot(e.signal + sigma * rng.gaussian(), sigma * rng.gaussian()) }));
}

function stats(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) };
}

describe('R2* fit', () => {
  it('recovers an analytic decay exactly (truncation model), dropping echoes under the noise floor', () => {
    const fit = fitR2star(curve(1000, 200));
    assert.ok(fit);
    assert.ok(Math.abs(fit.r2starHz - 200) < 1e-6, String(fit.r2starHz));
    assert.ok(Math.abs(fit.t2starMs - 5) < 1e-8);
    assert.ok(Math.abs(fit.s0 - 1000) < 1e-6);
    assert.ok(fit.rSquared > 0.999999);
    // exp(-0.2 TE) falls under a tenth of the first echo after TE = 12.5 ms: 9 echoes remain.
    assert.equal(fit.echoesUsed, 9);
  });

  it('recovers an analytic decay on a constant floor with the offset model', () => {
    const fit = fitR2star(curve(800, 350, 40), { model: 'offset' });
    assert.ok(fit);
    assert.equal(fit.model, 'offset');
    assert.ok(Math.abs(fit.r2starHz - 350) < 1e-5, String(fit.r2starHz));
    assert.ok(Math.abs(fit.offset - 40) < 1e-5, String(fit.offset));
    assert.equal(fit.echoesUsed, 12);
  });

  it('a heart at T2* 15 ms keeps all its echoes', () => {
    const fit = fitR2star(curve(500, 1000 / 15));
    assert.ok(fit && Math.abs(fit.t2starMs - 15) < 1e-8 && fit.echoesUsed === 12);
  });

  /** The mean of an ROI of `pixels` magnitude pixels at each echo. */
  function noisyRoi(truth: number, seed: number, pixels = 100): { echoes: EchoSignal[]; sigma: number } {
    const clean = curve(1000, truth);
    const sigma = clean[0]!.signal / 20; // SNR 20 on the first echo, per pixel
    const rng = createRng(`iron-test/${truth}/${seed}`);
    const samples = Array.from({ length: pixels }, () => rician(clean, sigma, rng));
    return {
      echoes: clean.map((e, i) => ({ echoTimeMs: e.echoTimeMs, signal: samples.reduce((s, p) => s + p[i]!.signal, 0) / pixels })),
      sigma,
    };
  }

  it('with the noise known, a 100-pixel ROI at SNR 20 is unbiased to 1 % (2 % at 1,000 Hz) over 200 seeds', () => {
    for (const [truth, maxBias] of [
      [50, 0.01],
      [100, 0.01],
      [300, 0.01],
      [600, 0.01],
      [1000, 0.02],
    ] as const) {
      const estimates = Array.from({ length: 200 }, (_, seed) => {
        const { echoes, sigma } = noisyRoi(truth, seed + 1);
        return fitR2star(echoes, { noiseSigma: sigma })?.r2starHz ?? Number.NaN;
      });
      const { mean, sd } = stats(estimates);
      const bias = Math.abs(mean - truth) / truth;
      assert.ok(bias < maxBias, `R2* ${truth} Hz: mean ${mean.toFixed(2)} (bias ${(bias * 100).toFixed(2)} %)`);
      assert.ok(sd / truth < 0.02, `R2* ${truth} Hz: SD ${((sd / truth) * 100).toFixed(2)} %`);
    }
  });

  it('without a noise estimate the Rician floor pulls R2* down, by under 4 % up to 1,000 Hz', () => {
    for (const truth of [100, 300, 1000]) {
      const estimates = Array.from({ length: 100 }, (_, seed) => fitR2star(noisyRoi(truth, seed + 1).echoes)?.r2starHz ?? Number.NaN);
      const { mean } = stats(estimates);
      assert.ok(mean < truth && (truth - mean) / truth < 0.04, `R2* ${truth} Hz: mean ${mean.toFixed(2)}`);
    }
  });

  it('refuses what cannot be fitted: fewer than three echoes, or no signal', () => {
    assert.equal(fitR2star(curve(1000, 200).slice(0, 2)), null);
    assert.equal(fitR2star(ECHO_TIMES.map((te) => ({ echoTimeMs: te, signal: 0 }))), null);
  });
});

describe('liver iron concentration and grades', () => {
  it('converts R2* with Wood 2005 or Garbowski 2014 at 1.5 T', () => {
    const wood = liverIronConcentration(200, 1.5);
    assert.equal(wood.calibration, 'wood-2005');
    assert.ok(Math.abs((wood.licMgFeG ?? 0) - (0.0254 * 200 + 0.202)) < 1e-12);
    const garbowski = liverIronConcentration(200, 1.5, 'garbowski-2014');
    assert.ok(Math.abs((garbowski.licMgFeG ?? 0) - 0.029 * 200 ** 1.014) < 1e-12);
  });

  it('gives no LIC at 3 T or at an unknown field, and says why', () => {
    const at3 = liverIronConcentration(400, 3);
    assert.equal(at3.licMgFeG, null);
    assert.match(at3.reason ?? '', /3 T/);
    assert.equal(liverIronConcentration(200, null).licMgFeG, null);
  });

  it('grades LIC and cardiac T2* at the configured cut-offs', () => {
    assert.deepEqual(
      [1.79, 1.8, 6.99, 7, 14.99, 15].map((lic) => liverIronGrade(lic)),
      ['normal', 'mild', 'mild', 'moderate', 'moderate', 'severe'],
    );
    assert.deepEqual(
      [20.1, 20, 10, 9.9].map((t2) => heartIronGrade(t2)),
      ['normal', 'mild-moderate', 'mild-moderate', 'severe'],
    );
  });
});

describe('iron summary', () => {
  const roi = (organ: 'liver' | 'heart', r2starHz: number) => ({ organ, fit: fitR2star(curve(1000, r2starHz))! });

  it('takes the liver LIC from the mean R2* of its ROIs and grades it', () => {
    const liver = liverIron([roi('liver', 250), roi('liver', 350), roi('heart', 50)], 1.5);
    assert.ok(Math.abs((liver.r2starHz ?? 0) - 300) < 1e-5);
    assert.ok(Math.abs((liver.licMgFeG ?? 0) - (0.0254 * 300 + 0.202)) < 1e-6);
    assert.equal(liver.grade, 'moderate');
    assert.equal(liver.roiCount, 2);
  });

  it('grades the heart from its septal T2*', () => {
    const heart = heartIron([roi('heart', 1000 / 15)], 1.5);
    assert.ok(Math.abs((heart.t2starMs ?? 0) - 15) < 1e-6);
    assert.equal(heart.grade, 'mild-moderate');
    assert.equal(heartIron([], 1.5).grade, null);
  });
});
