import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import test from 'node:test';
import dicomParser from 'dicom-parser';
import { encodeFrame } from '../../../e2e/fixtures/frameEncoders';
import { PYDICOM_TEST_FILES } from '../fuzz/fuzzSources';
import { loaderDecodeModule } from '../fuzz/nodeDecode';
import { Htj2kDecoding, type Htj2kCodec } from './htj2kDecoding';

const require = createRequire(import.meta.url);
const HTJ2K = '1.2.840.10008.1.2.4.201';

async function codec(): Promise<Htj2kCodec> {
  const factory = require('@cornerstonejs/codec-openjph/wasmjs') as (module: { wasmBinary: Buffer }) => Promise<Htj2kCodec>;
  return factory({ wasmBinary: readFileSync(require.resolve('@cornerstonejs/codec-openjph/wasm')) });
}

interface Source {
  name: string;
  imageFrame: Record<string, unknown>;
  stored: Uint8Array;
  rescale: { slope: number; intercept: number };
  modality: string;
}

/** A native 16-bit single-frame file: its stored bytes and what the loader's imageFrame says of it. */
function source(name: string, path: string): Source {
  const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(path)));
  const pixels = dataSet.elements.x7fe00010!;
  return {
    name,
    imageFrame: {
      samplesPerPixel: 1,
      photometricInterpretation: dataSet.string('x00280004'),
      planarConfiguration: undefined,
      rows: dataSet.uint16('x00280010'),
      columns: dataSet.uint16('x00280011'),
      bitsAllocated: dataSet.uint16('x00280100'),
      bitsStored: dataSet.uint16('x00280101'),
      pixelRepresentation: dataSet.uint16('x00280103'),
      pixelData: undefined,
    },
    stored: dataSet.byteArray.slice(pixels.dataOffset, pixels.dataOffset + pixels.length),
    rescale: { slope: dataSet.floatString('x00281053') ?? 1, intercept: dataSet.floatString('x00281052') ?? 0 },
    modality: dataSet.string('x00080060') ?? '',
  };
}

const SOURCES = [
  // Our phantom: 12 bits stored, unsigned, rescale intercept -1024.
  () => source('sample CT slice 24', join(import.meta.dirname, '../../../sample-dicom/output/ct-nc/IM-0024.dcm')),
  // Written by others (pydicom's test files): 16-bit signed CT, 16-bit signed MR.
  () => source('pydicom CT_small.dcm', join(PYDICOM_TEST_FILES, 'CT_small.dcm')),
  () => source('pydicom MR_small.dcm', join(PYDICOM_TEST_FILES, 'MR_small.dcm')),
];

interface Decoded {
  pixelData: ArrayLike<number> & { constructor: { name: string } };
  smallestPixelValue: number;
  largestPixelValue: number;
}

test("one kept decoder gives the DICOM image loader's own values, rescaled or not, on our CT and on pydicom's signed CT and MR", async () => {
  const loader = await loaderDecodeModule();
  const decoding = new Htj2kDecoding(await codec());
  for (const make of SOURCES) {
    const s = make();
    const frame = {
      columns: Number(s.imageFrame.columns),
      rows: Number(s.imageFrame.rows),
      bitsStored: Number(s.imageFrame.bitsStored),
      bytes: s.stored,
    };
    const encoded = await encodeFrame('htj2k-lossless', frame);
    // Lossless: the stored values come back as they were (independent of either decoder's typing).
    const mine = decoding.decode(encoded);
    assert.deepEqual(new Uint8Array(mine.pixelData.buffer, mine.pixelData.byteOffset, mine.pixelData.byteLength), s.stored, s.name);
    for (const preScale of [
      { enabled: true, scalingParameters: { rescaleSlope: s.rescale.slope, rescaleIntercept: s.rescale.intercept, modality: s.modality } },
      { enabled: false },
    ]) {
      const options = { preScale, allowFloatRendering: true };
      const expected = (await loader.decodeImageFrame(
        { ...s.imageFrame },
        HTJ2K,
        encoded,
        { wasmBasePath: loader.wasmBasePath },
        options,
      )) as unknown as Decoded;
      const actual = loader.postProcessDecodedPixels({ ...s.imageFrame, ...decoding.decode(encoded) }, options, Date.now(), {}) as Decoded;
      const label = `${s.name}, rescale ${preScale.enabled ? 'applied' : 'off'}`;
      assert.equal(actual.pixelData.constructor.name, expected.pixelData.constructor.name, label);
      assert.deepEqual(Array.from(actual.pixelData), Array.from(expected.pixelData), label);
      assert.equal(actual.smallestPixelValue, expected.smallestPixelValue, label);
      assert.equal(actual.largestPixelValue, expected.largestPixelValue, label);
    }
  }
});

test('decoding frame after frame does not grow the codec memory (the loader grew by ~0.75 MB a frame)', async () => {
  const decoding = new Htj2kDecoding(await codec());
  const s = SOURCES[0]!();
  const encoded = await encodeFrame('htj2k-lossless', { columns: 256, rows: 256, bitsStored: 12, bytes: s.stored });
  for (let i = 0; i < 5; i++) decoding.decode(encoded);
  const settled = decoding.memoryBytes();
  for (let i = 0; i < 300; i++) decoding.decode(encoded);
  assert.equal(decoding.memoryBytes(), settled);
});

test('a codestream without its header throws; one cut short gives what a new decoder gives, not the previous frame', async () => {
  const kept = new Htj2kDecoding(await codec());
  const s = SOURCES[0]!();
  const whole = await encodeFrame('htj2k-lossless', { columns: 256, rows: 256, bitsStored: 12, bytes: s.stored });
  kept.decode(whole);
  assert.throws(() => kept.decode(whole.subarray(0, 40)), /HTJ2K frame not decoded/);
  assert.deepEqual(new Uint8Array(kept.decode(whole).pixelData.buffer), s.stored);
  const short = whole.subarray(0, whole.length >> 1);
  const fresh = new Htj2kDecoding(await codec()).decode(short);
  const again = kept.decode(short);
  assert.deepEqual(Array.from(again.pixelData), Array.from(fresh.pixelData));
  assert.notDeepEqual(new Uint8Array(again.pixelData.buffer), s.stored);
});
