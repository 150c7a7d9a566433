import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInstance } from './readInstance';
import { decodedFrameProblem } from './pixelAttributes';
import { damage } from './fuzz/mutations';
import { PYDICOM_TEST_FILES } from './fuzz/fuzzSources';
import { sampleFile } from '../../e2e/fixtures/dicomFixtures';

const corpus = existsSync(PYDICOM_TEST_FILES);
const CORPUS_MISSING = `pydicom's test files are not installed (Debian package python3-pydicom, ${PYDICOM_TEST_FILES})`;
// Skipped locally without the corpus; under CI=true the tests run and fail on the first file.
const needsCorpus = { skip: !corpus && process.env.CI !== 'true' ? CORPUS_MISSING : false };

function pydicom(name: string): Uint8Array {
  if (!corpus) assert.fail(`${CORPUS_MISSING}, and CI=true requires them`);
  return new Uint8Array(readFileSync(join(PYDICOM_TEST_FILES, name)));
}

/** The reason one damaged variant of a file is refused with ('' when it is not refused). */
function reasonFor(name: string, bytes: Uint8Array, mutation: string): string {
  const variant = damage({ name, bytes }, 1).find((file) => file.name === `${name}#${mutation}`);
  if (!variant) throw new Error(`no variant ${mutation}`);
  const result = readInstance(variant.bytes);
  return result.kind === 'refused' ? result.reason : '';
}

const ct = (): Uint8Array => sampleFile('ct-nc/IM-0001.dcm');

test('impossible pixel attributes are refused at read, each in words', () => {
  assert.equal(reasonFor('ct', ct(), 'bitsAllocated=7'), 'inconsistent pixel attributes: Bits Allocated 7 (must be 1, 8, 16, 32 or 64)');
  assert.equal(
    reasonFor('ct', ct(), 'bitsStored=17'),
    'inconsistent pixel attributes: Bits Stored 17 (must be from 1 to Bits Allocated, 16)',
  );
  assert.equal(
    reasonFor('ct', ct(), 'highBit=16'),
    'inconsistent pixel attributes: High Bit 16 (must be from Bits Stored - 1, 11, to Bits Allocated - 1, 15)',
  );
  assert.equal(
    reasonFor('ct', ct(), 'pixelRepresentation=2'),
    'inconsistent pixel attributes: Pixel Representation 2 (must be 0, unsigned, or 1, signed)',
  );
  assert.equal(
    reasonFor('ct', ct(), 'samplesPerPixel=3'),
    'inconsistent pixel attributes: Photometric Interpretation MONOCHROME2 needs 1 Samples per Pixel, the file says 3',
  );
  assert.equal(reasonFor('ct', ct(), 'samplesPerPixel=2'), 'inconsistent pixel attributes: Samples per Pixel 2 (must be 1 or 3)');
  assert.equal(reasonFor('ct', ct(), 'bitsAllocated=64'), 'unsupported pixel format: Bits Allocated 64 (double-precision pixels)');
  assert.equal(
    reasonFor('ct', ct(), 'frames=abc'),
    'inconsistent pixel attributes: Number of Frames "abc" (must be a whole number, 1 or more)',
  );
  // 8 bits allocated over 16-bit data: the pixel data is twice what the header sizes, which is allowed.
  assert.equal(
    reasonFor('ct', ct(), 'bitsAllocated=8'),
    'inconsistent pixel attributes: Bits Stored 12 (must be from 1 to Bits Allocated, 8)',
  );
});

test('an absurd size is refused from the header alone, with the limit', () => {
  assert.equal(
    reasonFor('ct', ct(), 'frames=1000,65535x65535'),
    "image too large: 65535 x 65535 pixels x 1000 frames would need 7.8 TiB, 8.0 GiB a frame (the viewer's limits are 4 GiB an image, 512 MiB a frame, 20,000 frames)",
  );
  assert.equal(reasonFor('ct', ct(), 'frames=2'), 'truncated: pixel data is 131072 bytes short');
  assert.equal(
    reasonFor('ct', ct(), 'no-pixel-element'),
    'missing attributes: Pixel Data (an image without its pixels, or a file cut short)',
  );
});

test('transfer syntax against the pixel data, and compressed frames against Rows/Columns', needsCorpus, () => {
  assert.equal(
    reasonFor('jpeg', pydicom('JPEG-lossy.dcm'), 'ts=1.2.840.10008.1.2.1'),
    'inconsistent pixel data: the transfer syntax Explicit VR Little Endian says uncompressed, but the pixel data is encapsulated (compressed)',
  );
  assert.equal(
    reasonFor('jpeg', pydicom('JPEG-lossy.dcm'), 'columns=65535'),
    'inconsistent pixel data: the JPEG frame is 256 x 1024 pixels, but the header says 65535 x 1024',
  );
  assert.equal(
    reasonFor('j2k', pydicom('MR_small_jp2klossless.dcm'), 'rows=1'),
    'inconsistent pixel data: the JPEG 2000 frame is 64 x 64 pixels, but the header says 64 x 1',
  );
  // RLE segment offsets that the decoder would loop over for billions of bytes.
  assert.match(
    reasonFor('jls', pydicom('MR_small_jpeg_ls_lossless.dcm'), 'ts=1.2.840.10008.1.2.5'),
    /^inconsistent pixel data: RLE frame 1 has \d+ segments, but 1 sample of 16 bits need 2$/,
  );
});

test('formats the decoder cannot show are refused; odd but valid ones are read', needsCorpus, () => {
  const read = (name: string): string => {
    const result = readInstance(pydicom(name));
    return result.kind === 'refused' ? result.reason : result.kind;
  };
  assert.equal(
    read('SC_rgb_rle_32bit.dcm'),
    'unsupported pixel format: RLE Lossless with Bits Allocated 32 and 3 samples (1, 8 and 16 bits are decoded, and 32 bits of grey)',
  );
  // Big-endian 1- and 32-bit and 32-bit grey RLE are decoded by the host (nativeFrame.ts).
  assert.equal(read('rtdose_expb.dcm'), 'image');
  // A big-endian 1-bit segmentation passes the pixel checks, then joins its study's documents
  // (nativeFrame.test.ts decodes its frames).
  assert.equal(read('liver_expb_1frame.dcm'), 'document');
  assert.equal(read('rtdose_rle.dcm'), 'image');
  // Two samples a pixel, which the loader passes on unconverted (20,000 values for 100 x 100 RGB).
  assert.equal(
    read('SC_ybr_full_422_uncompressed.dcm'),
    'unsupported pixel format: uncompressed YBR_FULL_422 (its colour is not converted for display)',
  );
  assert.equal(read('SC_rgb_rle_2frame.dcm'), 'image');
});

test('a decoded frame must hold the pixels the header describes', () => {
  const header = { rows: 256, columns: 256, samplesPerPixel: 1 };
  assert.equal(decodedFrameProblem(header, { rows: 256, columns: 256, values: 65536 }), null);
  assert.equal(
    decodedFrameProblem(header, { rows: 128, columns: 256, values: 32768 }),
    'inconsistent pixel data: the decoded frame is 256 x 128 pixels, but the header says 256 x 256',
  );
  assert.equal(
    decodedFrameProblem(header, { rows: 256, columns: 256, values: 1000 }),
    'inconsistent pixel data: the decoded frame holds 1000 values, but 256 x 256 pixels x 1 sample need 65536',
  );
  assert.equal(
    decodedFrameProblem({ ...header, samplesPerPixel: 3 }, { rows: 256, columns: 256, values: 4 * 65536 }),
    null,
    'RGBA output of a colour image',
  );
});
