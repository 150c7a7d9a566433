import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import test from 'node:test';
import dicomParser from 'dicom-parser';
import { encodeFrame } from '../../../e2e/fixtures/frameEncoders';
import { PYDICOM_TEST_FILES } from '../fuzz/fuzzSources';
import { loaderDecodeModule, loaderImageFrame } from '../fuzz/nodeDecode';
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
    imageFrame: loaderImageFrame(dataSet),
    stored: dataSet.byteArray.slice(pixels.dataOffset, pixels.dataOffset + pixels.length),
    rescale: { slope: dataSet.floatString('x00281053') ?? 1, intercept: dataSet.floatString('x00281052') ?? 0 },
    modality: dataSet.string('x00080060') ?? '',
  };
}

const sampleCt = (): Source => source('sample CT slice 24', join(import.meta.dirname, '../../../sample-dicom/output/ct-nc/IM-0024.dcm'));

/** pydicom's CT_small.dcm with 1,024 taken off every stored value, so that many are negative. */
function negativeCt(): Source {
  const s = source('pydicom CT_small.dcm - 1024', join(PYDICOM_TEST_FILES, 'CT_small.dcm'));
  const values = new Int16Array(s.stored.buffer.slice(s.stored.byteOffset, s.stored.byteOffset + s.stored.byteLength));
  for (let i = 0; i < values.length; i++) values[i] = values[i]! - 1024;
  return { ...s, stored: new Uint8Array(values.buffer) };
}

interface Decoded {
  pixelData: ArrayLike<number> & { constructor: { name: string } };
  smallestPixelValue: number;
  largestPixelValue: number;
}

function options(s: Source, rescale: boolean): Record<string, unknown> {
  const preScale = rescale
    ? { enabled: true, scalingParameters: { rescaleSlope: s.rescale.slope, rescaleIntercept: s.rescale.intercept, modality: s.modality } }
    : { enabled: false };
  return { preScale, allowFloatRendering: true };
}

async function encoded(s: Source): Promise<Uint8Array> {
  const frame = {
    columns: Number(s.imageFrame.columns),
    rows: Number(s.imageFrame.rows),
    bitsStored: Number(s.imageFrame.bitsStored),
    bytes: s.stored,
  };
  return encodeFrame('htj2k-lossless', frame);
}

test("one kept decoder gives the DICOM image loader's own values on our unsigned CT, rescaled or not", async () => {
  const loader = await loaderDecodeModule();
  const decoding = new Htj2kDecoding(await codec());
  const s = sampleCt();
  const frame = await encoded(s);
  // Lossless: the stored values come back as they were (independent of either decoder's typing).
  const mine = decoding.decode(frame, 0);
  assert.deepEqual(new Uint8Array(mine.pixelData.buffer, mine.pixelData.byteOffset, mine.pixelData.byteLength), s.stored);
  for (const rescale of [true, false]) {
    const expected = (await loader.decodeImageFrame(
      { ...s.imageFrame },
      HTJ2K,
      frame,
      { wasmBasePath: loader.wasmBasePath },
      options(s, rescale),
    )) as unknown as Decoded;
    const actual = loader.postProcessDecodedPixels(
      { ...s.imageFrame, ...decoding.decode(frame, 0) },
      options(s, rescale),
      Date.now(),
      {},
    ) as Decoded;
    assert.equal(actual.pixelData.constructor.name, expected.pixelData.constructor.name, `rescale ${rescale}`);
    assert.deepEqual(Array.from(actual.pixelData), Array.from(expected.pixelData), `rescale ${rescale}`);
    assert.equal(actual.smallestPixelValue, expected.smallestPixelValue);
    assert.equal(actual.largestPixelValue, expected.largestPixelValue);
  }
});

test("signed datasets (pydicom's CT and MR, and the CT with negative values) read signed, whatever the codestream says", async () => {
  const loader = await loaderDecodeModule();
  const decoding = new Htj2kDecoding(await codec());
  const sources = [
    () => source('pydicom CT_small.dcm', join(PYDICOM_TEST_FILES, 'CT_small.dcm')),
    () => source('pydicom MR_small.dcm', join(PYDICOM_TEST_FILES, 'MR_small.dcm')),
    negativeCt,
  ];
  for (const make of sources) {
    const s = make();
    assert.equal(s.imageFrame.pixelRepresentation, 1, s.name);
    // The fixtures' encoder writes an unsigned codestream: the dataset's PixelRepresentation wins.
    const frame = await encoded(s);
    const truth = new Int16Array(s.stored.buffer.slice(s.stored.byteOffset, s.stored.byteOffset + s.stored.byteLength));
    const raw = loader.postProcessDecodedPixels(
      { ...s.imageFrame, ...decoding.decode(frame, 1) },
      options(s, false),
      Date.now(),
      {},
    ) as Decoded;
    assert.deepEqual(Array.from(raw.pixelData), Array.from(truth), s.name);
    assert.equal(raw.smallestPixelValue, Math.min(...truth), s.name);
    const scaled = loader.postProcessDecodedPixels(
      { ...s.imageFrame, ...decoding.decode(frame, 1) },
      options(s, true),
      Date.now(),
      {},
    ) as Decoded;
    assert.deepEqual(
      Array.from(scaled.pixelData),
      Array.from(truth, (v) => v * s.rescale.slope + s.rescale.intercept),
      `${s.name}, rescaled`,
    );
  }
});

test('decoding frame after frame does not grow the codec memory (the loader grew by ~0.75 MB a frame)', async () => {
  const decoding = new Htj2kDecoding(await codec());
  const s = sampleCt();
  const encoded = await encodeFrame('htj2k-lossless', { columns: 256, rows: 256, bitsStored: 12, bytes: s.stored });
  for (let i = 0; i < 5; i++) decoding.decode(encoded, 0);
  const settled = decoding.memoryBytes();
  for (let i = 0; i < 300; i++) decoding.decode(encoded, 0);
  assert.equal(decoding.memoryBytes(), settled);
});

test('a codestream without its header throws; one cut short gives what a new decoder gives, not the previous frame', async () => {
  const kept = new Htj2kDecoding(await codec());
  const s = sampleCt();
  const whole = await encodeFrame('htj2k-lossless', { columns: 256, rows: 256, bitsStored: 12, bytes: s.stored });
  kept.decode(whole, 0);
  assert.throws(() => kept.decode(whole.subarray(0, 40), 0), /HTJ2K frame not decoded/);
  assert.deepEqual(new Uint8Array(kept.decode(whole, 0).pixelData.buffer), s.stored);
  const short = whole.subarray(0, whole.length >> 1);
  const fresh = new Htj2kDecoding(await codec()).decode(short, 0);
  const again = kept.decode(short, 0);
  assert.deepEqual(Array.from(again.pixelData), Array.from(fresh.pixelData));
  assert.notDeepEqual(new Uint8Array(again.pixelData.buffer), s.stored);
});
