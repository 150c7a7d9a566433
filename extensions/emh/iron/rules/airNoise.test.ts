import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { createRng } from '../../../../sample-dicom/random';
import { T2STAR_NOISE_SIGMA, t2starPixels } from '../../../../sample-dicom/t2starPhantom';
import { airNoiseSigma } from './airNoise';
import type { PixelImage } from './ellipseMean';

const image = (pixels: ArrayLike<number>, size: number, slope = 1, intercept = 0): PixelImage => ({
  columns: size,
  rows: size,
  pixels,
  slope,
  intercept,
});

/** A disc of tissue (signal `s`) filling `fill` of the field, Rician noise of SD `sigma` everywhere. */
function phantom(size: number, s: number, sigma: number, fill: number, seed: string): Float64Array {
  const rng = createRng(seed);
  const pixels = new Float64Array(size * size);
  const c = (size - 1) / 2;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const signal = Math.hypot(column - c, row - c) <= (fill * size) / 2 ? s : 0;
      pixels[row * size + column] = Math.hypot(signal + sigma * rng.gaussian(), sigma * rng.gaussian());
    }
  }
  return pixels;
}

describe('sigma from the air of a magnitude image', () => {
  it("gives the T2* sample's sigma (12) from the first echo at each position", () => {
    for (const position of [0, 1]) {
      const air = airNoiseSigma(image(t2starPixels(position, 0), 128));
      assert.ok(air, `air at position ${position}`);
      assert.equal(air.corners.length, 4);
      assert.equal(air.pixels, 4 * 13 * 13);
      // numpy on the sample's DICOM files (the same pixels), corners of 13 pixels, mean / sqrt(pi/2):
      // IM-0001 (position 1) 11.971, IM-0013 (position 2) 11.748.
      assert.ok(Math.abs(air.sigma - [11.971, 11.748][position]!) < 0.01, `sigma ${air.sigma}`);
      assert.ok(Math.abs(air.sigma - T2STAR_NOISE_SIGMA) / T2STAR_NOISE_SIGMA < 0.05);
    }
  });

  it('is unbiased over many noise draws, and follows the rescale', () => {
    const estimates = Array.from({ length: 40 }, (_, k) => airNoiseSigma(image(phantom(128, 500, 20, 0.8, `air/${k}`), 128))!.sigma);
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    assert.ok(Math.abs(mean - 20) / 20 < 0.01, `mean of estimates ${mean}`);
    const scaled = airNoiseSigma(image(phantom(128, 500, 20, 0.8, 'air/scaled'), 128, 2, 0))!;
    const plain = airNoiseSigma(image(phantom(128, 500, 20, 0.8, 'air/scaled'), 128))!;
    assert.ok(Math.abs(scaled.sigma - 2 * plain.sigma) < 1e-9);
  });

  it('finds no air when the body fills the field, or the background is masked to zero', () => {
    assert.equal(airNoiseSigma(image(phantom(128, 500, 20, 1.6, 'full'), 128)), null);
    const masked = phantom(128, 500, 20, 0.8, 'masked').map((v, i) =>
      Math.hypot((i % 128) - 63.5, Math.floor(i / 128) - 63.5) > 51.2 ? 0 : v,
    );
    assert.equal(airNoiseSigma(image(masked, 128)), null);
  });

  it('leaves out a corner that holds tissue and keeps the others', () => {
    const pixels = phantom(128, 500, 20, 0.8, 'corner');
    for (let row = 0; row < 20; row++)
      for (let column = 0; column < 20; column++) pixels[row * 128 + column] = 300 + 30 * ((row + column) % 3);
    const air = airNoiseSigma(image(pixels, 128))!;
    assert.deepEqual(air.corners, ['top-right', 'bottom-left', 'bottom-right']);
    assert.ok(Math.abs(air.sigma - 20) / 20 < 0.06, `sigma ${air.sigma}`);
  });

  const mrSmall = '/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm';
  it("finds no air on pydicom's MR_small.dcm, whose body fills the field", { skip: !existsSync(mrSmall) }, () => {
    // numpy (corners of 6 pixels): mean / SD 2.87, 7.0, 10.1, 7.4, means 266-1208 of a 127-2145 image:
    // tissue in every corner, no Rayleigh background.
    const bytes = new Uint8Array(readFileSync(mrSmall));
    const dataSet = dicomParser.parseDicom(bytes);
    const rows = dataSet.uint16('x00280010')!;
    const pixelData = dataSet.elements.x7fe00010!;
    const pixels = new Int16Array(
      bytes.buffer.slice(bytes.byteOffset + pixelData.dataOffset, bytes.byteOffset + pixelData.dataOffset + pixelData.length),
    );
    assert.equal(rows, 64);
    assert.equal(Math.min(...pixels), 127);
    assert.equal(Math.max(...pixels), 2145);
    assert.equal(airNoiseSigma(image(pixels, 64)), null);
  });
});
