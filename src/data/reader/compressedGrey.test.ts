import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import dicomParser, { type DataSet } from 'dicom-parser';
import { reencodeFile } from '../../../e2e/fixtures/transferSyntaxes';
import { PYDICOM_TEST_FILES } from '../fuzz/fuzzSources';
import { loaderDecodeModule, loaderImageFrame } from '../fuzz/nodeDecode';
import { decodeCompressedGrey, type KeptCodecs } from './compressedGrey';
import { greyFromCodecFrame, type CodecFrame } from './codecFrame';
import { Htj2kDecoding, type Htj2kCodec } from './htj2kDecoding';
import { JpegLsDecoding, type JpegLsCodec } from './jpegLsDecoding';

const require = createRequire(import.meta.url);

/** The two kept codecs, loaded in Node, counting the frames they decode. */
async function nodeCodecs(): Promise<KeptCodecs & { decoded: () => number }> {
  const charls = require('@cornerstonejs/codec-charls/decodewasmjs') as (m: { wasmBinary: Buffer }) => Promise<JpegLsCodec>;
  const openjph = require('@cornerstonejs/codec-openjph/wasmjs') as (m: { wasmBinary: Buffer }) => Promise<Htj2kCodec>;
  const jpegLs = new JpegLsDecoding(await charls({ wasmBinary: readFileSync(require.resolve('@cornerstonejs/codec-charls/decodewasm')) }));
  const htj2k = new Htj2kDecoding(await openjph({ wasmBinary: readFileSync(require.resolve('@cornerstonejs/codec-openjph/wasm')) }));
  let decoded = 0;
  for (const codec of [jpegLs, htj2k]) {
    const decodeFrame = codec.decodeFrame.bind(codec);
    codec.decodeFrame = (encoded: Uint8Array): CodecFrame => {
      decoded += 1;
      return decodeFrame(encoded);
    };
  }
  return { jpegLs: () => Promise.resolve(jpegLs), htj2k: () => Promise.resolve(htj2k), decoded: () => decoded };
}

const SOURCES = {
  'sample CT slice 24 (unsigned, rescaled)': join(import.meta.dirname, '../../../sample-dicom/output/ct-nc/IM-0024.dcm'),
  "pydicom's CT_small (signed, rescaled)": join(PYDICOM_TEST_FILES, 'CT_small.dcm'),
  "pydicom's MR_small (signed)": join(PYDICOM_TEST_FILES, 'MR_small.dcm'),
};

/** pydicom's CT_small with 1,024 taken off every stored value, so that many are negative (its own are not). */
function negativeCtFile(dir: string): string {
  const bytes = new Uint8Array(readFileSync(SOURCES["pydicom's CT_small (signed, rescaled)"]));
  const pixels = parse(bytes).elements.x7fe00010!;
  const values = new Int16Array(bytes.buffer, bytes.byteOffset + pixels.dataOffset, pixels.length / 2);
  for (let i = 0; i < values.length; i++) values[i] = values[i]! - 1024;
  const path = join(dir, 'negative-ct.dcm');
  writeFileSync(path, bytes);
  return path;
}

