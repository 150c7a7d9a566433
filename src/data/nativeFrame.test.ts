import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DataSet } from 'dicom-parser';
import { decodeRle, layoutOf, nativeFrame, needsNativeFrame } from './nativeFrame';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as { parseDicom(bytes: Uint8Array): DataSet };
const CORPUS = '/usr/lib/python3/dist-packages/pydicom/data/test_files/';
const missing = !existsSync(`${CORPUS}rtdose_1frame.dcm`);
if (missing && process.env.CI === 'true')
  throw new Error(`pydicom's test files are missing (${CORPUS}): apt-get install -y python3-pydicom`);
const skip = missing ? "pydicom's test files are not installed (apt-get install -y python3-pydicom)" : false;

const parse = (name: string): DataSet => dicomParser.parseDicom(new Uint8Array(readFileSync(CORPUS + name)));
const ts = (dataSet: DataSet): string => dataSet.string('x00020010') ?? '';

/** Little-endian native bytes of frame `index`, as stored in an uncompressed LE file. */
function leFrame(dataSet: DataSet, index: number): Uint8Array {
  const layout = layoutOf(dataSet);
  const size = (layout.rows * layout.columns * layout.samplesPerPixel * layout.bitsAllocated) / 8;
  const start = dataSet.elements.x7fe00010!.dataOffset + index * size;
  return dataSet.byteArray.subarray(start, start + size);
}

describe('frames the image loader cannot decode, made native little endian', () => {
  it('decodes PackBits runs and literals into byte planes, most significant segment first', () => {
    // Two 16-bit pixels 0x0102, 0x0304 as two segments: high bytes [01 03], low bytes [02 04].
    const header = new Uint8Array(64);
    const view = new DataView(header.buffer);
    view.setUint32(0, 2, true);
    view.setUint32(4, 64, true);
    view.setUint32(8, 67, true);
    const frame = new Uint8Array([...header, 1, 0x01, 0x03, 1, 0x02, 0x04]); // two literals of two bytes
    assert.deepEqual([...decodeRle(frame, 2, 2)], [0x02, 0x01, 0x04, 0x03]);
    // Each segment one run: header byte -1 repeats the next byte twice.
    const run = new Uint8Array([
      ...header.slice(0, 4),
      ...new Uint8Array([64, 0, 0, 0, 66, 0, 0, 0]),
      ...header.slice(12),
      0xff,
      0x07,
      0xff,
      0x09,
    ]);
    assert.deepEqual([...decodeRle(run, 2, 2)], [0x09, 0x07, 0x09, 0x07]);
  });

  it('refuses an RLE frame whose segments do not fill the image', () => {
    const header = new Uint8Array(64);
    new DataView(header.buffer).setUint32(0, 1, true);
    new DataView(header.buffer).setUint32(4, 64, true);
    assert.throws(() => decodeRle(new Uint8Array([...header, 0, 5]), 4, 1), /ends before the frame is complete/);
  });

  it("gives pydicom's 32-bit RTDOSE in RLE and in big endian the bytes of its little-endian copy", { skip }, () => {
    const reference = parse('rtdose_1frame.dcm');
    for (const name of ['rtdose_rle_1frame.dcm', 'rtdose_expb_1frame.dcm']) {
      const dataSet = parse(name);
      const layout = layoutOf(dataSet);
      assert.equal(needsNativeFrame(ts(dataSet), layout), true, name);
      assert.deepEqual(nativeFrame(ts(dataSet), dataSet, 0, layout), leFrame(reference, 0), name);
    }
    const frames = parse('rtdose_rle.dcm');
    const multi = parse('rtdose.dcm');
    for (const index of [0, 7, 14])
      assert.deepEqual(nativeFrame(ts(frames), frames, index, layoutOf(frames)), leFrame(multi, index), `frame ${index + 1}`);
  });

  it("unpacks pydicom's big-endian 1-bit segmentation like its little-endian copy", { skip }, () => {
    const big = parse('liver_expb_1frame.dcm');
    const little = parse('liver_1frame.dcm');
    const layout = layoutOf(big);
    const pixels = layout.rows * layout.columns;
    const start = little.elements.x7fe00010!.dataOffset;
    const expected = Uint8Array.from({ length: pixels }, (_, k) => (little.byteArray[start + (k >> 3)]! >> (k & 7)) & 1);
    const decoded = nativeFrame(ts(big), big, 0, layout);
    assert.deepEqual(decoded, expected);
    assert.ok(decoded.some((v) => v === 1) && decoded.some((v) => v === 0), 'the mask has both values');
  });

  it('leaves everything the loader decodes itself alone', () => {
    assert.equal(needsNativeFrame('1.2.840.10008.1.2.2', { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 }), false);
    assert.equal(needsNativeFrame('1.2.840.10008.1.2.5', { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 }), false);
    assert.equal(needsNativeFrame('1.2.840.10008.1.2.1', { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 32 }), false);
  });
});
