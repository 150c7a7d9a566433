import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import path from 'node:path';
import { greyArrayType, greyPixels, type GreyFrameAttributes, type Rescale } from './greyPixels';
import type { LoaderDecode } from './reader/loaderDecode';

/**
 * greyPixels must give what Cornerstone's own decode gives: the DICOM image loader's
 * `decodeImageFrame` (the function its workers run) is loaded from the installed package and
 * run on the same bytes, for every combination of bit depth, sign, stored bits, rescale and
 * float rendering the main-thread path takes.
 */
const loaderDir = path.dirname(createRequire(import.meta.url).resolve('@cornerstonejs/dicom-image-loader/package.json'));
const loaderModule = (await import(path.join(loaderDir, 'dist/esm/decodeImageFrameWorker.js'))) as { decodeImageFrame: LoaderDecode };
const typeModule = (await import(path.join(loaderDir, 'dist/esm/shared/getPixelDataTypeFromMinMax.js'))) as {
  default: (min: number, max: number) => new (n: number) => unknown;
};

function frameBytes(values: number[], frame: GreyFrameAttributes): Uint8Array {
  // One spare byte in front: the frame starts at an odd offset in its file, as it may.
  const width = frame.bitsAllocated / 8;
  const bytes = new Uint8Array(1 + values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (width === 1) view.setUint8(1 + i, v & 0xff);
    else view.setUint16(1 + 2 * i, v & 0xffff, true);
  });
  return bytes.subarray(1);
}

async function loaderResult(bytes: Uint8Array, frame: GreyFrameAttributes, rescale: Rescale | undefined, canRenderFloat: boolean) {
  const scalingParameters = rescale ? { rescaleSlope: rescale.slope, rescaleIntercept: rescale.intercept, modality: 'CT' } : undefined;
  const options = {
    preScale: scalingParameters ? { enabled: true, scalingParameters } : { enabled: false },
    allowFloatRendering: canRenderFloat,
  };
  const imageFrame = { ...frame, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows: 1, columns: bytes.length };
  return loaderModule.decodeImageFrame(imageFrame, '1.2.840.10008.1.2.1', bytes.slice(), {}, options);
}

const STORED: { frame: GreyFrameAttributes; values: number[] }[] = [
  { frame: { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0 }, values: [0, 1, 1024, 2000, 4095, 17] },
  { frame: { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0 }, values: [0, 65535, 40000, 3] },
  { frame: { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 }, values: [-32768, -1, 0, 32767, -2000] },
  // 12 bits stored, signed: bit 11 is the sign, the high nibble may hold anything.
  { frame: { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 }, values: [0x0800, 0x07ff, 0xf800, 0x1001, -1] },
  { frame: { bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0 }, values: [0, 255, 128, 7] },
];
const RESCALES: (Rescale | undefined)[] = [
  undefined,
  { slope: 1, intercept: -1024 },
  { slope: 2, intercept: 0 },
  { slope: 1, intercept: 0.5 },
  { slope: 0.25, intercept: -10 },
  { slope: -1, intercept: 100 },
  { slope: 1, intercept: 40000 },
];

test('greyPixels gives the DICOM image loader decode result: array type, values, extremes, scaled flag', async () => {
  let cases = 0;
  for (const { frame, values } of STORED) {
    for (const rescale of RESCALES) {
      for (const canRenderFloat of [true, false]) {
        const bytes = frameBytes(values, frame);
        const expected = await loaderResult(bytes, frame, rescale, canRenderFloat);
        const actual = greyPixels(bytes, frame, rescale, canRenderFloat);
        const label = `${JSON.stringify(frame)} ${JSON.stringify(rescale)} float ${canRenderFloat}`;
        assert.equal(actual.pixelData.constructor.name, expected.pixelData.constructor.name, label);
        assert.deepEqual([...actual.pixelData], [...(expected.pixelData as ArrayLike<number> as number[])], label);
        assert.equal(actual.smallest, expected.smallestPixelValue, label);
        assert.equal(actual.largest, expected.largestPixelValue, label);
        assert.equal(actual.scaled, expected.preScale?.scaled === true, label);
        cases += 1;
      }
    }
  }
  assert.equal(cases, STORED.length * RESCALES.length * 2);
});

test('a 16-bit frame at an even offset is read in place and never written to', () => {
  const file = new Uint8Array(4 + 6);
  new DataView(file.buffer).setUint16(4, 1000, true);
  const before = [...file];
  const result = greyPixels(
    file.subarray(4),
    { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 },
    { slope: 1, intercept: -1024 },
    true,
  );
  assert.deepEqual([...result.pixelData], [-24, -1024, -1024]);
  assert.deepEqual([...file], before);
});

test('greyArrayType is the loader getPixelDataTypeFromMinMax', () => {
  const pairs: [number, number][] = [
    [0, 255],
    [0, 256],
    [0, 65536],
    [0, 4294967296],
    [-128, 127],
    [-129, 127],
    [-32768, 32767],
    [-32769, 0],
    [0.5, 1],
    [-1, 2.5],
  ];
  for (const [min, max] of pairs) assert.equal(greyArrayType(min, max).name, typeModule.default(min, max).name, `${min}..${max}`);
});