/** dcmtk's JPEG-LS encoder, the one the bench's thin-slice copy is written with. */
function dcmcjpls(file: string, args: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'jls-'));
  try {
    const out = join(dir, 'out.dcm');
    const run = spawnSync('dcmcjpls', [...args, file, out], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`dcmcjpls failed (is dcmtk installed?): ${run.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Encoded {
  name: string;
  bytes: Uint8Array;
  /** The native file the copy was made from (lossless copies must give its stored values back). */
  native?: string;
  lossless: boolean;
}

async function encodedFiles(dir: string): Promise<Encoded[]> {
  const files: Encoded[] = [];
  const sources = { ...SOURCES, "pydicom's CT_small - 1024 (negative stored values)": negativeCtFile(dir) };
  for (const [name, path] of Object.entries(sources)) {
    files.push({ name: `${name}, JPEG-LS lossless (dcmcjpls)`, bytes: dcmcjpls(path, ['+el']), native: path, lossless: true });
    // dcmcjpls writes near-lossless for unsigned pixels only.
    if (parse(new Uint8Array(readFileSync(path))).uint16('x00280103') === 0)
      files.push({ name: `${name}, JPEG-LS near-lossless (dcmcjpls)`, bytes: dcmcjpls(path, ['+en', '+md', '2']), lossless: false });
    const native = new Uint8Array(readFileSync(path));
    for (const variant of ['htj2k-lossless', 'htj2k-lossless-rpcl', 'htj2k-private'])
      files.push({ name: `${name}, ${variant}`, bytes: await reencodeFile(native, variant), native: path, lossless: true });
    files.push({ name: `${name}, HTJ2K lossy`, bytes: await reencodeFile(native, 'htj2k'), lossless: false });
  }
  // Written by another producer: pydicom's own test file.
  files.push({
    name: "pydicom's MR_small_jpeg_ls_lossless",
    bytes: readFileSync(join(PYDICOM_TEST_FILES, 'MR_small_jpeg_ls_lossless.dcm')),
    native: SOURCES["pydicom's MR_small (signed)"],
    lossless: true,
  });
  return files;
}

const parse = (bytes: Uint8Array): DataSet => dicomParser.parseDicom(bytes);
const syntaxOf = (dataSet: DataSet): string => (dataSet.string('x00020010') ?? '').replace(/\0/g, '').trim();

interface LoaderDecoded {
  pixelData: ArrayLike<number> & { constructor: { name: string } };
  smallestPixelValue: number;
  largestPixelValue: number;
  preScale?: { scaled?: boolean };
}

/** What the DICOM image loader's own worker code gives for the same frame, as the viewer asks it. */
async function loaderDecode(dataSet: DataSet, canRenderFloat: boolean): Promise<LoaderDecoded> {
  const loader = await loaderDecodeModule();
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const rescaled = slope !== 1 || intercept !== 0;
  const pixels = dataSet.elements.x7fe00010!;
  return (await loader.decodeImageFrame(
    loaderImageFrame(dataSet),
    syntaxOf(dataSet),
    dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixels, 0, pixels.fragments!.length),
    { wasmBasePath: loader.wasmBasePath },
    {
      preScale: rescaled
        ? { enabled: true, scalingParameters: { rescaleSlope: slope, rescaleIntercept: intercept, modality: dataSet.string('x00080060') } }
        : { enabled: false },
      allowFloatRendering: canRenderFloat,
    },
  )) as unknown as LoaderDecoded;
}

/** The native file's stored values with its rescale, computed here: the truth a lossless copy must give. */
function nativeValues(path: string, rescaled = true): number[] {
  const dataSet = parse(new Uint8Array(readFileSync(path)));
  const pixels = dataSet.elements.x7fe00010!;
  const bytes = dataSet.byteArray.slice(pixels.dataOffset, pixels.dataOffset + pixels.length);
  const stored = dataSet.uint16('x00280103') === 1 ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
  const slope = rescaled ? (dataSet.floatString('x00281053') ?? 1) : 1;
  const intercept = rescaled ? (dataSet.floatString('x00281052') ?? 0) : 0;
  return Array.from(stored, (v) => v * slope + intercept);
}

test("JPEG-LS and HTJ2K frames read by the kept decoders give the DICOM image loader's own values", async (t) => {
  const codecs = await nodeCodecs();
  const dir = mkdtempSync(join(tmpdir(), 'compressed-grey-'));
  // Kept to the end: the negative CT's native file is the truth of its lossless copies.
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = await encodedFiles(dir);
  assert.equal(files.length, 22);
  for (const file of files) {
    for (const canRenderFloat of [true, false]) {
      const dataSet = parse(file.bytes);
      const before = codecs.decoded();
      const mine = await decodeCompressedGrey(dataSet, syntaxOf(dataSet), canRenderFloat, codecs);
      // Read by a kept decoder, not handed to the loader.
      assert.equal(codecs.decoded(), before + 1, file.name);
      const theirs = await loaderDecode(parse(file.bytes), canRenderFloat);
      const what = `${file.name}, canRenderFloat ${canRenderFloat}`;
      assert.equal(mine.pixelData.constructor.name, theirs.pixelData.constructor.name, what);
      assert.deepEqual(Array.from(mine.pixelData), Array.from(theirs.pixelData), what);
      assert.equal(mine.smallest, theirs.smallestPixelValue, what);
      assert.equal(mine.largest, theirs.largestPixelValue, what);
      assert.equal(mine.scaled, theirs.preScale?.scaled === true, what);
      if (file.lossless && file.native)
        assert.deepEqual(Array.from(mine.pixelData), nativeValues(file.native, mine.scaled), `${what}: the native file's values`);
    }
  }
});

test('the decoded pixels are copied out: the next frame does not change them', async () => {
  const codecs = await nodeCodecs();
  const ct = dcmcjpls(SOURCES['sample CT slice 24 (unsigned, rescaled)'], ['+el']);
  const mr = dcmcjpls(SOURCES["pydicom's MR_small (signed)"], ['+el']);
  const first = await decodeCompressedGrey(parse(ct), '1.2.840.10008.1.2.4.80', true, codecs);
  const kept = Array.from(first.pixelData);
  await decodeCompressedGrey(parse(mr), '1.2.840.10008.1.2.4.80', true, codecs);
  assert.deepEqual(Array.from(first.pixelData), kept);
});

test('a JPEG-LS codestream cut short throws, and the next frame is read right', async () => {
  const codecs = await nodeCodecs();
  const dataSet = parse(dcmcjpls(SOURCES['sample CT slice 24 (unsigned, rescaled)'], ['+el']));
  const pixels = dataSet.elements.x7fe00010!;
  const whole = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixels, 0, pixels.fragments!.length);
  const decoding = await codecs.jpegLs();
  assert.throws(() => decoding.decodeFrame(whole.subarray(0, 40)), /JPEG-LS frame not decoded/);
  const frame = decoding.decodeFrame(whole);
  assert.deepEqual(
    Array.from(new Uint16Array(frame.samples.slice().buffer), (v) => v - 1024),
    nativeValues(SOURCES['sample CT slice 24 (unsigned, rescaled)']),
  );
});

test('a codestream that disagrees with its dataset is left to the loader', () => {
  const layout = { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0 };
  const frame: CodecFrame = { samples: new Uint8Array(8), columns: 2, rows: 2, bitsPerSample: 12, componentCount: 1 };
  assert.notEqual(greyFromCodecFrame(frame, layout, undefined, true), null);
  assert.equal(greyFromCodecFrame({ ...frame, columns: 4, samples: new Uint8Array(16) }, layout, undefined, true), null);
  assert.equal(greyFromCodecFrame({ ...frame, bitsPerSample: 8, samples: new Uint8Array(4) }, layout, undefined, true), null);
  assert.equal(greyFromCodecFrame({ ...frame, componentCount: 3, samples: new Uint8Array(24) }, layout, undefined, true), null);
  assert.equal(greyFromCodecFrame({ ...frame, samples: new Uint8Array(6) }, layout, undefined, true), null);
  assert.equal(greyFromCodecFrame(frame, { ...layout, bitsAllocated: 8, pixelRepresentation: 1 }, undefined, true), null);
});
